package compactproofs.checker.separable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.Checker;
import compactproofs.checker.ExitCode;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.TestWeights;
import compactproofs.checker.testing.Certificates;
import compactproofs.checker.testing.ExactOracle;
import compactproofs.checker.testing.ExtremeModels;
import compactproofs.checker.testing.RandomModels;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Adversarial tests of the separable strategy (SPEC §10), written by the soundness audit: every count is
 * compared with the exact oracle's CORRECT (+UNKNOWN) count on models built to break Lemma U or Lemma GC
 * (exact ties, overflowing and subnormal doubles, one-hot attention, counts near 2^62), the grid rounding is
 * checked exactly, and hostile hints must give a clean exit code. Seeded and deterministic.
 */
@org.junit.jupiter.api.Tag("slow")
class SeparableAttackTest {
    static final BigInteger DEFAULT = VerifyOptions.DEFAULT_MAX_INPUTS;

    static Verdict verify(Weights w, BigInteger count, String hints, int threads, BigInteger maxInputs) throws CheckFailure {
        return Certificates.verify(w, "separable", count, hints, threads, maxInputs);
    }

    /** What separable proves with a claim of 0 (which must verify). */
    static Verdict proved(Weights w, String hints) throws CheckFailure {
        Verdict v = verify(w, BigInteger.ZERO, hints, 2, DEFAULT);
        assertEquals(ExitCode.VERIFIED, v.code(), hints + ": " + v.reason());
        assertTrue(!v.exact());
        return v;
    }

    /** Every hint string: the proved count is at most the oracle's upper count, and one more is rejected. */
    static void assertSound(String ctx, Weights w, ExactOracle.Count oc, List<String> hints) throws CheckFailure {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        for (String h : hints) {
            BigInteger p = proved(w, h).proved();
            assertTrue(p.compareTo(BigInteger.valueOf(oc.upper())) <= 0, ctx + " hints " + h + ": separable proves " + p + " > " + oc);
            if (p.compareTo(total) < 0)
                assertEquals(ExitCode.REJECTED, verify(w, p.add(BigInteger.ONE), h, 1, DEFAULT).code(), ctx + " " + h);
        }
    }

