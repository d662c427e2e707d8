package compactproofs.checker.subcubic;

import compactproofs.checker.arith.ExactMatrix;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * The five EUPU handlings (SPEC §9, Lemmas EU and D), with the output biases carried exactly.
 *
 * <p><b>Lemma EU (SPEC §9).</b> The checker's direct path is {@code EUPU = W_EP W_U + 1 b'} with
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
    static ExactMatrix[] of(Weights w, PathMatrices pm, Variant.Eupu e, SubcubicHints h, ProofLength len) {
        if (e.exact()) {
            len.charge((long) w.vocab * w.vocab * (2L * w.dModel - 1));
            ExactMatrix zero = ExactMatrix.of(new double[1][w.vocab]), perRow = len.rangePerRow(pm.eupu);
            if (e == Variant.Eupu.MAX_DIFF_EXACT) return new ExactMatrix[] {zero, perRow};
            len.charge(2L * w.vocab * w.vocab);
            return new ExactMatrix[] {zero, pm.eupu.range()};
        }
        ExactMatrix wep = len.add(ExactMatrix.of(w.wE), ExactMatrix.ofRow(w.wPos[w.nCtx - 1]));
        ExactMatrix wu = ExactMatrix.of(w.wU);
        ExactMatrix bias = len.add(len.mul(ExactMatrix.ofRow(w.bO), wu), ExactMatrix.ofRow(w.bU));
        ExactMatrix rng = len.rangePerRow(wu);
        ExactMatrix c = switch (e) {
            case MEAN_QUERY_MAX_DIFF -> len.meanRow(wep);
            case SVD_QUERY_MAX_DIFF -> ExactMatrix.of(new BigInteger[][] {h.muNum.clone()}, 0, h.muDen);
            default -> null;
        };
        if (c == null) return new ExactMatrix[] {bias, len.mul(len.abs(wep), rng)};
        return new ExactMatrix[] {len.add(len.mul(c, wu), bias), len.mul(len.abs(len.sub(wep, c)), rng)};
    }
}
