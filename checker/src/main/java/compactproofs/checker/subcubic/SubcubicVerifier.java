package compactproofs.checker.subcubic;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.Strategy;
import compactproofs.checker.VerifyOptions;
import java.math.BigInteger;

/**
 * Verifier of the 100 {@code subcubic:<variant>} strategies (SPEC §9, with every soundness fix
 * listed there): parses and validates the hints, recomputes every bound from the exact weights
 * ({@link SubcubicAnalysis}) and counts the classes whose bound is negative with {@code m-g+1}
 * non-max token choices. All biases are carried exactly (b_Q by an extra model dimension, b_K in the
 * positional scores, b_V in EVOU, b_O and b_U in EUPU).
 */
public final class SubcubicVerifier implements Strategy {
    private final Variant variant;

    public SubcubicVerifier(Variant variant) { this.variant = variant; }

    /**
     * The verifier for a strategy name {@code subcubic:<variant>}.
     *
     * @throws CheckFailure UNSUPPORTED if the variant is not one of the 100
     */
    public static SubcubicVerifier forStrategy(String name) throws CheckFailure {
        Variant v = name.startsWith(Variant.PREFIX) ? Variant.parse(name.substring(Variant.PREFIX.length())) : null;
        if (v == null) throw CheckFailure.unsupported("unknown strategy \"" + (name.length() > 120 ? name.substring(0, 120) + "..." : name) + "\" (not one of the 100 subcubic variants)");
        return new SubcubicVerifier(v);
    }

    @Override
    public StrategyResult prove(Weights w, PathMatrices pm, Certificate cert, VerifyOptions options) throws CheckFailure {
        SubcubicHints h = parseHints(w, cert.hints, variant);
        ProofLength len = new ProofLength();
        BigInteger count = new SubcubicAnalysis(w, pm, variant, h, len).evaluate(h.gaps, h.abar).count();
        return new StrategyResult(count, BigInteger.valueOf(len.count()), false,
                BigInteger.valueOf(variant.effectiveDimension(w.vocab, w.dModel)), "subcubic " + variant.name());
    }

    /**
     * Validates the hints for a variant on a model.
     *
     * @throws CheckFailure UNSUPPORTED for V < 2, MALFORMED for bad hints
     */
    public static SubcubicHints parseHints(Weights w, com.google.gson.JsonObject hints, Variant variant) throws CheckFailure {
        if (w.vocab < 2) throw CheckFailure.unsupported("subcubic strategies need a vocabulary of at least 2 tokens");
        boolean hasBq = false;
        for (double b : w.bQ) hasBq |= b != 0;
        return SubcubicHints.parse(hints, variant, w.vocab, w.nCtx, w.dModel, w.dModel + (hasBq ? 1 : 0));
    }

    public Variant variant() { return variant; }
}
