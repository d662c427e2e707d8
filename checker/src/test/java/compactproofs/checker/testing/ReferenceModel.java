package compactproofs.checker.testing;

import ch.obermuhlner.math.big.BigDecimalMath;
import compactproofs.checker.model.Weights;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * An independent high-precision oracle: the transformer's forward pass computed directly from the raw
 * weights (not from the path matrices) in BigDecimal at 60 digits with big-math's exp and sqrt.
 * Test scope only.
 */
public final class ReferenceModel {
    public static final MathContext MC = new MathContext(60);
    /** Margins within this distance of 0 are treated as ties (undecidable by the oracle). */
    public static final BigDecimal TIE = new BigDecimal("1e-40");

    private final Weights w;

    public ReferenceModel(Weights w) { this.w = w; }

    /** min over x != max(t) of logit[max] - logit[x], at the last position. */
    public BigDecimal margin(int[] t) {
        int n = t.length, d = w.dModel, h = w.dHead, v = w.vocab;
        BigDecimal[][] res = new BigDecimal[n][d];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < d; k++) res[i][k] = bd(w.wE[t[i]][k]).add(bd(w.wPos[i][k]));
        BigDecimal[] q = affine(res[n - 1], w.wQ, w.bQ);
        BigDecimal scale = BigDecimalMath.sqrt(BigDecimal.valueOf(h), MC);
        BigDecimal[] s = new BigDecimal[n];
        for (int i = 0; i < n; i++) s[i] = dot(q, affine(res[i], w.wK, w.bK)).divide(scale, MC);
        BigDecimal z = BigDecimal.ZERO;
        BigDecimal[] e = new BigDecimal[n];
        for (int i = 0; i < n; i++) { e[i] = BigDecimalMath.exp(s[i], MC); z = z.add(e[i], MC); }
        BigDecimal[] z2 = new BigDecimal[h];
        java.util.Arrays.fill(z2, BigDecimal.ZERO);
        for (int i = 0; i < n; i++) {
            BigDecimal a = e[i].divide(z, MC);
            BigDecimal[] val = affine(res[i], w.wV, w.bV);
            for (int j = 0; j < h; j++) z2[j] = z2[j].add(a.multiply(val[j], MC), MC);
        }
        BigDecimal[] out = affine(z2, w.wO, w.bO);
        BigDecimal[] resid = new BigDecimal[d];
        for (int k = 0; k < d; k++) resid[k] = res[n - 1][k].add(out[k], MC);
        BigDecimal[] logits = affine(resid, w.wU, w.bU);
        int m = 0;
        for (int x : t) m = Math.max(m, x);
        BigDecimal best = null;
        for (int x = 0; x < v; x++) {
            if (x == m) continue;
            BigDecimal diff = logits[m].subtract(logits[x], MC);
            if (best == null || diff.compareTo(best) < 0) best = diff;
        }
        return best == null ? BigDecimal.ONE : best;
    }

    private static BigDecimal[] affine(BigDecimal[] x, double[][] m, double[] b) {
        int cols = m[0].length;
        BigDecimal[] out = new BigDecimal[cols];
        for (int j = 0; j < cols; j++) {
            BigDecimal s = bd(b[j]);
            for (int k = 0; k < x.length; k++) s = s.add(x[k].multiply(bd(m[k][j]), MC), MC);
            out[j] = s;
        }
        return out;
    }

    private static BigDecimal dot(BigDecimal[] a, BigDecimal[] b) {
        BigDecimal s = BigDecimal.ZERO;
        for (int i = 0; i < a.length; i++) s = s.add(a[i].multiply(b[i], MC), MC);
        return s;
    }

    private static BigDecimal bd(double x) { return new BigDecimal(x); }
}
