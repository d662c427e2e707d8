package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * The five EUPU handlings (SPEC §9, Lemma EU), with the output biases carried exactly.
 *
 * <p><b>Lemma EU.</b> The checker's direct path is {@code EUPU = W_EP W_U + 1 b'} with
 * {@code W_EP = W_E + 1 W_pos[n-1]} and {@code b' = b_O W_U + b_U}. For any centring row c,
 * {@code ubar = c W_U + b'} and {@code gamma[q] = sum_d |W_EP[q][d] - c_d| rng_d(W_U)}:
 * {@code EUPU[q][x] - EUPU[q][m] = ubar[x] - ubar[m] + (W_EP[q] - c) W_U (e_x - e_m) <= ubar[x] - ubar[m] + gamma[q]}
 * (Lemma D). c is the rounded mean row ({@code mean_query+max_diff}), the certificate's
 * {@code W_EP_direction} ({@code svd_query+max_diff}) or 0 ({@code max_diff}). The exact options take
 * {@code ubar = 0} and {@code gamma[q] = rng(EUPU)_q} ({@code max_diff_exact}) or the global range of
 * EUPU ({@code global_max_diff_exact}).
 */
final class EupuBound {
    private EupuBound() {}

    /** Returns {ubar (1 x V), gamma (V x 1, or 1 x 1 when the same for all queries)}. */
    static RMat[] of(Weights w, PathMatrices pm, Variant.Eupu e, SubcubicHints h, Ops ops) {
        int v = w.vocab;
        if (e.exact()) {
            ops.add((long) v * v * (2L * w.dModel - 1));
            RMat eupu = RMat.fromExact(pm.eupu, ops);
            BigInteger[][] z = new BigInteger[1][v];
            java.util.Arrays.fill(z[0], BigInteger.ZERO);
            RMat zero = new RMat(z, 0, BigInteger.ONE, ops);
            RMat rr = eupu.rowRange();
            if (e == Variant.Eupu.MAX_DIFF_EXACT) return new RMat[] {zero, rr};
            BigInteger mx = null, mn = null;
            for (int q = 0; q < v; q++)
                for (int x = 0; x < v; x++) {
                    BigInteger y = eupu.num[q][x];
                    if (mx == null || y.compareTo(mx) > 0) mx = y;
                    if (mn == null || y.compareTo(mn) < 0) mn = y;
                }
            ops.add(2L * v * v);
            return new RMat[] {zero, new RMat(new BigInteger[][] {{mx.subtract(mn)}}, eupu.exp, eupu.den, ops)};
        }
        RMat wep = RMat.of(w.wE, ops).add(RMat.of(new double[][] {w.wPos[w.nCtx - 1]}, ops));
        RMat wu = RMat.of(w.wU, ops);
        RMat bias = RMat.of(new double[][] {w.bO}, ops).mul(wu).add(RMat.of(new double[][] {w.bU}, ops));
        RMat rng = wu.rowRange();
        RMat c = switch (e) {
            case MEAN_QUERY_MAX_DIFF -> wep.meanRow();
            case SVD_QUERY_MAX_DIFF -> new RMat(new BigInteger[][] {h.muNum.clone()}, 0, h.muDen, ops);
            default -> null;
        };
        if (c == null) return new RMat[] {bias, wep.abs().mul(rng)};
        return new RMat[] {c.mul(wu).add(bias), wep.sub(c).abs().mul(rng)};
    }
}
