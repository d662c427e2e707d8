package compactproofs.checker.bruteforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link BruteForceVerifier#top2} and {@link BruteForceVerifier#except}: the largest entry at an index other than m. */
class Top2Test {
    @Test
    void matchesTheMaximumOverTheOtherIndices() {
        Random rnd = new Random(12);
        for (int trial = 0; trial < 20_000; trial++) {
            int v = 2 + rnd.nextInt(9);
            long[] a = new long[v];
            double[] d = new double[v];
            for (int y = 0; y < v; y++) {
                a[y] = rnd.nextInt(4) == 0 ? Long.MIN_VALUE + rnd.nextInt(3) : rnd.nextInt(7) - 3; // ties and extremes
                d[y] = rnd.nextInt(5) == 0 ? -0.0 : (rnd.nextInt(7) - 3) * 0.5;
            }
            int[] ta = BruteForceVerifier.top2(a, v), td = BruteForceVerifier.top2(d, v);
            assertNotEquals(ta[0], ta[1]);
            assertNotEquals(td[0], td[1]);
            for (int m = 0; m < v; m++) {
                long ma = Long.MIN_VALUE;
                double md = Double.NEGATIVE_INFINITY;
                for (int y = 0; y < v; y++)
                    if (y != m) { ma = Math.max(ma, a[y]); md = Math.max(md, d[y]); }
                int ia = BruteForceVerifier.except(ta, m), id = BruteForceVerifier.except(td, m);
                assertNotEquals(m, ia);
                assertNotEquals(m, id);
                assertEquals(ma, a[ia]);
                assertEquals(md, d[id], 0.0); // -0.0 and 0.0 are the same value
            }
        }
    }
}
