package compactproofs.checker.subcubic;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * Verifier of the 100 {@code subcubic:<variant>} strategies (SPEC §9, with every soundness fix
 * listed there): checks the hints against the model, recomputes every bound from the exact weights
 * ({@link SubcubicAnalysis}) and counts the classes whose bound is negative with {@code m-g+1}
 * non-max token choices. All biases are carried exactly (b_Q by an extra model dimension, b_K in the
 * positional scores, b_V in EVOU, b_O and b_U in EUPU).
 */
public final class SubcubicVerifier {
    private SubcubicVerifier() {}

    public static StrategyResult prove(Weights w, PathMatrices pm, SubcubicHints.Parsed hints) throws CheckFailure {
        Variant variant = hints.variant();
        SubcubicHints h = hints.forModel(w);
        ProofLength len = new ProofLength();
        BigInteger count = new SubcubicAnalysis(w, pm, variant, h, len).evaluate(h.gaps, h.abar).count();
        return new StrategyResult(count, BigInteger.valueOf(len.count()), false,
                BigInteger.valueOf(variant.effectiveDimension(w.vocab, w.dModel)), "subcubic " + variant.name(), false);
    }
}
