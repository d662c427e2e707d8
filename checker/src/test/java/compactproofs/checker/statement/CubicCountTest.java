package compactproofs.checker.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Lemma C's counting: coverage identity and call-order contract. */
class CubicCountTest {

    @Test
    void everyCaseProvedCoversExactlyVToTheN() {
        int[][] vn = {{5, 3}, {64, 4}, {64, 5}, {7, 10}, {1, 1}, {1, 5}, {3, 1}, {2, 20}};
        for (int[] p : vn) {
            BigInteger got = CubicCount.count(p[0], p[1], (m, q, k, c) -> true);
            assertEquals(BigInteger.valueOf(p[0]).pow(p[1]), got, "V=" + p[0] + " n=" + p[1]);
        }
    }

    @Test
    void noCaseProvedCountsNothing() {
        assertEquals(BigInteger.ZERO, CubicCount.count(6, 4, (m, q, k, c) -> false));
    }

    /** Brute-force enumeration: with a random set of proved cases, count the inputs they cover by definition. */
    @Test
    void countMatchesDirectEnumerationOfCoveredInputs() {
        long seed = 77L;
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 20; trial++) {
            int v = 1 + r.nextInt(5), n = 1 + r.nextInt(4);
            boolean[][][][] proved = new boolean[v][v][v][n];
            for (boolean[][][] a : proved) for (boolean[][] b : a) for (boolean[] c : b) for (int i = 0; i < n; i++) c[i] = r.nextBoolean();
            BigInteger got = CubicCount.count(v, n, (m, q, k, c) -> proved[m][q][k][c]);
            long expected = 0, total = BigInteger.valueOf(v).pow(n).longValueExact();
            int[] t = new int[n];
            for (long idx = 0; idx < total; idx++) {
                long x = idx;
                for (int i = 0; i < n; i++) { t[i] = (int) (x % v); x /= v; }
                int q = t[n - 1], m = 0;
                for (int a : t) m = Math.max(m, a);
                int c = 0;
                boolean covered = true;
                for (int i = 0; i < n - 1; i++) if (t[i] != m) c++;
                if (c == 0) covered = proved[m][q][m][0];
                else for (int i = 0; i < n - 1; i++) if (t[i] != m && !proved[m][q][t[i]][c]) covered = false;
                if (covered) expected++;
            }
            assertEquals(BigInteger.valueOf(expected), got, "seed " + seed + " trial " + trial + " V=" + v + " n=" + n);
        }
    }

    @Test
    void callsComeInTheDocumentedOrder() {
        int[] last = {-1, -1, -1, -1};
        CubicCount.count(6, 4, (m, q, k, c) -> {
            int cmp = Integer.compare(m, last[0]);
            if (cmp == 0) cmp = Integer.compare(q, last[1]);
            if (cmp == 0) cmp = Integer.compare(c, last[3]);
            if (cmp == 0) cmp = Integer.compare(k, last[2]);
            assertTrue(cmp > 0);
            assertTrue(q <= m && (c == 0) == (k == m));
            last[0] = m; last[1] = q; last[2] = k; last[3] = c;
            return true;
        });
    }
}
