package compactproofs.checker.bruteforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.RandomModels;
import org.junit.jupiter.api.Test;

/**
 * The guards added for extreme weights (issue 10): the fixed-point conversion's range check and
 * widening (Lemma BF), the score exponentials' shift and underflow (Lemma S), wild rows, and the
 * grouped, escalating decider (Lemmas D1, D2).
 */
class HighPrecisionTiersTest {
    /** V = 2, n = 2, d = 1, zero positions: W_E = [[0],[2048]], W_Q = [[1024]], W_K = W_V = [[1]], W_O = [[wo]], W_U = [[u0, u1]]. */
    static Weights spread(double wo, double u0, double u1) throws Exception {
        return Weights.of(new double[][] {{0}, {2048}}, new double[2][1], new double[][] {{1024}}, new double[][] {{1}},
                new double[][] {{1}}, new double[][] {{wo}}, new double[][] {{u0, u1}}, null, null, null, null, null);
    }

    @Test
    void fixedPointConversionIsCheckedAndWidenedForNegativeScales() throws Exception {
        assertEquals(3, BruteForceVerifier.fixedFloor(1.5, 1, 2.0), "F >= 0: exact floor");
        assertEquals(-4, BruteForceVerifier.fixedFloor(-1.75, 1, 2.0));
        assertEquals(-1, BruteForceVerifier.fixedFloor(-Double.MIN_VALUE, -2, 1.0),
                "scalb rounds -2^-1076 to -0.0; the widening keeps a lower bound");
        assertEquals(-1, BruteForceVerifier.fixedFloor(Double.MIN_VALUE, -2, 1.0), "F < 0: one below the rounded floor");
        assertEquals(1L << 61, BruteForceVerifier.fixedFloor(0x1p61, 0, 0x1p61), "the largest entry in range");
        assertThrows(IllegalStateException.class, () -> BruteForceVerifier.fixedFloor(0x1p62, 0, 0x1p62), "beyond 2^61: never cast");
        assertThrows(IllegalStateException.class, () -> BruteForceVerifier.fixedFloor(3.0, 0, 2.0), "an entry above the grid's bound");
        assertThrows(IllegalStateException.class, () -> BruteForceVerifier.fixedFloor(Double.NaN, 0, 2.0));
    }

    @Test
    void scoreExponentialsAreShiftedToTheRowMaximumAndUnderflowToZero() throws Exception {
        SoftmaxNumerators se = new SoftmaxNumerators(PathMatrices.of(spread(1, 1, 0)));
        // query 1: EQKE[1] = (0, 2^32); the shift is 2^32, so token 1 gets [1, 1] (up to an ulp), token 0 gets [0, 2^-1074]
        assertEquals(0.0, se.tokLo[1][0]);
        assertEquals(Double.MIN_VALUE, se.tokHi[1][0]);
        assertTrue(se.tokLo[1][1] <= 1 && se.tokLo[1][1] > 0.99 && se.tokHi[1][1] >= 1 && se.tokHi[1][1] < 1.01);
        for (double[] row : se.tokHi) for (double x : row) assertTrue(x <= Math.nextUp(1.0), "every argument <= 0");
        for (double[] row : se.posHi) for (double x : row) assertTrue(x <= Math.nextUp(1.0), "every argument <= 0");
    }

    @Test
    void theDeciderGroupsEqualScoresAndDecidesOnAWeightOfEToTheMinusTwoToThe32() throws Exception {
        // logit diff of input (0, 1) = a_0 * 4096 > 0 with a_0 ~ e^(-2^32); (0,0) and (1,1) are exact ties, (1,0) is wrong
        PathMatrices pm = PathMatrices.of(spread(-1, -1, 1));
        InputDecider d = new InputDecider(pm, 60);
        assertEquals(InputDecider.Outcome.CORRECT, d.decide(new int[] {0, 1}));
        assertEquals(InputDecider.Outcome.WRONG, d.decide(new int[] {1, 1}));
        assertEquals(InputDecider.Outcome.WRONG, d.decide(new int[] {0, 0}));
        assertEquals(InputDecider.Outcome.WRONG, d.decide(new int[] {1, 0}));
        Tally r = new BruteForceVerifier(pm).run(1, null, null);
        assertEquals(1, r.proved());
        assertEquals(0, r.unresolved());
    }

    @Test
    void pathEntriesBeyondTheDoubleRangeAreScaledSoNoRowIsWild() throws Exception {
        // F64, uniform attention (W_Q = 0): logit = (E[q] + mean E[t_i]) (-e, e) with E = (e, 2e), e = 1e160, so
        // every path entry is about 1e320 (beyond the double range); logit 1 always wins: 3 of 4 correct
        double e = 1e160;
        Weights w = Weights.of(new double[][] {{e}, {2 * e}}, new double[2][1], new double[][] {{0}}, new double[][] {{1}},
                new double[][] {{1}}, new double[][] {{1}}, new double[][] {{-e, e}}, null, null, null, null, null);
        PathMatrices pm = PathMatrices.of(w);
        assertTrue(pm.eupu.magnitudeBound() > 1024, "the exact entries exceed the double range");
        Tally r = new BruteForceVerifier(pm).run(1, null, null);
        assertEquals(3, r.proved());
        assertEquals(1, r.wrong(), "(0, 0): logit 1 > logit 0 = the label's");
        assertEquals(0, r.unresolved());
        assertEquals(0, r.rechecked(), "scaled by 2^-s, every input is decided by the fixed-point tier");
        // (a non-finite table entry would have failed the fixed-point range check: an internal error, not a count)
    }

    @Test
    void theDeciderEscalatesPrecisionBeforeLeavingAnInputUnresolved() throws Exception {
        // input (0, 1): scores -k and k, group sums D = 3 and -1, so the sign is that of 3 e^{-2k} - 1, which
        // is about 1e-8 for the float k nearest ln(3)/2: one and four digits cannot decide it, sixteen can
        float k = (float) (Math.log(3) / 2);
        Weights w = Weights.of(new double[][] {{-1}, {1}}, new double[2][1], new double[][] {{k}}, new double[][] {{1}},
                new double[][] {{1}}, new double[][] {{-2}}, new double[][] {{0, 1}}, null, null, null, null, null);
        PathMatrices pm = PathMatrices.of(w);
        InputDecider.Outcome truth = new InputDecider(pm, 60).decide(new int[] {0, 1});
        assertNotEquals(InputDecider.Outcome.UNRESOLVED, truth);
        // 3 e^{-2k} > 1 iff k < ln(3)/2
        assertEquals((double) k < Math.log(3) / 2 ? InputDecider.Outcome.CORRECT : InputDecider.Outcome.WRONG, truth);
        assertEquals(truth, new InputDecider(pm, 1).decide(new int[] {0, 1}), "levels of 1, 4 and 16 digits");
        // near-tie models: a base precision of one digit still decides every input as 60 digits do
        for (long seed = 1; seed <= 4; seed++) {
            PathMatrices p = PathMatrices.of(RandomModels.nearTie(seed, 5, 3));
            InputDecider coarse = new InputDecider(p, 1), fine = new InputDecider(p, 60);
            for (int i = 0; i < 125; i++) {
                int[] t = {i % 5, (i / 5) % 5, i / 25};
                assertEquals(fine.decide(t), coarse.decide(t), "seed " + seed + " input " + java.util.Arrays.toString(t));
            }
        }
    }
}
