package compactproofs.checker.subcubic;

import static java.math.BigInteger.ONE;
import static java.math.RoundingMode.CEILING;

import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.arith.ExactMatrix;
import compactproofs.checker.arith.Round;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The token part of the attention score split exactly as {@code EQKE = approx + err} (Lemmas I and SP), with a rigorous
 * per-query-row bound {@code eps[q] >= max_{i,j} (err[q][i] - err[q][j])} (SPEC §9, Lemmas
 * I, SP, D and E').
 *
 * <p>Here EQKE is the checker's token score matrix (PathMatrices), which carries b_Q exactly:
 * {@code EQKE = Eq' WQ' WK^T Ek^T} with {@code Eq = W_E + 1 W_pos[n-1]}, {@code Ek = W_E}, and, when
 * b_Q is nonzero, {@code Eq' = [Eq | 1]}, {@code WQ' = [W_Q ; b_Q]} (one extra model dimension), so
 * {@code Eq' WQ' = Eq W_Q + 1 b_Q}. b_K adds the same amount to a whole row of scores and lives in
 * EQKP. Every projection is {@code Pi_v X = v (v^T X) / (v^T v)} with an integer vector v, which is
 * exact for any nonzero v: a poor direction only makes {@code eps} larger.
 */
final class EqkeSplit {
    /** V x V exact approximation. */
    final ExactMatrix approx;
    /** Per query row upper bounds of the error's row range. */
    final double[] eps;

    private EqkeSplit(ExactMatrix approx, double[] eps) { this.approx = approx; this.eps = eps; }

    static EqkeSplit of(Weights w, PathMatrices pm, Variant.Err err, SubcubicHints h, ProofLength p) {
        int v = w.vocab;
        if (err.split == Variant.Split.EXACT) {
            // exact EQKE: Qvec = Eq' WQ' (V x H), keys W_E W_K (V x H), product V x V
            p.matmul(v, w.dModel, w.dHead); p.matmul(v, w.dModel, w.dHead); p.matmul(v, w.dHead, v);
            return new EqkeSplit(pm.eqke(), new double[v]);
        }
        boolean hasBq = SubcubicHints.hasQueryBias(w);
        // Eq' = W_E + W_pos[n-1], WQ' = W_Q; with b_Q, Eq' gets a column of ones and WQ' the row b_Q (exact: doubles are copied)
        double[][] e = w.wE, q = w.wQ;
        double[] pos = w.wPos[w.nCtx - 1];
        if (hasBq) {
            e = new double[v][];
            for (int i = 0; i < v; i++) {
                e[i] = Arrays.copyOf(w.wE[i], w.dModel + 1);
                e[i][w.dModel] = 1;
            }
            pos = Arrays.copyOf(pos, w.dModel + 1);
            q = Arrays.copyOf(w.wQ, w.dModel + 1);
            q[w.dModel] = w.bQ;
        }
        p.charge((long) v * w.dModel); // the sum W_E + W_pos[n-1]
        ExactMatrix eq = ExactMatrix.of(e).add(ExactMatrix.ofRow(pos)), wq = ExactMatrix.of(q);
        ExactMatrix ek = ExactMatrix.of(w.wE), wk = ExactMatrix.of(w.wK);
        return err.split == Variant.Split.RANK_ONE ? rankOne(eq, wq, wk, ek, err, h, p) : peeled(eq, wq, wk, ek, err, h, p);
    }

    /**
     * <b>Lemma I (exact rank-1 split, SPEC §9).</b> With {@code M = A B}, {@code A = Eq' WQ' WK^T} (V x D),
     * {@code B = Ek^T}, and projectors {@code P = u u^T/(u^T u)}, {@code Q = v v^T/(v^T v)}:
     * {@code M = (P M + M Q - P M Q) + (I - P) A B (I - Q)} holds for any nonzero u, v. The first
     * part (rank <= 2) is the approximation; the error is the two-factor product
     * {@code A_r B_r} with {@code A_r = (I-P)A}, {@code B_r = B(I-Q)}.
     */
    private static EqkeSplit rankOne(ExactMatrix eq, ExactMatrix wq, ExactMatrix wk, ExactMatrix ek, Variant.Err err, SubcubicHints h, ProofLength p) {
        ExactMatrix a = p.mul(eq, p.mul(wq, wk.transpose()));                   // V x D
        ExactMatrix b = ek.transpose();                                          // D x V
        ExactMatrix u = ExactMatrix.column(h.u1), vRow = ExactMatrix.column(h.v1).transpose();
        BigInteger su = dot(h.u1), sv = dot(h.v1);
        ExactMatrix uA = p.mul(u.transpose(), a), bv = p.mul(b, vRow.transpose()); // 1 x D, D x 1
        ExactMatrix pm = p.scale(p.mul(u, p.mul(uA, b)), sv, ONE);               // P M, times u^T u v^T v
        ExactMatrix mq = p.scale(p.mul(p.mul(a, bv), vRow), su, ONE);            // M Q, likewise
        ExactMatrix pmq = p.mul(p.mul(u, p.mul(uA, bv)), vRow);                  // P M Q, likewise
        ExactMatrix approx = p.scale(p.sub(p.add(pm, mq), pmq), ONE, su.multiply(sv));
        ExactMatrix ar = p.scale(p.sub(p.scale(a, su, ONE), p.mul(u, uA)), ONE, su);             // (I-P) A
        ExactMatrix br = p.scale(p.sub(p.scale(b, sv, ONE), p.mul(bv, vRow)), ONE, sv);          // B (I-Q)
        double[] eps = switch (err) {
            case SVD -> { double[] e = new double[a.rows]; Arrays.fill(e, spectralRowRange(ar, br, p)); yield e; }
            case MAX_DIFF -> up(p.mul(p.abs(ar), p.rangePerRow(br)));
            case MEAN_MAX_DIFF -> up(meanSplit(ar, new ExactMatrix[] {br}, p.rangePerRow(br), p));
            case MAX_DIFF_EXACT -> up(p.rangePerRow(p.mul(ar, br)));
            default -> throw new IllegalStateException(err.toString());
        };
        return new EqkeSplit(approx, eps);
    }

    /**
     * <b>Lemma E' (certified spectral bound, SPEC §9).</b> For {@code M = X Y},
     * {@code rng(M)_r = max_{i,j} e_r^T M (e_i - e_j) <= sqrt2 sigma_1(M)}. The eigenvalues of
     * {@code G = (X^T X)(Y Y^T)} are those of the PSD matrix {@code (YY^T)^{1/2} X^T X (YY^T)^{1/2}}, i.e. the
     * squared singular values of M, so {@code sigma_1^8 <= tr(G^4)}, computed exactly, and
     * {@code sqrt2 sigma_1 <= (16 tr(G^4))^{1/8}}, bounded above by three upward-rounded square roots.
     */
    private static double spectralRowRange(ExactMatrix x, ExactMatrix y, ProofLength p) {
        ExactMatrix g = p.mul(p.mul(x.transpose(), x), p.mul(y, y.transpose())), g2 = p.mul(g, g);
        BigInteger t = BigInteger.ZERO;
        for (int i = 0; i < g2.rows; i++)
            for (int j = 0; j < g2.cols; j++) t = t.add(g2.numerator(i, j).multiply(g2.numerator(j, i)));
        p.charge(2L * g2.rows * g2.cols);
        BigInteger den = g2.denominator();
        double tr = Round.toDouble(t.shiftLeft(4), Math.multiplyExact(2, g2.exponent()), den.multiply(den), CEILING);
        return Round.sqrt(Round.sqrt(Round.sqrt(tr, CEILING), CEILING), CEILING);
    }

    /**
     * <b>Lemma SP (exact subproduct peeling, SPEC §9).</b> With {@code Eq1 = Pi_{u1} Eq'},
     * {@code Eq2 = Pi_{u2}(Eq' - Eq1)}, {@code Eq2perp = Eq' - Eq1 - Eq2} (likewise Ek with v1, v2),
     * {@code Q1 = Pi_alpha WQ'}, {@code Qp = WQ' - Q1}, {@code K1 = Pi_beta WK}, {@code Kp = WK - K1}, and
     * {@code Pq = Eq1 + Eq2}, {@code Pk = Ek1 + Ek2}:
     * <pre>
     *   EQKE = Pq WQ' WK^T Ek^T + Eq2perp WQ' WK^T Pk^T + Eq2perp (Q1 WK^T + Qp K1^T) Ek2perp^T
     *        + Eq2perp Qp Kp^T Ek2perp^T
     * </pre>
     * exactly (expand {@code Eq' = Pq + Eq2perp}, {@code Ek = Pk + Ek2perp},
     * {@code WQ' WK^T = Q1 WK^T + Qp K1^T + Qp Kp^T}). The first three terms are six rank-1 matrices, each
     * computed with vector-matrix products in O(V^2 + V D + D^2); the last is the error, kept as the
     * four factors {@code M1 M2 M3 M4 = Eq2perp, Qp, Kp^T, Ek2perp^T}.
     */
    private static EqkeSplit peeled(ExactMatrix eq, ExactMatrix wq, ExactMatrix wk, ExactMatrix ek, Variant.Err err, SubcubicHints h, ProofLength p) {
        ExactMatrix[] q1 = peel(eq, h.u1, p), q2 = peel(q1[1], h.u2, p), k1 = peel(ek, h.v1, p), k2 = peel(k1[1], h.v2, p);
        ExactMatrix a = ExactMatrix.column(h.alpha), b = ExactMatrix.column(h.beta);
        BigInteger sa = dot(h.alpha), sb = dot(h.beta);
        ExactMatrix aWq = p.mul(a.transpose(), wq), bWk = p.mul(b.transpose(), wk);              // 1 x H each
        ExactMatrix qp = p.scale(p.sub(p.scale(wq, sa, ONE), p.mul(a, aWq)), ONE, sa);           // D' x H
        ExactMatrix kp = p.scale(p.sub(p.scale(wk, sb, ONE), p.mul(b, bWk)), ONE, sb);           // D x H
        ExactMatrix wkT = wk.transpose(), ekT = ek.transpose(), eq2p = q2[1], ek2pT = k2[1].transpose();
        // term 1: Pq WQ' WK^T Ek^T, one rank-1 part per peeled query direction (pr[2] = u, pr[3] = u^T X / u^T u)
        ExactMatrix approx = p.mul(q1[2], p.mul(p.mul(p.mul(q1[3], wq), wkT), ekT));
        approx = p.add(approx, p.mul(q2[2], p.mul(p.mul(p.mul(q2[3], wq), wkT), ekT)));
        // term 2: Eq2perp WQ' WK^T Pk^T
        for (ExactMatrix[] pr : new ExactMatrix[][] {k1, k2})
            approx = p.add(approx, p.mul(p.mul(eq2p, p.mul(wq, p.mul(wkT, pr[3].transpose()))), pr[2].transpose()));
        // term 3: Eq2perp Q1 WK^T Ek2perp^T + Eq2perp Qp K1^T Ek2perp^T
        ExactMatrix t3a = p.scale(p.mul(p.mul(eq2p, a), p.mul(p.mul(aWq, wkT), ek2pT)), ONE, sa);
        ExactMatrix t3b = p.scale(p.mul(p.mul(eq2p, p.mul(qp, p.mul(wkT, b))), p.mul(b.transpose(), ek2pT)), ONE, sb);
        approx = p.add(p.add(approx, t3a), t3b);
        ExactMatrix m1 = eq2p, m2 = qp, m3 = kp.transpose(), m4 = ek2pT;
        double[] eps = switch (err) {
            case MAX_DIFF_SUBPRODUCT, MEAN_MAX_DIFF_SUBPRODUCT -> {
                ExactMatrix r2 = p.mul(m3, m4), r1 = p.mul(m2, r2), l2 = p.mul(m1, m2), l3 = p.mul(l2, m3);
                double[] best = new double[m1.rows];
                Arrays.fill(best, Double.POSITIVE_INFINITY);
                for (ExactMatrix[] sp : new ExactMatrix[][] {{m1, r1}, {l2, r2}, {l3, m4}}) {
                    ExactMatrix rr = p.rangePerRow(sp[1]);
                    double[] e = up(err == Variant.Err.MEAN_MAX_DIFF_SUBPRODUCT
                            ? meanSplit(sp[0], new ExactMatrix[] {sp[1]}, rr, p) : p.mul(p.abs(sp[0]), rr));
                    for (int i = 0; i < best.length; i++) best[i] = Math.min(best[i], e[i]);
                }
                yield best;
            }
            case MAX_DIFF_SUBPRODUCT_RECURSIVE -> up(p.mul(p.abs(m1), p.mul(p.abs(m2), p.mul(p.abs(m3), p.rangePerRow(m4)))));
            case MEAN_MAX_DIFF_SUBPRODUCT_RECURSIVE ->
                    up(meanSplit(m1, new ExactMatrix[] {m2, m3, m4}, p.mul(p.abs(m2), p.mul(p.abs(m3), p.rangePerRow(m4))), p));
            case MEAN_RECURSIVE_MAX_DIFF_SUBPRODUCT_RECURSIVE -> {
                ExactMatrix r3 = meanSplit(m3, new ExactMatrix[] {m4}, p.rangePerRow(m4), p);
                yield up(meanSplit(m1, new ExactMatrix[] {m2, m3, m4}, meanSplit(m2, new ExactMatrix[] {m3, m4}, r3, p), p));
            }
            default -> throw new IllegalStateException(err.toString());
        };
        return new EqkeSplit(approx, eps);
    }

    /** Returns {Pi_u X, X - Pi_u X, u as a column, (u^T X)/(u^T u) as a row}. */
    private static ExactMatrix[] peel(ExactMatrix x, BigInteger[] uInt, ProofLength p) {
        ExactMatrix u = ExactMatrix.column(uInt);
        BigInteger s = dot(uInt);
        ExactMatrix ux = p.mul(u.transpose(), x);                                              // 1 x D
        ExactMatrix row = p.scale(ux, ONE, s);
        ExactMatrix perp = p.scale(p.sub(p.scale(x, s, ONE), p.mul(u, ux)), ONE, s);
        return new ExactMatrix[] {p.mul(u, row), perp, u, row};
    }

    /**
     * <b>Lemma D (max-row-diff, with centring).</b> For {@code M = L R} with R the product of {@code rs},
     * any row vector c and any {@code r >= rng(R)} (per row of R): {@code rng(M)_i <= rng(c R) + sum_k |L_ik - c_k| r_k},
     * because {@code M_i = c R + (L_i - c) R} and {@code (L_i - c) R (e_a - e_b) = sum_k (L_ik - c_k)(R_ka - R_kb)}.
     * c is the (rounded) mean row, the paper's mean+diff trick; {@code c R} is a chain of vector products.
     */
    private static ExactMatrix meanSplit(ExactMatrix l, ExactMatrix[] rs, ExactMatrix rr, ProofLength p) {
        ExactMatrix c = p.meanRow(l), cr = c;
        for (ExactMatrix r : rs) cr = p.mul(cr, r);
        return p.add(p.mul(p.abs(p.sub(l, c)), rr), p.rangePerRow(cr));
    }

    private static double[] up(ExactMatrix col) {
        double[] out = new double[col.rows];
        for (int i = 0; i < col.rows; i++) out[i] = Math.max(0.0, col.toDouble(i, 0, CEILING));
        return out;
    }

    private static BigInteger dot(BigInteger[] v) {
        BigInteger s = BigInteger.ZERO;
        for (BigInteger x : v) s = s.add(x.multiply(x));
        return s;
    }
}
