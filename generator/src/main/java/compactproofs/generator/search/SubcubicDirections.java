package compactproofs.generator.search;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.model.Weights;
import java.math.BigDecimal;

/**
 * The direction hints of a subcubic certificate (strategies.md §4.8), found in double precision by
 * power iteration: (u1, v1) the top singular pair of the token score matrix EQKE, u2 / v2 the top left
 * singular vectors of the query / key embeddings with u1 / v1 peeled off, alpha / beta the top left
 * singular vectors of W_Q' (W_Q with b_Q appended as a row when nonzero) and W_K, and the
 * {@code W_EP_direction} mu = mean(u) u^T W_EP for the top left singular vector u of W_EP W_U (the mean
 * of the rows of W_EP projected on u). Any values are sound; these make the bounds tight. Each double is
 * written as its exact decimal expansion.
 */
public final class SubcubicDirections {
    private SubcubicDirections() {}

    /** The direction hints as JSON (without {@code min_gaps}). */
    public static JsonObject of(Weights w) {
        int v = w.vocab, d = w.dModel;
        boolean hasBq = false;
        for (double b : w.bQ) hasBq |= b != 0;
        int dq = d + (hasBq ? 1 : 0);
        double[][] eq = new double[v][dq], wep = new double[v][d];
        for (int q = 0; q < v; q++) {
            for (int k = 0; k < d; k++) eq[q][k] = wep[q][k] = w.wE[q][k] + w.wPos[w.nCtx - 1][k];
            if (hasBq) eq[q][d] = 1;
        }
        double[][] wq = new double[dq][];
        for (int k = 0; k < d; k++) wq[k] = w.wQ[k];
        if (hasBq) wq[d] = w.bQ;
        double[][] eqke = mul(mul(eq, mul(wq, tr(w.wK))), tr(w.wE));
        double[][] s1 = topPair(eqke);
        double[] u1 = s1[0], v1 = s1[1];
        double[] u2 = topPair(perp(eq, u1))[0], v2 = topPair(perp(w.wE, v1))[0];
        double[] al = topPair(wq)[0], be = topPair(w.wK)[0];
        double[] uu = topPair(mul(wep, w.wU))[0];
        double mean = 0;
        for (double x : uu) mean += x / v;
        double[] mu = new double[d];
        for (int q = 0; q < v; q++) for (int k = 0; k < d; k++) mu[k] += mean * uu[q] * wep[q][k];
        JsonObject o = new JsonObject();
        o.add("query_direction", vec(u1));
        o.add("key_direction", vec(v1));
        o.add("second_query_direction", vec(u2));
        o.add("second_key_direction", vec(v2));
        o.add("W_Q_U", vec(al));
        o.add("W_K_U", vec(be));
        o.add("W_EP_direction", vec(mu));
        return o;
    }

    static JsonArray vec(double[] x) {
        JsonArray a = new JsonArray();
        for (double d : x) a.add(new BigDecimal((float) d).toPlainString()); // float32 values: short exact decimals, small integers in the checker
        return a;
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int k = 0; k < b.length; k++) {
                double x = a[i][k];
                if (x == 0) continue;
                for (int j = 0; j < b[0].length; j++) c[i][j] += x * b[k][j];
            }
        return c;
    }

    static double[][] tr(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /** {@code X - u (u^T X) / (u^T u)}. */
    static double[][] perp(double[][] x, double[] u) {
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

    /** Top singular pair {u, v} of M by power iteration, sign fixed so that sum(u) >= 0; never zero. */
    static double[][] topPair(double[][] m) {
        int r = m.length, c = m[0].length;
        double[] v = new double[c], u = new double[r];
        for (int j = 0; j < c; j++) v[j] = 1 + 0.37 * j / c;
        for (int it = 0; it < 300; it++) {
            for (int i = 0; i < r; i++) { double s = 0; for (int j = 0; j < c; j++) s += m[i][j] * v[j]; u[i] = s; }
            normalize(u);
            for (int j = 0; j < c; j++) { double s = 0; for (int i = 0; i < r; i++) s += m[i][j] * u[i]; v[j] = s; }
            normalize(v);
        }
        double sum = 0;
        for (double x : u) sum += x;
        if (sum < 0) { for (int i = 0; i < r; i++) u[i] = -u[i]; for (int j = 0; j < c; j++) v[j] = -v[j]; }
        if (isZero(u)) u[0] = 1;
        if (isZero(v)) v[0] = 1;
        return new double[][] {u, v};
    }

    private static boolean isZero(double[] x) {
        for (double y : x) if (y != 0) return false;
        return true;
    }

    private static void normalize(double[] x) {
        double s = 0;
        for (double y : x) s += y * y;
        s = Math.sqrt(s);
        if (s > 0) for (int i = 0; i < x.length; i++) x[i] /= s;
    }
}
