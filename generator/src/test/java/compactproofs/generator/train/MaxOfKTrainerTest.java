package compactproofs.generator.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.model.Weights;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaxOfKTrainerTest {
    private static TrainConfig tiny(long seed, int steps) {
        return TrainConfig.paper(3, 8, 8, seed).withSchedule(steps, 32);
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        Weights a = MaxOfKTrainer.train(tiny(7, 50)).weights();
        Weights b = MaxOfKTrainer.train(tiny(7, 50)).weights();
        Weights c = MaxOfKTrainer.train(tiny(8, 50)).weights();
        for (int i = 0; i < a.vocab; i++) assertArrayEquals(a.wE[i], b.wE[i]);
        for (int d = 0; d < a.dModel; d++) {
            assertArrayEquals(a.wQ[d], b.wQ[d]); assertArrayEquals(a.wK[d], b.wK[d]);
            assertArrayEquals(a.wV[d], b.wV[d]); assertArrayEquals(a.wU[d], b.wU[d]);
            assertArrayEquals(a.wO[d], b.wO[d]);
        }
        for (int i = 0; i < a.nCtx; i++) assertArrayEquals(a.wPos[i], b.wPos[i]);
        assertFalse(java.util.Arrays.equals(a.wE[0], c.wE[0]), "different seeds should differ");
    }

    @Test
    void weightsAreFloat32WithZeroBiases() {
        Weights w = MaxOfKTrainer.train(tiny(3, 5)).weights();
        assertTrue(java.util.stream.Stream.of(w.bQ, w.bK, w.bV, w.bO, w.bU).flatMapToDouble(java.util.Arrays::stream).allMatch(x -> x == 0));
        for (double[] row : w.wE) for (double x : row) assertEquals(x, (double) (float) x);
        assertEquals(8, w.vocab); assertEquals(3, w.nCtx); assertEquals(8, w.dModel); assertEquals(8, w.dHead);
    }

    @Test
    void shortRunLowersTheLossAndReportsEveryStep() {
        List<Double> losses = new ArrayList<>();
        TrainResult r = MaxOfKTrainer.train(tiny(11, 400), (done, total, loss, acc) -> {
            assertEquals(losses.size() + 1, done);
            assertEquals(400, total);
            assertTrue(acc >= 0 && acc <= 1);
            losses.add(loss);
        });
        assertEquals(400, losses.size());
        double first = losses.get(0), last = r.finalLoss();
        assertEquals(losses.get(399), last);
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
        Evaluation.Result eval = Evaluation.onRandomSequences(r.weights(), 5000, 99);
        assertTrue(eval.accuracy() > 0.6, "accuracy " + eval.accuracy());
    }

    @Test
    void adamWFirstStepIsSignLikeAfterDecay() {
        TrainConfig cfg = tiny(0, 1);
        double[] p = {1.0, -2.0};
        double[] g = {0.5, -0.25};
        AdamW opt = new AdamW(cfg, List.of(p));
        opt.step(List.of(p), List.of(g));
        double decay = 1 - 1e-3 * 0.01;
        assertEquals(1.0 * decay - 1e-3 * 0.5 / (0.5 + 1e-8), p[0], 1e-15);
        assertEquals(-2.0 * decay + 1e-3 * 0.25 / (0.25 + 1e-8), p[1], 1e-15);
    }

    @Test
    void badConfigIsRejectedWithReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.paper(4, 1, 32, 1));
        assertTrue(e.getMessage().contains("vocab"));
    }
}
