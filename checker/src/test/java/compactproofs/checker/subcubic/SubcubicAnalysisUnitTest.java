package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import static org.junit.jupiter.api.Assertions.*;

import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.RandomModels;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.TestHints;
import compactproofs.checker.testing.MaxLikeModels;

/**
 * The class bookkeeping of {@link SubcubicAnalysis} against independent enumeration (which classes are
 * nonempty and how many sequences they hold), the centring attention and the per-class bounds against
 * their definitions, and the attention enclosure (Lemma F) on random models whose score rows are not
 * monotone.
 */
class SubcubicAnalysisUnitTest {
    static final Variant DEFAULT = Variant.parse("EUPU-mean_query+max_diff--attn-mean_query+diff--attn-err-max_diff");
    static final Variant DROP = Variant.parse("EUPU-max_diff--attn-drop_average_query_per_output_logit_reasoning--attn-err-exact_EQKE+max_diff_exact");

    static SubcubicAnalysis analysis(Weights w, Variant var) throws Exception {
        return new SubcubicAnalysis(w, PathMatrices.of(w), var, SubcubicHints.of(w, TestHints.make(w, var), var), new ProofLength());
    }

    /** Sequences t (t[n-1] = query) of the class (q, m, c, g), counted by enumeration. */
    static long[][][][] enumerate(int v, int n) {
        long[][][][] size = new long[v][v][n + 1][v + 1];
        int total = 1;
        for (int i = 0; i < n; i++) total *= v;
        int[] t = new int[n];
        for (int j = 0; j < total; j++) {
            for (int i = 0, x = j; i < n; i++, x /= v) t[i] = x % v;
            int q = t[n - 1], m = 0, c = 0, maxNon = -1;
            for (int x : t) m = Math.max(m, x);
            for (int x : t) if (x != m) { c++; maxNon = Math.max(maxNon, x); }
            for (int g = 0; g <= v; g++) if (c == 0 || maxNon <= m - g) size[q][m][c][g]++;
        }
        return size;
    }

    @Test
    void validClassesAndTheirSizesMatchEnumeration() throws Exception {
        for (int[] vn : new int[][] {{5, 3}, {4, 4}, {6, 2}}) {
            int v = vn[0], n = vn[1];
            SubcubicAnalysis an = analysis(RandomModels.random(7 + v, v, n, 3, 2, 1.0, false), DEFAULT);
            long[][][][] size = enumerate(v, n);
            int valid = 0;
            for (int q = 0; q < v; q++)
                for (int m = 0; m < v; m++)
                    for (int c = -1; c <= n; c++)
                        for (int g = 1; g <= v - 1; g++) {
                            long want = c < 0 || c > n ? 0 : size[q][m][c][g];
                            String what = "(q=" + q + ", m=" + m + ", c=" + c + ", g=" + g + ") V=" + v + " n=" + n;
                            assertEquals(want > 0, an.valid(q, m, c, g), what);
                            if (want > 0) {
                                assertEquals(BigInteger.valueOf(want), an.classSize(q, m, c, g), what);
                                valid++;
                            }
                        }
            assertTrue(valid > 0);
        }
    }

    @Test
    void centringAttentionIsTheMeanOfTheValidMidpoints() throws Exception {
        Weights w = RandomModels.random(31, 6, 3, 3, 2, 1.0, true);
        SubcubicAnalysis an = analysis(w, DEFAULT);
        SplittableRandom r = new SplittableRandom(2);
        int v = w.vocab, n = w.nCtx;
        for (int trial = 0; trial < 20; trial++) {
            int[][][] gaps = new int[v][v][n];
            for (int[][] a : gaps) for (int[] b : a) for (int k = 0; k < n; k++) b[k] = 1 + r.nextInt(v - 1);
            for (int m = 1; m < v; m++)
                for (int c = 1; c < n; c++) {
                    double s = 0;
                    int k = 0;
                    for (int q = 0; q <= m; q++)
                        if (an.valid(q, m, c, gaps[q][m][c])) {
                            double[] a = an.attention(q, m, c, gaps[q][m][c]);
                            s += (a[0] + a[1]) / 2;
                            k++;
                        }
                    double want = k == 0 ? 0.0 : Math.max(0.0, Math.min(1.0, s / k));
                    long before = an.len.count();
                    assertEquals(want, an.abar(m, c, gaps), "m=" + m + " c=" + c);
                    assertEquals(26L * k, an.len.count() - before, "24 per attention, 2 per query averaged");
                }
        }
        // no valid query: the centre is 0 (not 0/0)
        int[][][] none = TestHints.ones(v, n);
        for (int q = 0; q <= 2; q++) none[q][2][1] = 3; // q = m = 2 needs g <= 2, q < 2 needs q <= 2 - 3
        assertEquals(0.0, an.abar(2, 1, none));
        // drop-average: always 0
        SubcubicAnalysis drop = analysis(w, DROP);
        assertEquals(0.0, drop.abar(4, 1, TestHints.ones(v, n)));
    }

