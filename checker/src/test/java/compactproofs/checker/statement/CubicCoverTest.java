package compactproofs.checker.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Lemma C's counting (CubicCover) and Lemma K's classes (InputClass) against direct enumeration. */
class CubicCoverTest {
    interface Cases { boolean proved(int q, int m, int c, int k); }

    /** The cover with exactly the given cases proved (k = m for the single input of a c = 0 class). */
    static CubicCover cover(int v, int n, Cases cases) {
        CubicCover cover = new CubicCover(v, n);
        for (InputClass cls : InputClass.classes(v, n))
            for (int k = cls.c() == 0 ? cls.m() : 0; k < (cls.c() == 0 ? cls.m() + 1 : cls.m()); k++)
                if (cases.proved(cls.q(), cls.m(), cls.c(), k)) cover.add(cls, k);
        return cover;
    }

    @Test
    void everyCaseProvedCoversExactlyVToTheN() {
        int[][] vn = {{5, 3}, {64, 4}, {64, 5}, {7, 10}, {1, 1}, {1, 5}, {3, 1}, {2, 20}};
        for (int[] p : vn) {
            CubicCover all = cover(p[0], p[1], (q, m, c, k) -> true);
            assertEquals(BigInteger.valueOf(p[0]).pow(p[1]), all.count(0, 1), "V=" + p[0] + " n=" + p[1]);
            for (InputClass cls : InputClass.classes(p[0], p[1])) assertFalse(all.hasRest(cls));
        }
    }

    @Test
    void noCaseProvedCountsNothing() {
        CubicCover none = cover(6, 4, (q, m, c, k) -> false);
        assertEquals(BigInteger.ZERO, none.count(0, 1));
        for (InputClass cls : InputClass.classes(6, 4)) assertTrue(none.hasRest(cls));
    }

    /** With a random set of proved cases, the count (whole space and per shard) is the number of inputs covered by definition. */
    @Test
    void countMatchesDirectEnumerationOfCoveredInputs() {
        long seed = 77L;
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 20; trial++) {
            int v = 1 + r.nextInt(5), n = 1 + r.nextInt(4), shards = 1 + r.nextInt(3);
            boolean[][][][] proved = new boolean[v][v][n][v];
            for (boolean[][][] a : proved) for (boolean[][] b : a) for (boolean[] c : b) for (int i = 0; i < v; i++) c[i] = r.nextBoolean();
            CubicCover cover = cover(v, n, (q, m, c, k) -> proved[q][m][c][k]);
            long[] expected = new long[shards];
            long total = BigInteger.valueOf(v).pow(n).longValueExact();
            int[] t = new int[n];
            for (long idx = 0; idx < total; idx++) {
                long x = idx;
                for (int i = 0; i < n; i++) { t[i] = (int) (x % v); x /= v; }
                int q = t[n - 1], m = 0, c = 0;
                for (int a : t) m = Math.max(m, a);
                for (int i = 0; i < n - 1; i++) if (t[i] != m) c++;
                InputClass cls = new InputClass(q, m, c);
                assertTrue(InputClass.isClass(v, n, cls), "every input lies in a class (Lemma K)");
                boolean covered = c == 0 ? proved[q][m][0][m] : true;
                for (int i = 0; i < n - 1; i++) if (t[i] != m && !proved[q][m][c][t[i]]) covered = false;
                if (covered) expected[(int) (((long) m * v + q) % shards)]++;
            }
            String ctx = "seed " + seed + " trial " + trial + " V=" + v + " n=" + n;
            long sum = 0;
            for (int s = 0; s < shards; s++) {
                assertEquals(BigInteger.valueOf(expected[s]), cover.count(s, shards), ctx + " shard " + s + "/" + shards);
                sum += expected[s];
            }
            assertEquals(BigInteger.valueOf(sum), cover.count(0, 1), ctx);
        }
    }

    @Test
    void classesAreExactlyTheValidTriples() {
        for (int v = 1; v <= 5; v++)
            for (int n = 1; n <= 4; n++) {
                long count = 0;
                for (int q = -1; q <= v; q++)
                    for (int m = -1; m <= v; m++)
                        for (int c = -1; c <= n; c++) if (InputClass.isClass(v, n, new InputClass(q, m, c))) count++;
                assertEquals(count, InputClass.classes(v, n).size(), "V=" + v + " n=" + n);
            }
        assertEquals(BigInteger.valueOf(10), InputClass.binomial(5, 2));
        assertEquals(10, InputClass.subsets(5, 2).size());
    }

    /**
     * Property (QuickTheories, fixed seed): for any small V, n, shard count and random set of proved
     * cases, the cover's count (per shard and in total) is the number of inputs covered by definition.
     */
    @Test
    void countMatchesDirectEnumerationForAnyShape() {
        qt().withFixedSeed(20261203L).withExamples(200)
                .forAll(integers().between(1, 5), integers().between(1, 4), integers().between(1, 4), longs().all())
                .checkAssert((v, n, shards, seed) -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    boolean[][][][] proved = new boolean[v][v][n][v];
                    for (boolean[][][] a : proved) for (boolean[][] b : a) for (boolean[] c : b) for (int i = 0; i < v; i++) c[i] = r.nextInt(4) != 0;
                    CubicCover cover = cover(v, n, (q, m, c, k) -> proved[q][m][c][k]);
                    long[] expected = new long[shards];
                    int[] t = new int[n];
                    for (long idx = 0, total = BigInteger.valueOf(v).pow(n).longValueExact(); idx < total; idx++) {
                        long x = idx;
                        for (int i = 0; i < n; i++) { t[i] = (int) (x % v); x /= v; }
                        int q = t[n - 1], m = 0, c = 0;
                        for (int a : t) m = Math.max(m, a);
                        for (int i = 0; i < n - 1; i++) if (t[i] != m) c++;
                        boolean covered = c == 0 ? proved[q][m][0][m] : true;
                        for (int i = 0; i < n - 1; i++) if (t[i] != m && !proved[q][m][c][t[i]]) covered = false;
                        if (covered) expected[(int) (((long) m * v + q) % shards)]++;
                    }
                    long sum = 0;
                    for (int sh = 0; sh < shards; sh++) {
                        assertEquals(BigInteger.valueOf(expected[sh]), cover.count(sh, shards), "V=" + v + " n=" + n + " shard " + sh + "/" + shards + " seed " + seed);
                        sum += expected[sh];
                    }
                    assertEquals(BigInteger.valueOf(sum), cover.count(0, 1), "V=" + v + " n=" + n + " seed " + seed);
                });
    }

    /** Property (QuickTheories): {@code binomial(a, b)} counts {@code subsets(a, b)}, and follows Pascal's rule. */
    @Test
    void binomialCountsTheSubsets() {
        qt().withFixedSeed(20261203L).withExamples(300).forAll(integers().between(0, 14), integers().between(0, 14)).assuming((a, b) -> b <= a)
                .checkAssert((a, b) -> {
                    java.util.List<int[]> subsets = InputClass.subsets(a, b);
                    assertEquals(BigInteger.valueOf(subsets.size()), InputClass.binomial(a, b), "C(" + a + ", " + b + ")");
                    for (int[] x : subsets)
                        for (int i = 0; i < b; i++) assertTrue(x[i] >= 0 && x[i] < a && (i == 0 || x[i - 1] < x[i]), "an ascending subset of 0.." + (a - 1));
                    if (a > 0 && b > 0 && b < a)
                        assertEquals(InputClass.binomial(a - 1, b - 1).add(InputClass.binomial(a - 1, b)), InputClass.binomial(a, b),
                                "Pascal at " + a + ", " + b);
                });
    }
}
