package compactproofs.checker.cubic;

import compactproofs.checker.Strategy;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * Verifier of the {@code cubic} strategy (Lemmas A, B and C; see {@link Cubic} and {@link compactproofs.checker.statement.CubicCover}).
 * The strategy takes no hints: the checker recomputes everything from the weights, so a certificate
 * with any hint is malformed.
 */
public final class CubicVerifier implements Strategy {
    /**
     * Proves the cubic count. Not exact (the strategy never proves inputs wrong). Effective dimension
     * {@code 3V^2 + 2nV} (EUPU, EQKE, EVOU, PVOU, EQKP), as in the paper.
     *
     * @throws CheckFailure (malformed) if the certificate has hints
     */
    @Override
    public StrategyResult prove(Weights w, PathMatrices pm, Certificate cert, VerifyOptions opt) throws CheckFailure {
        for (String k : cert.hints.keySet())
            throw CheckFailure.malformed("the cubic strategy takes no hints, but hints has \"" + (k.length() > 40 ? k.substring(0, 40) + "..." : k) + "\"");
        Cubic.Result r = Cubic.run(w, pm);
        long v = w.vocab, n = w.nCtx;
        BigInteger ed = BigInteger.valueOf(3 * v * v + 2 * n * v);
        return new StrategyResult(r.proved(), r.ops(), false, ed, r.casesProved() + " of " + r.cases() + " cases proved");
    }
}
