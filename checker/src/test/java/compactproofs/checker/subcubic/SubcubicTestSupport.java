package compactproofs.checker.subcubic;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.Weights;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Public test-scope access to subcubic hints for tests outside this package (the differential
 * soundness tests). The hints are made as {@link TestHints} makes them (power-iteration directions,
 * greedy gap search), but robust to extreme weights: every factor is scaled by a power of two
 * before the double products (directions do not depend on a positive factor), values are written
 * as exact float32 values like the generator's (within the 512-bit hint limit), a non-finite or zero direction falls back to a unit vector, and a gap
 * search that fails (checker exception) falls back to gaps of 1. Every hint stays valid, so any
 * claim it supports must be sound.
 */
public final class SubcubicTestSupport {
    private SubcubicTestSupport() {}

    public static final String DEFAULT = Variant.PREFIX + "EUPU-mean_query+max_diff--attn-mean_query+diff--attn-err-max_diff";

    /** The 100 strategy names {@code subcubic:<variant>}. */
    public static List<String> strategies() {
        List<String> out = new ArrayList<>();
        for (Variant v : Variant.all()) out.add(v.strategy());
        return out;
    }

    /**
     * Hints for strategy {@code subcubic:<variant>} on w.
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
        double[][] eqke = scaled(TestHints.mul(scaled(TestHints.mul(scaled(TestHints.mul(eqS, wqS)), TestHints.tr(wkS))), TestHints.tr(weS)));
        double[][] s1 = TestHints.topPair(eqke);
        double[] u1 = s1[0], v1 = s1[1];
        double[] u2 = TestHints.topPair(scaled(TestHints.perp(eqS, u1)))[0], v2 = TestHints.topPair(scaled(TestHints.perp(weS, v1)))[0];
        double[] al = TestHints.topPair(wqS)[0], be = TestHints.topPair(wkS)[0];
        double[][] wep = new double[v][d];
        for (int q = 0; q < v; q++) for (int k = 0; k < d; k++) wep[q][k] = w.wE[q][k] + w.wPos[w.nCtx - 1][k];
        double[] uu = TestHints.topPair(scaled(TestHints.mul(scaled(wep), scaled(w.wU))))[0];
        double mean = 0;
        for (double x : uu) mean += x / v;
        double[] mu = new double[d];
        for (int q = 0; q < v; q++) for (int k = 0; k < d; k++) mu[k] += mean * uu[q] * wep[q][k];
        JsonObject o = new JsonObject();
        o.add("min_gaps", TestHints.gapsJson(TestHints.ones(v, w.nCtx)));
        o.add("query_direction", direction(u1));
        o.add("key_direction", direction(v1));
        o.add("second_query_direction", direction(u2));
        o.add("second_key_direction", direction(v2));
        o.add("W_Q_U", direction(al));
        o.add("W_K_U", direction(be));
        o.add("W_EP_direction", row(mu));
        if (searchGaps) {
            try {
                o.add("min_gaps", TestHints.gapsJson(TestHints.searchGaps(w, var, o)));
            } catch (CheckFailure | RuntimeException e) {
                // the checker itself fails on this model; the verification with gaps of 1 will show it
            }
        }
        return o;
    }

    /** The matrix divided by a power of two near its largest magnitude (zeros stay zeros). */
    static double[][] scaled(double[][] m) {
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
    static JsonArray direction(double[] x) {
        double max = 0;
        boolean finite = true;
        for (double y : x) { finite &= Double.isFinite(y); if (Double.isFinite(y)) max = Math.max(max, Math.abs(y)); }
        double[] out = new double[x.length];
        if (!finite || max == 0) out[0] = 1;
        else for (int i = 0; i < x.length; i++) out[i] = (float) (x[i] / max);
        return strings(out);
    }

    /** A centring row (any row is sound): the vector as float32 values if they are all finite, else zero. */
    static JsonArray row(double[] x) {
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
}
