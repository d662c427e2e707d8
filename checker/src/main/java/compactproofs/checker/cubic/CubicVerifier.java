package compactproofs.checker.cubic;

import compactproofs.checker.StrategyResult;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * Verifier of the {@code cubic} strategy (SPEC §7; Lemmas A, B and C; see {@link Cubic} and
 * {@link compactproofs.checker.statement.CubicCover}). The strategy takes no hints: the checker recomputes
 * everything from the weights.
 */
public final class CubicVerifier {
    private CubicVerifier() {}

    /**
     * Proves the cubic count. Not exact (the strategy never proves inputs wrong). Effective dimension
     * {@code 3V^2 + 2nV} (EUPU, EQKE, EVOU, PVOU, EQKP), as in the paper.
     */
    public static StrategyResult prove(Weights w, PathMatrices pm) {
        Cubic.Result r = Cubic.run(w, pm);
        long v = w.vocab, n = w.nCtx;
        BigInteger ed = BigInteger.valueOf(3 * v * v + 2 * n * v);
        return new StrategyResult(r.proved(), r.ops(), false, ed, r.casesProved() + " of " + r.cases() + " cases proved", false);
    }
}
