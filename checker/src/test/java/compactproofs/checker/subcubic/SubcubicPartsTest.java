package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import static org.junit.jupiter.api.Assertions.*;

import static java.math.RoundingMode.CEILING;
import static java.math.RoundingMode.FLOOR;

import compactproofs.checker.arith.Enclosures;
import compactproofs.checker.arith.ExactMatrix;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.RandomModels;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.TestHints;

/** The exact decompositions, the error bounds, the double exp enclosure and the §6.1 regression. */
class SubcubicPartsTest {
    @Test
    void decompositionsAreExactAndErrorBoundsHold() throws Exception {
        long seed = 99;
        SplittableRandom r = new SplittableRandom(seed);
        System.out.println("decompositionsAreExactAndErrorBoundsHold seed " + seed);
        for (int trial = 0; trial < 6; trial++) {
            boolean biases = trial % 2 == 0;
            Weights w = RandomModels.random(r.nextLong(), 5 + r.nextInt(3), 3, 3, 2, 1.0, biases);
            for (Variant.Err err : Variant.Err.values()) {
                Variant var = new Variant(Variant.Eupu.MAX_DIFF, Variant.Attn.DROP_AVERAGE, err);
                com.google.gson.JsonObject hints = TestHints.make(w, var);
                if (trial >= 3) // arbitrary (poor) directions must be exact too
                    for (String k : new String[] {"query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U"})
                        hints.add(k, TestHints.vec(TestHints.randomVec(r, hints.getAsJsonArray(k).size())));
                SubcubicHints h = SubcubicHints.of(w, hints, var);
                PathMatrices pm = PathMatrices.of(w);
                EqkeSplit qk = EqkeSplit.of(w, pm, err, h, new ProofLength());
                // the error the bounds must cover: EQKE - approx, exactly (an exact split has err = the product of its factors)
                ExactMatrix e = pm.eqke().subtract(qk.approx);
                if (err.split == Variant.Split.EXACT)
                    for (int i = 0; i < e.rows; i++)
                        for (int j = 0; j < e.cols; j++) assertEquals(0, e.numerator(i, j).signum(), err + " not exact at " + i + "," + j);
                ExactMatrix rr = e.rangePerRow();
                for (int i = 0; i < rr.rows; i++) assertTrue(rr.toDouble(i, 0, FLOOR) <= qk.eps[i], err + " eps too small in row " + i);
            }
        }
    }

    @Test
    void doubleExpEnclosesExp() {
        assertTrue(Enclosures.exp(new BigDecimal(Enclosures.LN2_LO), 30, CEILING).compareTo(BigDecimal.valueOf(2)) < 0);
        assertTrue(Enclosures.exp(new BigDecimal(Enclosures.LN2_HI), 30, FLOOR).compareTo(BigDecimal.valueOf(2)) > 0);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            double x = i < 1000 ? (r.nextDouble() - 0.5) * 60 : (r.nextDouble() - 0.5) * 1450;
            BigDecimal bx = new BigDecimal(x);
            double lo = Enclosures.exp(x, FLOOR), hi = Enclosures.exp(x, CEILING);
            if (x > -700 && x < 700) {
                assertTrue(new BigDecimal(lo).compareTo(Enclosures.exp(bx, 30, CEILING)) <= 0, "lo " + x);
                assertTrue(new BigDecimal(hi).compareTo(Enclosures.exp(bx, 30, FLOOR)) >= 0, "hi " + x);
                assertTrue(hi / lo < 1 + 1e-12, "too wide at " + x);
            } else {
                assertTrue(lo >= 0 && lo <= hi);
            }
        }
    }

    /**
     * strategies.md Appendix A.2: L = (4.5, -0.5), R = (-10, -1), W = 0, Abar = 0.5, A = 0.4. The
     * paper's formula gives -0.4 (accept); the true worst case is +0.5, and so is our bound.
     */
    @Test
    void meanQueryDiffCounterexampleIsRejected() {
        double[] lx = {4.5, -0.5}, rx = {-10, -1};
        double abar = 0.5, a = 0.4, w = 0;
        double lambda = Math.max(lx[0] + abar * rx[0], lx[1] + abar * rx[1]);
        double rStar = Math.max(rx[0], rx[1]), rLow = Math.min(rx[0], rx[1]);
        double paper = lambda + (a - abar) * (rStar - w) + (1 - abar) * w;
        assertTrue(paper < 0, "the paper's formula accepts: " + paper);
        double truth = Math.max(lx[0] + a * rx[0], lx[1] + a * rx[1]) + (1 - a) * w;
        double ours = SubcubicAnalysis.wrongLogitBound(0, lambda, new double[] {a, a}, abar, rStar, rLow, w);
        assertTrue(truth > 0);
        assertTrue(ours >= truth, "our bound " + ours + " must cover the true worst case " + truth);
    }
}
