package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigDecimal;
import java.util.SplittableRandom;

/** Test-scope hint maker: power-iteration directions and a greedy gap table (mirrors the generator's search). */
final class TestHints {
    private TestHints() {}

    static JsonObject make(Weights w, Variant var) throws CheckFailure {
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

    static int[][][] searchGaps(Weights w, Variant var, JsonObject hints) throws CheckFailure {
        SubcubicHints h = SubcubicHints.of(w, hints, var);
        SubcubicAnalysis an = new SubcubicAnalysis(w, PathMatrices.of(w), var, h, new Ops());
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

    static int[][][] ones(int v, int n) {
        int[][][] g = new int[v][v][n];
        for (int[][] a : g) for (int[] b : a) java.util.Arrays.fill(b, 1);
        return g;
    }

    static JsonArray gapsJson(int[][][] g) {
        JsonArray a = new JsonArray();
        for (int[][] x : g) {
            JsonArray ax = new JsonArray();
            for (int[] y : x) { JsonArray ay = new JsonArray(); for (int z : y) ay.add(z); ax.add(ay); }
            a.add(ax);
        }
        return a;
    }

    static JsonArray vec(double[] x) {
        JsonArray a = new JsonArray();
        for (double d : x) a.add(new BigDecimal(d).toPlainString());
        return a;
    }

    static double[] randomVec(SplittableRandom r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) x[i] = r.nextInt(5) == 0 ? 0 : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
        x[r.nextInt(len)] = 1;
        return x;
    }

    static double[][] mul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++)
            for (int k = 0; k < b.length; k++)
                for (int j = 0; j < b[0].length; j++) c[i][j] += a[i][k] * b[k][j];
        return c;
    }

    static double[][] tr(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    /** X minus its projection onto u (rows space side): X - u (u^T X)/(u^T u). */
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

    /** Top singular pair {u, v} of M by power iteration (u has length rows, v length cols). */
    static double[][] topPair(double[][] m) {
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
}
