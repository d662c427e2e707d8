package compactproofs.checker.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.subcubic.SearchHooks;
import compactproofs.checker.subcubic.SubcubicVerifier;
import compactproofs.checker.subcubic.Variant;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test-scope subcubic hint maker, shared by the subcubic tests and the differential soundness tests:
 * power-iteration directions and a greedy gap table (mirrors the generator's search).
 *
 * <ul>
 *   <li>{@link #make} writes the directions as exact doubles and lets a checker exception through (the
 *       subcubic unit, soundness and golden tests, on ordinary models);
 *   <li>{@link #hints} is robust to extreme weights (the differential tests): every factor is scaled by
 *       a power of two before the double products (directions do not depend on a positive factor), values
 *       are written as exact float32 values like the generator's (within the 512-bit hint limit), a
 *       non-finite or zero direction falls back to a unit vector, and a gap search that fails (checker
 *       exception) falls back to gaps of 1. Every hint stays valid, so any claim it supports must be sound.
 * </ul>
 */
public final class TestHints {
    private TestHints() {}

    public static final String DEFAULT = Variant.PREFIX + "EUPU-mean_query+max_diff--attn-mean_query+diff--attn-err-max_diff";

    /** Hints for {@code var} on an ordinary model: exact double directions, then the greedy gap search. */
    public static JsonObject make(Weights w, Variant var) throws CheckFailure {
        int v = w.vocab, d = w.dModel, h = w.dHead;
        boolean hasBq = false;
        for (double b : w.bQ) hasBq |= b != 0;
        int dq = d + (hasBq ? 1 : 0);
        double[][] eq = new double[v][dq];
        for (int q = 0; q < v; q++) {
            for (int k = 0; k < d; k++) eq[q][k] = w.wE[q][k] + w.wPos[w.nCtx - 1][k];
            if (hasBq) eq[q][d] = 1;
        }
        double[][] wq = new double[dq][];
        for (int k = 0; k < d; k++) wq[k] = w.wQ[k];
        if (hasBq) wq[d] = w.bQ;
        double[][] eqke = mul(mul(mul(eq, wq), tr(w.wK)), tr(w.wE));
        double[][] s1 = topPair(eqke);
        double[] u1 = s1[0], v1 = s1[1];
        double[] u2 = topPair(perp(eq, u1))[0], v2 = topPair(perp(w.wE, v1))[0];
        double[] al = topPair(wq)[0], be = topPair(w.wK)[0];
        double[][] wep = new double[v][d];
        for (int q = 0; q < v; q++) for (int k = 0; k < d; k++) wep[q][k] = w.wE[q][k] + w.wPos[w.nCtx - 1][k];
        double[] uu = topPair(mul(wep, w.wU))[0];
        double mean = 0;
        for (double x : uu) mean += x / v;
        double[] mu = new double[d];
        for (int q = 0; q < v; q++) for (int k = 0; k < d; k++) mu[k] += mean * uu[q] * wep[q][k];
        JsonObject o = new JsonObject();
        o.add("min_gaps", gapsJson(ones(v, w.nCtx)));
        o.add("query_direction", vec(u1));
        o.add("key_direction", vec(v1));
        o.add("second_query_direction", vec(u2));
        o.add("second_key_direction", vec(v2));
        o.add("W_Q_U", vec(al));
        o.add("W_K_U", vec(be));
        o.add("W_EP_direction", vec(mu));
        o.add("min_gaps", gapsJson(searchGaps(w, var, o)));
        return o;
    }

    public static int[][][] searchGaps(Weights w, Variant var, JsonObject hints) throws CheckFailure {
        var h = SubcubicHints.of(w, hints, var);
        SearchHooks an = new SearchHooks(w, PathMatrices.of(w), var, h);
        int v = w.vocab, n = w.nCtx;
        int[][][] g = ones(v, n);
        for (int it = 0; it < 2; it++)
            for (int m = 1; m < v; m++)
                for (int c = 1; c < n; c++) {
                    double ab = an.abar(m, c, g), lam = an.lambda(m, ab);
                    for (int q = 0; q <= m; q++) {
                        int gmax = q == m ? m : m - q;
                        for (int gg = 1; gg <= gmax; gg++)
                            if (an.bound(q, m, c, gg, an.attention(q, m, c, gg), lam, ab) < 0) { g[q][m][c] = gg; break; }
                    }
                }
        return g;
    }

    public static int[][][] ones(int v, int n) {
        int[][][] g = new int[v][v][n];
        for (int[][] a : g) for (int[] b : a) java.util.Arrays.fill(b, 1);
        return g;
    }

    public static JsonArray gapsJson(int[][][] g) {
        JsonArray a = new JsonArray();
        for (int[][] x : g) {
            JsonArray ax = new JsonArray();
            for (int[] y : x) { JsonArray ay = new JsonArray(); for (int z : y) ay.add(z); ax.add(ay); }
            a.add(ax);
        }
        return a;
    }

    public static JsonArray vec(double[] x) {
        JsonArray a = new JsonArray();
        for (double d : x) a.add(new BigDecimal(d).toPlainString());
        return a;
    }

    public static double[] randomVec(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextInt(5) == 0 ? 0 : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        x[r.nextInt(len)] = 1;
        return x;
    }

    public static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int k = 0; k < b.length; k++)
                for (int j = 0; j < b[0].length; j++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    public static double[][] tr(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /** X minus its projection onto u (rows space side): X - u (u^T X)/(u^T u). */
    public static double[][] perp(double[][] x, double[] u) {
        double s = 0;
        for (double y : u) s += y * y;
        double[][] out = new double[x.length][x[0].length];
        for (int j = 0; j < x[0].length; j++) {
            double p = 0;
            for (int i = 0; i < x.length; i++) p += u[i] * x[i][j];
            for (int i = 0; i < x.length; i++) out[i][j] = x[i][j] - u[i] * p / s;
        }
        return out;
    }

    /** Top singular pair {u, v} of M by power iteration (u has length rows, v length cols). */
    public static double[][] topPair(double[][] m) {
        int r = m.length, c = m[0].length;
        double[] v = new double[c];
        for (int j = 0; j < c; j++) v[j] = 1 + 0.1 * j;
        double[] u = new double[r];
        for (int it = 0; it < 200; it++) {
            for (int i = 0; i < r; i++) { u[i] = 0; for (int j = 0; j < c; j++) u[i] += m[i][j] * v[j]; }
            normalize(u);
            for (int j = 0; j < c; j++) { v[j] = 0; for (int i = 0; i < r; i++) v[j] += m[i][j] * u[i]; }
            normalize(v);
        }
        double mean = 0;
        for (double x : u) mean += x;
        if (mean < 0) { for (int i = 0; i < r; i++) u[i] = -u[i]; for (int j = 0; j < c; j++) v[j] = -v[j]; }
        for (int i = 0; i < r; i++) if (u[i] == 0) u[i] = 0; // keep as is
        boolean zero = true;
        for (double x : u) zero &= x == 0;
        if (zero) u[0] = 1;
        zero = true;
        for (double x : v) zero &= x == 0;
        if (zero) v[0] = 1;
        return new double[][] {u, v};
    }

    private static void normalize(double[] x) {
        double s = 0;
        for (double y : x) s += y * y;
        s = Math.sqrt(s);
        if (s > 0) for (int i = 0; i < x.length; i++) x[i] /= s;
    }

    /** The 100 strategy names {@code subcubic:<variant>}. */
    public static List<String> strategies() {
        List<String> out = new ArrayList<>();
        for (Variant v : Variant.all()) out.add(v.strategy());
        return out;
    }

    /**
     * Hints for strategy {@code subcubic:<variant>} on w, robust to extreme weights (scaled products,
     * float32 values, unit-vector and gaps-of-1 fallbacks; see the class comment).
     *
     * @param searchGaps run the greedy gap search (else all gaps are 1)
     */
    public static JsonObject hints(Weights w, String strategy, boolean searchGaps) {
        Variant var = Variant.parse(strategy.substring(Variant.PREFIX.length()));
        if (var == null) throw new IllegalArgumentException("not a subcubic strategy: " + strategy);
        int v = w.vocab, d = w.dModel;
        boolean hasBq = false;
        for (double b : w.bQ) hasBq |= b != 0;
        int dq = d + (hasBq ? 1 : 0);
        double[][] eq = new double[v][dq];
        for (int q = 0; q < v; q++) {
            for (int k = 0; k < d; k++) eq[q][k] = w.wE[q][k] + w.wPos[w.nCtx - 1][k];
            if (hasBq) eq[q][d] = 1;
        }
        double[][] wq = new double[dq][];
        for (int k = 0; k < d; k++) wq[k] = w.wQ[k];
        if (hasBq) wq[d] = w.bQ;
        double[][] eqS = scaled(eq), wqS = scaled(wq), wkS = scaled(w.wK), weS = scaled(w.wE);
        double[][] eqke = scaled(mul(scaled(mul(scaled(mul(eqS, wqS)), tr(wkS))), tr(weS)));
        double[][] s1 = topPair(eqke);
        double[] u1 = s1[0], v1 = s1[1];
        double[] u2 = topPair(scaled(perp(eqS, u1)))[0], v2 = topPair(scaled(perp(weS, v1)))[0];
        double[] al = topPair(wqS)[0], be = topPair(wkS)[0];
        double[][] wep = new double[v][d];
        for (int q = 0; q < v; q++) for (int k = 0; k < d; k++) wep[q][k] = w.wE[q][k] + w.wPos[w.nCtx - 1][k];
        double[] uu = topPair(scaled(mul(scaled(wep), scaled(w.wU))))[0];
        double mean = 0;
        for (double x : uu) mean += x / v;
        double[] mu = new double[d];
        for (int q = 0; q < v; q++) for (int k = 0; k < d; k++) mu[k] += mean * uu[q] * wep[q][k];
        JsonObject o = new JsonObject();
        o.add("min_gaps", gapsJson(ones(v, w.nCtx)));
        o.add("query_direction", direction(u1));
        o.add("key_direction", direction(v1));
        o.add("second_query_direction", direction(u2));
        o.add("second_key_direction", direction(v2));
        o.add("W_Q_U", direction(al));
        o.add("W_K_U", direction(be));
        o.add("W_EP_direction", row(mu));
        if (searchGaps) {
            try {
                o.add("min_gaps", gapsJson(searchGaps(w, var, o)));
            } catch (CheckFailure | RuntimeException e) {
                // the checker itself fails on this model; the verification with gaps of 1 will show it
            }
        }
        return o;
    }

    /** The matrix divided by a power of two near its largest magnitude (zeros stay zeros). */
    public static double[][] scaled(double[][] m) {
        double max = 0;
        for (double[] r : m) for (double x : r) if (Double.isFinite(x)) max = Math.max(max, Math.abs(x));
        double[][] out = new double[m.length][];
        int e = max == 0 ? 0 : Math.getExponent(max);
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) out[i][j] = Math.scalb(m[i][j], -e);
        }
        return out;
    }

    /**
     * A nonzero direction: the vector if finite and nonzero (scaled to max 1), else e_0; written as
     * float32 values, as the generator writes them, so it stays within the checker's hint size limit.
     */
    public static JsonArray direction(double[] x) {
        double max = 0;
        boolean finite = true;
        for (double y : x) { finite &= Double.isFinite(y); if (Double.isFinite(y)) max = Math.max(max, Math.abs(y)); }
        double[] out = new double[x.length];
        if (!finite || max == 0) out[0] = 1;
        else for (int i = 0; i < x.length; i++) out[i] = (float) (x[i] / max);
        return strings(out);
    }

    /** A centring row (any row is sound): the vector as float32 values if they are all finite, else zero. */
    public static JsonArray row(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) x[i];
        for (double y : out) if (!Double.isFinite(y)) return strings(new double[x.length]);
        return strings(out);
    }

    private static JsonArray strings(double[] x) {
        JsonArray a = new JsonArray();
        for (double d : x) a.add(d == 0 ? "0" : new BigDecimal(d).toPlainString()); // exact float32 values
        return a;
    }

    /** Runs the subcubic strategy's proof on w with these hints (a claim of 0; the proof is what is compared). */
    public static StrategyResult prove(Weights w, Variant var, JsonObject hints) throws CheckFailure {
        return SubcubicVerifier.prove(w, PathMatrices.of(w), (SubcubicHints.Parsed) cert(w, var, hints).hints);
    }

    /** A certificate of {@code var} on w with these hints and a claim of 0 (model hash all zeros). */
    public static Certificate cert(Weights w, Variant var, JsonObject hints) throws CheckFailure {
        JsonObject root = new JsonObject();
        root.addProperty("format", Certificate.FORMAT);
        root.addProperty("format_version", Certificate.FORMAT_VERSION);
        JsonObject model = new JsonObject();
        model.addProperty("sha256", "0".repeat(64));
        model.addProperty("vocab", w.vocab); model.addProperty("n_ctx", w.nCtx);
        model.addProperty("d_model", w.dModel); model.addProperty("d_head", w.dHead);
        root.add("model", model);
        root.addProperty("strategy", var.strategy());
        JsonObject claim = new JsonObject();
        claim.addProperty("correct_count", "0");
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        claim.addProperty("total", total.toString());
        claim.addProperty("accuracy", "0/1");
        root.add("claim", claim);
        root.add("hints", hints);
        return Certificate.parse(root.toString().getBytes(StandardCharsets.UTF_8));
    }
}
