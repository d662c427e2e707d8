package compactproofs.checker.testing;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.Weights;

/** {@link Weights#of} for weights a test built itself: a refusal there is a bug in the test, so it is an AssertionError. */
public final class TestWeights {
    private TestWeights() {}

    public static Weights of(double[][] wE, double[][] wPos, double[][] wQ, double[][] wK, double[][] wV, double[][] wO, double[][] wU,
                             double[] bQ, double[] bK, double[] bV, double[] bO, double[] bU) {
        try {
            return Weights.of(wE, wPos, wQ, wK, wV, wO, wU, bQ, bK, bV, bO, bU);
        } catch (CheckFailure e) {
            throw new AssertionError(e);
        }
    }
}