    /** Every [q, m, x] (all wrong logits tested alone). */
    static String allSplit(int v, int resolution) {
        StringBuilder b = new StringBuilder("{\"resolution\":" + resolution + ",\"split_logits\":[");
        boolean first = true;
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++)
                for (int x = 0; x < v; x++) {
                    if (x == m) continue;
                    b.append(first ? "" : ",").append('[').append(q).append(',').append(m).append(',').append(x).append(']');
                    first = false;
                }
        return b.append("]}").toString();
    }

    static List<String> hintSet(int v) {
        return List.of("{\"resolution\":1}", "{\"resolution\":3}", "{\"resolution\":" + SeparableVerifier.MAX_RESOLUTION + "}",
                allSplit(v, 2), allSplit(v, SeparableVerifier.MAX_RESOLUTION));
    }

    // ---------------------------------------------------------------- Lemma GC: the grid rounding

    /** grid(h, e) = ceil(scalb(h, e)) (with the subnormal step) is at least h 2^e exactly, and FAIL for non-finite h. */
    @Test
    void gridRoundsUpExactlyIncludingSubnormals() throws Exception {
        Method grid = SeparableVerifier.class.getDeclaredMethod("grid", double.class, int.class);
        grid.setAccessible(true);
        SplittableRandom r = new SplittableRandom(20261203);
        long fail = Long.MIN_VALUE;
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
            assertEquals(fail, (long) grid.invoke(null, bad, 0), "non-finite h must fail");
        List<double[]> cases = new ArrayList<>();
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            -Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE, -Double.MAX_VALUE, 1, -1, 0.5, -0.5, 3 * Double.MIN_VALUE, -3 * Double.MIN_VALUE};
        for (double h : special)
            for (int e = -2200; e <= 2200; e += 7) cases.add(new double[] {h, e});
        for (int k = 0; k < 100_000; k++) {
            double h = switch (k % 4) {
                case 0 -> Double.longBitsToDouble(r.nextLong()); // any double, subnormals included
                case 1 -> (r.nextDouble() - 0.5) * Math.scalb(1.0, r.nextInt(-1074, 1024));
                case 2 -> (r.nextLong(-1000, 1000)) * Math.scalb(1.0, -r.nextInt(0, 1100)); // subnormal and near-integer grids
                default -> Double.longBitsToDouble(r.nextLong(0, 1L << 53)) * (r.nextBoolean() ? 1 : -1); // subnormals
            };
            if (!Double.isFinite(h)) continue;
            // an e as the verifier would pick (|h 2^e| <= 2^18) or one pushing h 2^e into the subnormal range
            int e = r.nextBoolean() ? 17 - Math.getExponent(h) - r.nextInt(0, 1200) : -1074 - Math.getExponent(h) + r.nextInt(-60, 60);
            cases.add(new double[] {h, e});
        }
        for (double[] c : cases) {
            double h = c[0];
            int e = (int) c[1];
            if (h != 0 && Math.getExponent(h) + e > 30) continue; // not a grid value the verifier can produce (|H| <= 2^18)
            long g = (long) grid.invoke(null, h, e);
            // exactly: h 2^e = M 2^k with M the integer mantissa; compare M 2^k with g (and g - 2) in integers
            int ex = Math.max(Math.getExponent(h), Double.MIN_EXPONENT);
            BigInteger mant = BigInteger.valueOf((long) Math.scalb(h, 52 - ex)); // exact: |h| 2^(52-ex) is an integer below 2^53
            int k = ex - 52 + e;
            BigInteger lhs = k >= 0 ? mant.shiftLeft(k) : mant, gg = k >= 0 ? BigInteger.valueOf(g) : BigInteger.valueOf(g).shiftLeft(-k);
            BigInteger two = k >= 0 ? BigInteger.TWO : BigInteger.TWO.shiftLeft(-k);
            assertTrue(gg.compareTo(lhs) >= 0, "grid(" + h + ", " + e + ") = " + g + " is below h 2^e");
            assertTrue(gg.subtract(lhs).compareTo(two) < 0, "grid(" + h + ", " + e + ") = " + g + " is far above h 2^e");
        }
    }

    // ---------------------------------------------------------------- Lemma U: exact ties are wrong

    /** All-zero weights: every logit is exactly equal, so for V >= 2 every input is a tie (wrong). */
    @Test
    void allZeroWeightsProveNothing() throws Exception {
        for (int v = 1; v <= 4; v++)
            for (int n = 1; n <= 3; n++) {
                Weights w = TestWeights.of(new double[v][2], new double[n][2], new double[2][1], new double[2][1], new double[2][1], new double[1][2],
                        new double[2][v], null, null, null, null, null);
                ExactOracle.Count oc = ExactOracle.exactCount(w);
                assertEquals(v == 1 ? 1 : 0, oc.correct(), "oracle V=" + v + " n=" + n);
                assertSound("zero V=" + v + " n=" + n, w, oc, hintSet(v));
                if (v == 1) assertEquals(BigInteger.ONE, proved(w, "{\"resolution\":1}").proved(), "V=1: the single input is correct (no other logit)");
            }
    }

    /**
     * Two unembedding columns equal (and b_U equal): whenever the max is one of them the logits tie exactly,
     * however the rest of the model looks, with huge and tiny magnitudes, uniform or peaked attention.
     */
    @Test
    void duplicatedUnembeddingColumnsAreTies() throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        double[] scales = {1, 0x1p40, 0x1p-40, 1e150, 1e-150};
        for (int trial = 0; trial < 25; trial++) {
            int v = 2 + r.nextInt(3), n = 1 + r.nextInt(3), d = 1 + r.nextInt(3), h = 1 + r.nextInt(2);
            double s = scales[trial % scales.length];
            double[][][] ms = {new double[v][d], new double[n][d], new double[d][h], new double[d][h], new double[d][h], new double[h][d], new double[d][v]};
            for (double[][] m : ms) for (double[] row : m) for (int j = 0; j < row.length; j++) row[j] = r.nextGaussian() * s;
            double[] bU = new double[v];
            for (int j = 0; j < v; j++) bU[j] = r.nextGaussian() * s;
            int a = v - 1, c = r.nextInt(v - 1); // the top token's column duplicated: every input with max V-1 ties
            for (int k = 0; k < d; k++) ms[6][k][c] = ms[6][k][a];
            bU[c] = bU[a];
            if (trial % 3 == 0) ms[2] = new double[d][h]; // uniform attention
            Weights w = TestWeights.of(ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[6], null, null, null, null, bU);
            ExactOracle.Count oc = ExactOracle.exactCount(w);
            long topClass = BigInteger.valueOf(v).pow(n).subtract(BigInteger.valueOf(v - 1).pow(n)).longValueExact();
            assertTrue(oc.wrong() >= topClass, "oracle must see the ties");
            assertSound("trial " + trial + " V=" + v + " n=" + n + " scale " + s, w, oc, hintSet(v));
        }
    }

    // ---------------------------------------------------------------- adversarial magnitudes

    /** The extreme-magnitude models of the differential tests, with the extreme hints (resolution 1, 2, 2^18, every logit alone). */
    @Test
    void extremeModelsNeverOvercount() throws Exception {
        for (long seed = 9000; seed < 9060; seed++) {
            ExtremeModels.Model m = ExtremeModels.extreme(seed);
            Weights w = m.w();
            assertSound(m.description(), w, ExactOracle.exactCount(w), List.of("{\"resolution\":2}",
                    "{\"resolution\":" + SeparableVerifier.MAX_RESOLUTION + "}", allSplit(w.vocab, 7), allSplit(w.vocab, SeparableVerifier.MAX_RESOLUTION)));
        }
    }

    /**
     * A max-like rank-2 model scaled so that the value-path products sit at the edge of the double range: some
     * bound entries overflow to +infinity (their tokens fail), the finite ones are near MAX_VALUE so that the
     * grid scale S = sum_i max_t |h(i,t)| itself overflows (getExponent(S) = 1024), or the products are subnormal.
     */
    @Test
    void doubleRangeEdges() throws Exception {
        int[] shifts = {-1100, -1070, -560, 0, 1018, 1021, 1023};
        for (int shift : shifts)
            for (int n = 1; n <= 3; n++) {
                int v = 4;
                double half = Math.scalb(1.0, shift / 2), rest = Math.scalb(1.0, shift - shift / 2);
                double[][] wE = new double[v][2], wPos = new double[n][2], wU = new double[2][v];
                for (int t = 0; t < v; t++) { wE[t][0] = t * half; wE[t][1] = half; }
                for (int x = 0; x < v; x++) { wU[0][x] = 2 * x * rest / 4; wU[1][x] = -x * x * rest / 4; }
                double[][] wQ = {{0, 0}, {1, 0}}, wK = {{1, 0}, {0, 0}}; // score = t half^2 (attends to large tokens)
                double[][] wV = {{1, 0}, {0, 1}}, wO = {{1, 0}, {0, 1}};
                wQ[1][0] = shift > 0 ? 0 : 1; // uniform attention for the huge models
                Weights w = TestWeights.of(wE, wPos, wQ, wK, wV, wO, wU, null, null, null, null, null);
                ExactOracle.Count oc = ExactOracle.exactCount(w);
                assertSound("shift " + shift + " n=" + n, w, oc, List.of("{\"resolution\":3}", "{\"resolution\":" + SeparableVerifier.MAX_RESOLUTION + "}",
                        allSplit(v, 4096)));
            }
    }

    /** F64 weights of 1e300 and 1e-300, negative zeros and subnormals mixed into a random model. */
    @Test
    void f64ExtremesSubnormalsAndNegativeZeros() throws Exception {
        SplittableRandom r = new SplittableRandom(99);
        double[] pool = {1e300, -1e300, 1e-300, -1e-300, Double.MIN_VALUE, -Double.MIN_VALUE, -0.0, 0.0, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.MIN_NORMAL, 0x1p40, -0x1p40, 1, -1};
        for (int trial = 0; trial < 15; trial++) {
            int v = 2 + r.nextInt(3), n = 1 + r.nextInt(3), d = 1 + r.nextInt(2), h = 1 + r.nextInt(2);
            double[][][] ms = {new double[v][d], new double[n][d], new double[d][h], new double[d][h], new double[d][h], new double[h][d], new double[d][v]};
            for (double[][] m : ms)
                for (double[] row : m)
                    for (int j = 0; j < row.length; j++) row[j] = r.nextInt(3) == 0 ? pool[r.nextInt(pool.length)] : r.nextGaussian();
            double[] bU = new double[v];
            for (int j = 0; j < v; j++) bU[j] = r.nextInt(2) == 0 ? pool[r.nextInt(pool.length)] : r.nextGaussian();
            Weights w = TestWeights.of(ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[6], null, null, null, null, bU);
            assertSound("f64 trial " + trial, w, ExactOracle.exactCount(w), List.of("{\"resolution\":5}", "{\"resolution\":" + SeparableVerifier.MAX_RESOLUTION + "}",
                    allSplit(v, 100)));
        }
    }

    /** Scores of 2^80 and more: one-hot attention, numerators underflowing to [0, 2^-1074], and large-scale random models. */
    @Test
    void hugeScoreSpreads() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            int v = 2 + r.nextInt(4), n = 2 + r.nextInt(2);
            Weights base = RandomModels.random(r.nextLong(), v, n, 3, 2, 1.0, trial % 2 == 0);
            double k = trial % 2 == 0 ? 0x1p40 : 1e100;
            double[][] wQ = scale(base.wQ, k), wK = scale(base.wK, k);
            Weights w = TestWeights.of(base.wE, base.wPos, wQ, wK, base.wV, base.wO, base.wU, base.bQ, base.bK, base.bV, base.bO, base.bU);
            assertSound("spread trial " + trial, w, ExactOracle.exactCount(w), List.of("{\"resolution\":256}", allSplit(v, SeparableVerifier.MAX_RESOLUTION)));
        }
    }

    static double[][] scale(double[][] a, double k) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) { out[i] = a[i].clone(); for (int j = 0; j < out[i].length; j++) out[i][j] *= k; }
        return out;
    }

    /**
     * The grid scale S = sum_i max_t |h(i,t)| overflows to +infinity while every h is finite (each near 2^1023), so
     * getExponent(S) = 1024 and e = log2(R) - 1025: the grid values stay below R/2 in magnitude but the partial sums
     * then span up to about (n-1) R values, not the 2R + n of SPEC §10 (the reservation still bounds the work). The
     * count must stay exact: logit[1] = 2^shift (s_q + mean_i s_{t_i}) with s = +1 for token 0 and -1 for token 1
     * (uniform attention), so exactly the inputs with query 0 and some 1 elsewhere are correct: 2^(n-1) - 1.
     */
    @Test
    void gridScaleOverflowingToInfinityStaysExact() throws Exception {
        for (int n : new int[] {2, 5, 24})
            for (int shift : new int[] {1000, 1021, 1022}) {
                double half = Math.scalb(1.0, shift / 2), rest = Math.scalb(1.0, shift - shift / 2);
                double[][] wE = {{half}, {-half}}, wU = {{0, rest}};
                Weights w = TestWeights.of(wE, new double[n][1], new double[][] {{0}}, new double[][] {{0}}, new double[][] {{1}}, new double[][] {{1}}, wU,
                        null, null, null, null, null);
                BigInteger expected = BigInteger.TWO.pow(n - 1).subtract(BigInteger.ONE);
                if (n <= 5) assertEquals(expected.longValueExact(), ExactOracle.exactCount(w).correct(), "oracle n=" + n);
                for (String h : List.of("{\"resolution\":4096}", allSplit(2, SeparableVerifier.MAX_RESOLUTION)))
                    assertEquals(expected, proved(w, h).proved(), "n=" + n + " shift " + shift + " " + h);
            }
    }

    /** V = 2 with long contexts and random (peaked) attention, against the oracle. */
    @Test
    void longContextsWithTwoTokens() throws Exception {
        SplittableRandom r = new SplittableRandom(21);
        for (int n = 6; n <= 9; n += 3) {
            Weights base = RandomModels.random(r.nextLong(), 2, n, 3, 2, 1.0, true);
            Weights w = TestWeights.of(base.wE, base.wPos, scale(base.wQ, 4), base.wK, base.wV, base.wO, base.wU, base.bQ, base.bK, base.bV, base.bO, base.bU);
            assertSound("V=2 n=" + n, w, ExactOracle.exactCount(w), List.of("{\"resolution\":3}", "{\"resolution\":" + SeparableVerifier.MAX_RESOLUTION + "}"));
        }
    }

    // ---------------------------------------------------------------- the dynamic program is exact

    /**
     * A model on which Lemma U loses nothing: uniform attention (W_Q = 0), integer logits (multiples of 1/n after
     * averaging) and b_U making the low logits 0..V-3 hopeless, so per class at most one test can fail and the
     * union bound is exact. At resolution 2^18 the grid error (far below 1/n) cannot matter, so separable must prove
     * exactly the oracle's count: any off-by-one in the DP (final test, buffer reuse, the m flag) shows up here.
     */
    @Test
    void exactCountOnAModelWithoutSlack() throws Exception {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 12; trial++) {
            int v = 3 + r.nextInt(3), n = 1 + r.nextInt(v == 5 ? 4 : 5), d = v;
            double[][] wE = new double[v][d], wPos = new double[n][d], wU = new double[d][v], eye = new double[d][d];
            for (int t = 0; t < v; t++) wE[t][t] = 1;
            for (int k = 0; k < d; k++) eye[k][k] = 1;
            for (int k = 0; k < d; k++) for (int x = 0; x < v; x++) wU[k][x] = (k == x ? 3 : 0) + r.nextInt(-2, 3);
            for (int i = 0; i < n; i++) for (int k = 0; k < d; k++) wPos[i][k] = r.nextInt(-1, 2);
            double[] bU = new double[v];
            for (int x = 0; x < v - 2; x++) bU[x] = -0x1p20;
            Weights w = TestWeights.of(wE, wPos, new double[d][d], eye, eye, eye, wU, null, null, null, null, bU);
            ExactOracle.Count oc = ExactOracle.exactCount(w);
            assertEquals(0, oc.unknown());
            String ctx = "trial " + trial + " V=" + v + " n=" + n;
            BigInteger p = proved(w, allSplit(v, SeparableVerifier.MAX_RESOLUTION)).proved();
            assertEquals(BigInteger.valueOf(oc.correct()), p, ctx + ": " + oc);
            assertTrue(oc.correct() > 0 && oc.wrong() > 0, ctx + ": a trivial model tests nothing: " + oc);
        }
    }

    /**
     * The dynamic program of Lemma GC against brute-force enumeration, on hand-made bound tables (the private
     * {@code passing} called by reflection): random centred entries over the whole double range, +infinity (failing
     * tokens), every shape of test set. The h and H values are recomputed here as SPEC §10 states them; the number of
     * token assignments (with an m when q < m) with a negative grid sum must equal what the program returns.
     * The tables are built as the verifier builds them ({@code b = ec + pc} rounded up, {@code p1}, the sorted
     * {@code order}), so the early stop of the maxima is exercised; the test recomputes every maximum by a full scan.
     * Every span of partial sums must be at most 2R + 2n (SPEC §10), also when S overflows.
     */
    @Test
    void dynamicProgramMatchesEnumeration() throws Exception {
        SplittableRandom r = new SplittableRandom(1234);
        java.lang.reflect.Constructor<SeparableVerifier> ctor = SeparableVerifier.class.getDeclaredConstructor(
                compactproofs.checker.model.PathMatrices.class, int.class, boolean[][][].class, BigInteger.class, boolean.class);
        ctor.setAccessible(true);
        Class<?> tables = Class.forName("compactproofs.checker.separable.SeparableVerifier$Tables");
        Method passing = SeparableVerifier.class.getDeclaredMethod("passing", int.class, int.class, boolean[].class, tables, long[].class, List.class);
        passing.setAccessible(true);
        Method grid = SeparableVerifier.class.getDeclaredMethod("grid", double.class, int.class);
        grid.setAccessible(true);
        int beyond = 0;
        for (int trial = 0; trial < 300; trial++) {
            int v = 2 + r.nextInt(4), n = 1 + r.nextInt(5), res = new int[] {1, 2, 3, 7, 64, 1000, SeparableVerifier.MAX_RESOLUTION}[r.nextInt(7)];
            Weights w = RandomModels.random(r.nextLong(), v, n, 2, 2, trial % 3 == 0 ? 3.0 : 1.0, r.nextBoolean());
            compactproofs.checker.model.PathMatrices pm = compactproofs.checker.model.PathMatrices.of(w);
            SeparableVerifier sv = ctor.newInstance(pm, res, new boolean[v][][], BigInteger.TEN.pow(30), false);
            compactproofs.checker.model.SoftmaxNumerators se = new compactproofs.checker.model.SoftmaxNumerators(pm);
            int m = r.nextInt(v), q = r.nextInt(m + 1);
            boolean[] set = new boolean[v];
            boolean any = false;
            for (int x = 0; x < v; x++) if (x != m && r.nextBoolean()) { set[x] = true; any = true; }
            if (!any) { if (v == 1) continue; set[m == 0 ? 1 : 0] = true; }
            int mag = new int[] {0, 20, 300, 1000, 1022, 1023}[r.nextInt(6)];
            double[] uc = new double[v];
            double[][] ec = new double[m + 1][v], pc = new double[n][v];
            for (int x = 0; x < v; x++) uc[x] = entry(r, mag);
            for (int t = 0; t <= m; t++) for (int x = 0; x < v; x++) ec[t][x] = entry(r, mag);
            for (int i = 0; i < n; i++) for (int x = 0; x < v; x++) pc[i][x] = entry(r, mag);
            long width = checkAgainstEnumeration(sv, se, passing, grid, q, m, set, uc, ec, pc, v, n, res,
                    "trial " + trial + " V=" + v + " n=" + n + " q=" + q + " m=" + m + " R=" + res + " mag 2^" + mag);
            if (width > 2L * res + n) beyond++;
        }
        // a crafted table: uniform attention, every entry +-0.99 MAX_VALUE, so S overflows and each position spreads over ~R
        {
            int v = 3, n = 5, res = 1024, m = 2, q = 0;
            Weights w = TestWeights.of(new double[][] {{1}, {2}, {3}}, new double[n][1], new double[][] {{0}}, new double[][] {{0}}, new double[][] {{1}},
                    new double[][] {{1}}, new double[][] {{1, 2, 3}}, null, null, null, null, null);
            compactproofs.checker.model.PathMatrices pm = compactproofs.checker.model.PathMatrices.of(w);
            SeparableVerifier sv = ctor.newInstance(pm, res, new boolean[v][][], BigInteger.TEN.pow(30), false);
            compactproofs.checker.model.SoftmaxNumerators se = new compactproofs.checker.model.SoftmaxNumerators(pm);
            double[][] ec = new double[m + 1][v], pc = new double[n][v];
            for (int t = 0; t <= m; t++) for (int x = 0; x < v; x++) ec[t][x] = (t % 2 == 0 ? 0.99 : -0.99) * Double.MAX_VALUE;
            long width = checkAgainstEnumeration(sv, se, passing, grid, q, m, new boolean[] {true, true, false}, new double[v], ec, pc, v, n, res, "crafted");
            assertTrue(width <= 2L * res + 2L * n, "crafted width " + width);
        }
        System.out.println("SeparableAttackTest: " + beyond + " tables (300 random) had partial sums spanning more than 2R + n (at most 2R + 2n)");
    }

    /** Runs {@code passing} and compares it with enumeration; returns the span of the partial sums (the DP's width). */
    static long checkAgainstEnumeration(SeparableVerifier sv, compactproofs.checker.model.SoftmaxNumerators se, Method passing, Method grid,
                                    int q, int m, boolean[] set, double[] uc, double[][] ec, double[][] pc, int v, int n, int res, String ctx) throws Exception {
        java.math.RoundingMode up = java.math.RoundingMode.CEILING;
        double[][][] b = new double[n][m + 1][v];
        double[] p1 = new double[n];
        java.util.Arrays.fill(p1, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) for (int x = 0; x < v; x++) if (x != m) p1[i] = Math.max(p1[i], pc[i][x]);
        for (int i = 0; i < n; i++) for (int t = 0; t <= m; t++) for (int x = 0; x < v; x++) b[i][t][x] = compactproofs.checker.arith.Round.add(ec[t][x], pc[i][x], up);
        int[][] order = new int[m + 1][];
        for (int t = 0; t <= m; t++) {
            final double[] row = ec[t];
            order[t] = java.util.stream.IntStream.range(0, v).filter(x -> x != m).boxed().sorted((x, y) -> Double.compare(row[y], row[x])).mapToInt(Integer::intValue).toArray();
        }
        double[][] ucq = new double[m + 1][];
        ucq[q] = uc;
        java.lang.reflect.Constructor<?> tc = Class.forName("compactproofs.checker.separable.SeparableVerifier$Tables").getDeclaredConstructors()[0];
        tc.setAccessible(true);
        Object tb = tc.newInstance(b, ucq, ec, p1, order);
        long got = (long) passing.invoke(sv, q, m, set, tb, new long[1], null);
        // h and H as SPEC §10 states them
        double[][] h = new double[n][m + 1];
        double s = 0, most = 0;
        for (int i = 0; i < n; i++) {
            double big = 0;
            for (int t = 0; t <= m; t++) {
                if (i == n - 1 && t != q) continue;
                double g = Double.NEGATIVE_INFINITY;
                for (int x = 0; x < v; x++) if (set[x]) g = Math.max(g, compactproofs.checker.arith.Round.add(uc[x], b[i][t][x], java.math.RoundingMode.CEILING));
                double lo = compactproofs.checker.arith.Round.mul(se.tokLo[q][t], se.posLo[q][i], java.math.RoundingMode.FLOOR);
                double hi = compactproofs.checker.arith.Round.mul(se.tokHi[q][t], se.posHi[q][i], java.math.RoundingMode.CEILING);
                h[i][t] = compactproofs.checker.arith.Round.mulInterval(lo, hi, g, java.math.RoundingMode.CEILING);
                if (Double.isFinite(h[i][t])) big = Math.max(big, Math.abs(h[i][t]));
            }
            s = compactproofs.checker.arith.Round.add(s, big, java.math.RoundingMode.CEILING);
            most = Math.max(most, big);
        }
        int e = Double.isInfinite(s) ? 31 - Integer.numberOfLeadingZeros(res) - Math.getExponent(most) - 1 - (32 - Integer.numberOfLeadingZeros(n))
                : 31 - Integer.numberOfLeadingZeros(res) - Math.getExponent(s) - 1;
        long[][] hh = new long[n][m + 1];
        long width = 1;
        for (int i = 0; i < n; i++) {
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            for (int t = 0; t <= m; t++) {
                if (i == n - 1 && t != q) continue;
                hh[i][t] = (long) grid.invoke(null, h[i][t], e);
                if (hh[i][t] != Long.MIN_VALUE) {
                    assertTrue(Math.abs(hh[i][t]) <= res + 1, "|H| <= R + 1");
                    min = Math.min(min, hh[i][t]); max = Math.max(max, hh[i][t]);
                }
            }
            if (i < n - 1 && min <= max) width += max - min;
        }
        // enumeration of the n-1 non-query positions
        long expected = 0, count = 1;
        for (int k = 0; k < n - 1; k++) count *= m + 1;
        for (long code = 0; code < count; code++) {
            long c = code, sum = hh[n - 1][q];
            boolean hasM = q == m, failed = sum == Long.MIN_VALUE;
            for (int i = 0; i < n - 1 && !failed; i++) {
                int t = (int) (c % (m + 1));
                c /= m + 1;
                if (t == m) hasM = true;
                if (hh[i][t] == Long.MIN_VALUE) failed = true; else sum += hh[i][t];
            }
            if (!failed && hasM && sum < 0) expected++;
        }
        assertEquals(expected, got, ctx);
        assertTrue(width <= 2L * res + 2L * n, ctx + ": width " + width + " > 2R + 2n");
        return width;
    }

    /** A random centred bound: magnitudes around 2^mag, some +infinity, some exactly zero. */
    static double entry(SplittableRandom r, int mag) {
        int k = r.nextInt(20);
        if (k == 0) return Double.POSITIVE_INFINITY;
        if (k == 1) return 0;
        if (k == 2) return -Double.MAX_VALUE;
        return (r.nextDouble() * 2 - 1) * Math.scalb(1.0, mag - r.nextInt(3));
    }

    /** Counts near 2^62: V^(n-1) = 2^61 is allowed and counted exactly; 2^62 is a resource limit; 3^39 < 2^62 too. */
    @Test
    void countsNear2To62() throws Exception {
        // logit[y] = b_U[y] + 2^-10 y (q + mean t): the largest logit always wins, so exactly the inputs holding V-1 are correct
        for (int[] vn : new int[][] {{2, 62}, {3, 40}, {2, 63}}) {
            int v = vn[0], n = vn[1];
            double[][] wE = new double[v][1], wU = new double[1][v];
            for (int t = 0; t < v; t++) wE[t][0] = t;
            double[] bU = new double[v];
            for (int x = 0; x < v; x++) { wU[0][x] = 0x1p-10 * x; bU[x] = x; }
            Weights w = TestWeights.of(wE, new double[n][1], new double[][] {{0}}, new double[][] {{1}}, new double[][] {{1}}, new double[][] {{1}}, wU,
                    null, null, null, null, bU);
            if (BigInteger.valueOf(v).pow(n - 1).bitLength() > 62) {
                CheckFailure f = assertThrows(CheckFailure.class, () -> verify(w, BigInteger.ZERO, "{\"resolution\":64}", 2, DEFAULT));
                assertEquals(ExitCode.RESOURCE_LIMIT, f.code(), f.getMessage());
                continue;
            }
            BigInteger expected = BigInteger.valueOf(v).pow(n).subtract(BigInteger.valueOf(v - 1).pow(n));
            assertEquals(expected, proved(w, "{\"resolution\":64}").proved(), "V=" + v + " n=" + n);
            assertEquals(expected, proved(w, allSplit(v, 1024)).proved(), "V=" + v + " n=" + n);
            assertEquals(ExitCode.REJECTED, verify(w, expected.add(BigInteger.ONE), "{\"resolution\":64}", 1, DEFAULT).code());
        }
    }

    /** n = 1 (the query is the only position, size-0 classes q < m) and V = 1 with long contexts. */
    @Test
    void degenerateShapes() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 12; trial++) {
            int v = trial < 6 ? 1 + trial : 1, n = trial < 6 ? 1 : 1 + 3 * (trial - 5);
            Weights w = RandomModels.random(r.nextLong(), v, n, 2, 2, 1.0, true);
            ExactOracle.Count oc = ExactOracle.exactCount(w);
            assertSound("V=" + v + " n=" + n, w, oc, hintSet(v));
            if (v == 1) assertEquals(BigInteger.ONE, proved(w, "{\"resolution\":8}").proved());
        }
    }

    // ---------------------------------------------------------------- concurrency and determinism

    @Test
    void theResultDoesNotDependOnThreads() throws Exception {
        Weights w = RandomModels.random(42, 6, 3, 4, 3, 1.0, true);
        String h = "{\"resolution\":4096,\"split_logits\":[[0,5,4],[3,5,4],[2,4,5],[4,4,3]]}";
        Verdict one = verify(w, BigInteger.ZERO, h, 1, DEFAULT);
        for (int threads : new int[] {2, 3, 8, 64}) {
            Verdict t = verify(w, BigInteger.ZERO, h, threads, DEFAULT);
            assertEquals(one.proved(), t.proved(), threads + " threads");
            assertEquals(one.proofOps(), t.proofOps(), threads + " threads");
        }
        assertSound("threads model", w, ExactOracle.exactCount(w), List.of(h));
    }

    // ---------------------------------------------------------------- hostile hints

    static ExitCode codeOf(Weights w, String hints, BigInteger maxInputs) {
        try {
            return verify(w, BigInteger.ZERO, hints, 2, maxInputs).code();
        } catch (CheckFailure f) {
            assertTrue(f.getMessage() != null && !f.getMessage().isBlank() && !f.getMessage().contains("\n"), "one-line reason: " + f.getMessage());
            return f.code();
        }
    }

    @Test
    void hostileHintsGetTheirExitCode() {
        Weights w = RandomModels.random(5, 3, 2, 2, 2, 1.0, false);
        Object[][] cases = {
            {"{\"resolution\":1}", ExitCode.VERIFIED},
            {"{\"resolution\":262144}", ExitCode.VERIFIED},
            {"{\"resolution\":262145}", ExitCode.RESOURCE_LIMIT},
            {"{\"resolution\":2147483647}", ExitCode.RESOURCE_LIMIT},
            {"{\"resolution\":2147483648}", ExitCode.RESOURCE_LIMIT},
            {"{\"resolution\":9999999999}", ExitCode.RESOURCE_LIMIT},
            {"{\"resolution\":10000000000}", ExitCode.MALFORMED},
            {"{\"resolution\":0}", ExitCode.MALFORMED},
            {"{\"resolution\":-0}", ExitCode.MALFORMED},
            {"{\"resolution\":-8}", ExitCode.MALFORMED},
            {"{\"resolution\":8.0}", ExitCode.MALFORMED},
            {"{\"resolution\":8e0}", ExitCode.MALFORMED},
            {"{\"resolution\":1e3}", ExitCode.MALFORMED},
            {"{\"resolution\":\"8\"}", ExitCode.MALFORMED},
            {"{\"resolution\":true}", ExitCode.MALFORMED},
            {"{\"resolution\":null}", ExitCode.MALFORMED},
            {"{\"resolution\":[8]}", ExitCode.MALFORMED},
            {"{\"resolution\":{}}", ExitCode.MALFORMED},
            {"{\"resolution\":08}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"resolution\":9}", ExitCode.MALFORMED},
            {"{\"split_logits\":[]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[]}", ExitCode.VERIFIED},
            {"{\"resolution\":8,\"split_logits\":null}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":{}}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":\"[[0,1,2]]\"}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[0,1,2]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,2,0]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,\"2\"]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,-2]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,2.0]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,2e0]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,null]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,[2]]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,true]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,3]]}", ExitCode.MALFORMED},         // x = V
            {"{\"resolution\":8,\"split_logits\":[[0,3,1]]}", ExitCode.MALFORMED},         // m = V
            {"{\"resolution\":8,\"split_logits\":[[2,1,0]]}", ExitCode.MALFORMED},         // q > m
            {"{\"resolution\":8,\"split_logits\":[[0,1,1]]}", ExitCode.MALFORMED},         // x = m
            {"{\"resolution\":8,\"split_logits\":[[0,0,1],[0,0,1]]}", ExitCode.MALFORMED}, // repeated
            {"{\"resolution\":8,\"split_logits\":[[0,1,999999999]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[999999999,999999999,0]]}", ExitCode.MALFORMED},
            {"{\"resolution\":8,\"split_logits\":[[0,1,2]],\"gaps\":[]}", ExitCode.MALFORMED},
        };
        for (Object[] c : cases) assertEquals(c[1], codeOf(w, (String) c[0], DEFAULT), (String) c[0]);
    }

    /** Through the command line (in process): hostile separable certificates get their exit code, one line each, no stack trace. */
    @Test
    void commandLineGivesOneLineAndTheExitCode(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Weights w = RandomModels.random(31, 4, 3, 3, 2, 1.0, true);
        java.nio.file.Path model = dir.resolve("m.safetensors"), cert = dir.resolve("c.json");
        String sha = compactproofs.checker.testing.SafetensorsWriter.write(w, false, model);
        Object[][] cases = {
            {"{\"resolution\":64}", "0", 0},
            {"{\"resolution\":64}", "64", 1},
            {"{\"resolution\":0}", "0", 2},
            {"{\"resolution\":262145}", "0", 4},
            {"{\"resolution\":2147483648}", "0", 4},
            {"{\"resolution\":1.5}", "0", 2},
            {"{\"resolution\":8,\"split_logits\":[[0,4,1]]}", "0", 2},
            {"{\"resolution\":8,\"split_logits\":[[0,1,1]]}", "0", 2},
            {"{\"resolution\":8,\"split_logits\":[[0,1,\"x\"]]}", "0", 2},
            {allSplit(4, SeparableVerifier.MAX_RESOLUTION), "0", 0},
        };
        for (Object[] c : cases) {
            String json = Certificates.cert(w, "separable", new BigInteger((String) c[1]), (String) c[0]).replace(Certificates.SHA, sha);
            java.nio.file.Files.writeString(cert, json);
            for (String[] extra : new String[][] {{}, {"--json"}}) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
                List<String> args = new ArrayList<>(List.of("verify", model.toString(), cert.toString(), "--threads", "2"));
                args.addAll(List.of(extra));
                int code = compactproofs.checker.cli.CheckerMain.run(args.toArray(String[]::new), new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                        new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
                String o = out.toString(StandardCharsets.UTF_8), e = err.toString(StandardCharsets.UTF_8);
                String ctx = c[0] + " claim " + c[1] + " " + List.of(extra) + ": " + o + e;
                assertEquals(((Integer) c[2]).intValue(), code, ctx);
                assertEquals(1, o.strip().lines().count(), ctx);
                assertTrue(!(o + e).contains("Exception") && !(o + e).contains("\tat "), ctx);
            }
        }
    }

    /**
     * A token id of 10 digits in split_logits is refused as a resource limit (exit 4), where SPEC §10 says an entry
     * out of range is malformed (exit 2). Recorded as it is; see the audit report (SPEC/code mismatch, minor).
     */
    @Test
    void tenDigitTokenIdsAreAResourceLimitNotMalformed() {
        Weights w = RandomModels.random(5, 3, 2, 2, 2, 1.0, false);
        assertEquals(ExitCode.RESOURCE_LIMIT, codeOf(w, "{\"resolution\":8,\"split_logits\":[[0,1,2147483648]]}", DEFAULT));
        assertEquals(ExitCode.MALFORMED, codeOf(w, "{\"resolution\":8,\"split_logits\":[[0,1,2147483647]]}", DEFAULT));
        assertEquals(ExitCode.MALFORMED, codeOf(w, "{\"resolution\":8,\"split_logits\":[[0,1,99999999999]]}", DEFAULT));
    }

    /** More than 2^20 split entries: a resource limit, before anything is built. */
    @Test
    void tooManySplitEntries() {
        Weights w = RandomModels.random(5, 3, 2, 2, 2, 1.0, false);
        StringBuilder b = new StringBuilder("{\"resolution\":8,\"split_logits\":[");
        for (int k = 0; k <= Hints.BruteForce.MAX_LISTED; k++) b.append(k == 0 ? "" : ",").append("[0,1,2]");
        assertEquals(ExitCode.RESOURCE_LIMIT, codeOf(w, b.append("]}").toString(), DEFAULT));
    }

    /**
     * ROBUSTNESS (not soundness; found by the audit, fixed): {@code SeparableVerifier.run} built {@code split[m][q] = new
     * boolean[V]} for every listed (q, m) pair before it checked the bound-table work limit, which needs only the list's length. A 13 MB
     * certificate listing 2^20 distinct (q, m) pairs for V = 1448 allocates about 1.5 GB and takes about 25 s before
     * the resource-limit refusal that the length alone decides (with one entry the same refusal takes about 3 s; with
     * V = 2048 the pairs alone need 2 GB and the heap can run out, which is still exit 4). Fix: do the table check
     * (which uses only {@code splitLogits().length}) before building {@code split}, and keep the listed triples in a
     * hash set or a sorted {@code long[]} of packed (m, q, x) instead of a dense boolean[V] per pair.
     */
    @Test
    void manyDistinctSplitPairsAreRefusedCheaply() throws Exception {
        int v = 1448;
        Weights w = RandomModels.random(1, v, 2, 1, 1, 1.0, false);
        StringBuilder b = new StringBuilder("{\"resolution\":8,\"split_logits\":[");
        int count = 0;
        outer:
        for (int m = 1; m < v; m++)
            for (int q = 0; q <= m; q++) {
                if (count == Hints.BruteForce.MAX_LISTED) break outer;
                b.append(count == 0 ? "" : ",").append('[').append(q).append(',').append(m).append(",0]");
                count++;
            }
        String h = b.append("]}").toString();
        // the refusal needs only the list's length: it comes before the model is used at all (no path matrices given)
        Hints.Separable parsed = (Hints.Separable) compactproofs.checker.format.Certificate.parse(
                compactproofs.checker.testing.Certificates.cert(w, "separable", BigInteger.ZERO, h).getBytes(java.nio.charset.StandardCharsets.UTF_8)).hints;
        compactproofs.checker.CheckFailure f = assertThrows(compactproofs.checker.CheckFailure.class,
                () -> SeparableVerifier.run(w, null, parsed, 1, compactproofs.checker.VerifyOptions.DEFAULT_MAX_INPUTS));
        assertEquals(ExitCode.RESOURCE_LIMIT, f.code(), f.getMessage());
        assertTrue(f.getMessage().contains("bound tables"), f.getMessage());
    }

    /** Legal but enormous hints finish quickly or stop with a resource limit, for every --max-inputs. */
    @Test
    void enormousLegalHintsAreBounded() {
        Weights w = RandomModels.random(8, 16, 4, 4, 4, 1.0, true);
        String full = allSplit(16, SeparableVerifier.MAX_RESOLUTION);
        for (BigInteger max : new BigInteger[] {BigInteger.ONE, BigInteger.valueOf(1000), BigInteger.valueOf(1_000_000), BigInteger.valueOf(100_000_000)}) {
            long t0 = System.nanoTime();
            ExitCode c = codeOf(w, full, max);
            double s = (System.nanoTime() - t0) / 1e9;
            assertTrue(c == ExitCode.VERIFIED || c == ExitCode.RESOURCE_LIMIT, max + ": " + c);
            assertTrue(s < 60, "--max-inputs " + max + " took " + s + " s (wall clock; a hang detector, not a benchmark)");
            if (max.compareTo(BigInteger.valueOf(1_000_000)) <= 0) assertEquals(ExitCode.RESOURCE_LIMIT, c, "max " + max);
        }
        // --max-inputs far beyond 2^63 (the budget is clamped, never overflows) on a tiny model
        Weights tiny = RandomModels.random(9, 3, 3, 2, 2, 1.0, false);
        assertEquals(ExitCode.VERIFIED, codeOf(tiny, allSplit(3, SeparableVerifier.MAX_RESOLUTION), BigInteger.TEN.pow(40)));
    }

    /** Sanity of the test itself: an input where fail() would be reached is not silently accepted. */
    @Test
    void claimAboveProvedIsRejected() throws Exception {
        Weights w = RandomModels.random(77, 4, 3, 3, 3, 1.0, true);
        Verdict v = proved(w, allSplit(4, 4096));
        Verdict more = verify(w, v.proved().add(BigInteger.ONE), allSplit(4, 4096), 2, DEFAULT);
        if (v.proved().compareTo(BigInteger.valueOf(64)) < 0) assertEquals(ExitCode.REJECTED, more.code());
        else fail("the model is fully proved; pick another seed");
    }
}