    /** Every evaluated entry is the bound of its class at the prescribed centring attention, NaN where invalid, and the count is their sum. */
    @Test
    void evaluationIsTheSumOfTheNegativeClassBounds() throws Exception {
        SplittableRandom r = new SplittableRandom(8);
        for (Variant var : new Variant[] {DEFAULT, DROP, Variant.parse("EUPU-svd_query+max_diff--attn-mean_query+diff--attn-err-mean+max_diff_subproduct")}) {
            Weights w = MaxLikeModels.of(41, 6, 3, 4, 0.05, true);
            SubcubicHints h = SubcubicHints.of(w, TestHints.make(w, var), var);
            SubcubicAnalysis an = new SubcubicAnalysis(w, PathMatrices.of(w), var, h, new ProofLength());
            int v = w.vocab, n = w.nCtx;
            double[][] hint = new double[v][n];
            for (double[] row : hint) for (int c = 0; c < n; c++) row[c] = r.nextDouble();
            for (double[][] abarHint : new double[][][] {null, hint}) {
                SubcubicAnalysis.Evaluation ev = an.evaluate(h.gaps, abarHint);
                if (abarHint == null) assertEquals(ev.count(), an.evaluate(h.gaps).count());
                BigInteger count = BigInteger.ZERO;
                int negative = 0;
                for (int m = 0; m < v; m++)
                    for (int c = 0; c < n; c++) {
                        double ab;
                        if (var.attn() == Variant.Attn.DROP_AVERAGE) ab = 0;
                        else if (abarHint != null) ab = abarHint[m][c];
                        else ab = c == 0 ? 0 : an.abar(m, c, h.gaps);
                        boolean anyValid = false;
                        for (int q = 0; q < v; q++) {
                            int g = h.gaps[q][m][c];
                            double b = ev.bounds()[q][m][c];
                            if (!an.valid(q, m, c, g)) { assertTrue(Double.isNaN(b), q + "," + m + "," + c); continue; }
                            anyValid = true;
                            double want = an.bound(q, m, c, g, an.attention(q, m, c, g), an.lambda(m, ab), ab);
                            assertEquals(want, b, var.name() + " (" + q + "," + m + "," + c + ") abar " + ab);
                            if (b < 0) { count = count.add(an.classSize(q, m, c, g)); negative++; }
                        }
                        if (c == 0) assertTrue(anyValid);
                    }
                assertEquals(count, ev.count(), var.name());
                assertTrue(negative > 0, var.name() + " should prove something on a max-like model");
            }
        }
    }

