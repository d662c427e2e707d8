package compactproofs.checker;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;

/** Verifies one proof strategy: recomputes everything its soundness argument needs from the weights. */
public interface Strategy {
    /**
     * Proves a lower bound on the number of correct inputs.
     *
     * @throws CheckFailure if a hint is malformed or inconsistent (never to report a low bound)
     */
    StrategyResult prove(Weights weights, PathMatrices paths, Certificate cert, VerifyOptions options) throws CheckFailure;
}