    /**
     * Lemma F on random models (score rows in any order, so the extreme keys are not at the ends): for
     * every valid class, the interval contains the attention on the max of every member sequence.
     */
    @Test
    void attentionEnclosesEveryMemberOnRandomModels() throws Exception {
        int checked = 0;
        for (long seed = 1; seed <= 4; seed++) {
            Weights w = RandomModels.random(seed * 97, 6, 3, 3, 3, 1.5, seed % 2 == 0);
            PathMatrices pm = PathMatrices.of(w);
            int v = w.vocab, n = w.nCtx, total = v * v * v;
            for (Variant.Err err : new Variant.Err[] {Variant.Err.EXACT_EQKE, Variant.Err.MAX_DIFF_EXACT, Variant.Err.MAX_DIFF}) {
                Variant var = new Variant(Variant.Eupu.MAX_DIFF, Variant.Attn.DROP_AVERAGE, err);
                SubcubicAnalysis an = analysis(w, var);
                for (int j = 0; j < total; j++) {
                    int[] t = {j % v, j / v % v, j / v / v};
                    int q = t[n - 1], m = Math.max(t[0], Math.max(t[1], t[2])), c = 0, maxNon = -1;
                    for (int x : t) if (x != m) { c++; maxNon = Math.max(maxNon, x); }
                    double[] sc = new double[n];
                    double mx = Double.NEGATIVE_INFINITY, z = 0, a = 0;
                    for (int i = 0; i < n; i++) {
                        sc[i] = (pm.eqke().exact(q, t[i]).doubleValue() + pm.eqkp.exact(q, i).doubleValue()) / Math.sqrt(w.dHead);
                        mx = Math.max(mx, sc[i]);
                    }
                    for (int i = 0; i < n; i++) { double e = Math.exp(sc[i] - mx); z += e; if (t[i] == m) a += e; }
                    double att = a / z;
                    for (int g = 1; g < v; g++) {
                        if (!an.valid(q, m, c, g) || (c > 0 && maxNon > m - g)) continue;
                        double[] iv = an.attention(q, m, c, g);
                        assertTrue(iv[0] <= att + 1e-12 && att - 1e-12 <= iv[1], var.name() + " " + java.util.Arrays.toString(t) + " g=" + g
                                + ": " + att + " outside [" + iv[0] + ", " + iv[1] + "]");
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 5000, "" + checked);
    }

    @Test
    void onlyMaxClassUsesTheExactDirectBound() throws Exception {
        Weights w = MaxLikeModels.of(3, 5, 3, 4, 0.05, false);
        SubcubicAnalysis an = analysis(w, DEFAULT);
        SubcubicAnalysis.Evaluation ev = an.evaluate(TestHints.ones(5, 3));
        for (int m = 0; m < 5; m++) {
            double b = an.bound(m, m, 0, 1, new double[] {1.0, 1.0}, 123.0, 0.5);
            assertEquals(ev.bounds()[m][m][0], b);
            assertEquals(BigInteger.ONE, an.classSize(m, m, 0, 1));
        }
        long before = an.len.count();
        an.bound(2, 3, 1, 1, new double[] {0.2, 0.4}, 0.0, 0.3);
        assertEquals(14, an.len.count() - before);
    }

    /**
     * A class is counted only when its bound is strictly negative (SPEC §9, "Classes and count"). Every
     * bound is rounded up by a final {@code nextUp}, so a bound can be -0.0 but never +0.0; models whose
     * only nonzero weight is a subnormal output bias {@code b_U = (-k 2^-1074, 0)} make some bounds -0.0,
     * and those classes must not be counted.
     */
    @Test
    void boundsOfMinusZeroAreNotCounted() throws Exception {
        int zeroOnlyMax = 0, zeroClass = 0;
        for (Variant var : new Variant[] {Variant.parse("EUPU-max_diff--attn-mean_query+diff--attn-err-exact_EQKE+max_diff_exact"), DROP})
            for (int k = 1; k <= 40; k++) {
                double[][] z1 = {{0}, {0}}, zp = {{0}, {0}}, zq = {{0}}, zu = {{0, 0}};
                Weights w = Weights.of(z1, zp, zq, zq, zq, zq, zu, null, null, null, null, new double[] {-k * Double.MIN_VALUE, 0});
                SubcubicHints h = SubcubicHints.of(w, TestHints.make(w, var), var);
                SubcubicAnalysis an = new SubcubicAnalysis(w, PathMatrices.of(w), var, h, new ProofLength());
                SubcubicAnalysis.Evaluation ev = an.evaluate(TestHints.ones(2, 2));
                BigInteger count = BigInteger.ZERO;
                for (int m = 0; m < 2; m++)
                    for (int c = 0; c < 2; c++)
                        for (int q = 0; q < 2; q++) {
                            double b = ev.bounds()[q][m][c];
                            if (Double.isNaN(b)) continue;
                            assertNotEquals(0, Double.compare(b, 0.0), "never +0.0");
                            if (Double.compare(b, -0.0) == 0) { if (c == 0) zeroOnlyMax++; else zeroClass++; }
                            if (b < 0) count = count.add(an.classSize(q, m, c, 1));
                        }
                assertEquals(count, ev.count(), var.name() + " k=" + k);
            }
        assertTrue(zeroOnlyMax > 0 && zeroClass > 0, "the models must produce bounds of -0.0: " + zeroOnlyMax + ", " + zeroClass);
    }
}
