package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * The token part of the attention score split exactly as {@code EQKE = approx + err}, with a rigorous
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
final class QkError {
    /** V x V exact approximation. */
    final RMat approx;
    /** Per query row upper bounds of the error's row range. */
    final double[] eps;
    /** The exact error as a product of these factors (empty for the exact option); kept for tests. */
    final RMat[] errFactors;

    private QkError(RMat approx, double[] eps, RMat... errFactors) { this.approx = approx; this.eps = eps; this.errFactors = errFactors; }

    static QkError of(Weights w, PathMatrices pm, Variant.Err err, SubcubicHints h, Ops ops) {
        int v = w.vocab;
        if (err.decomposition == 'X') {
            // exact EQKE: Qvec = Eq' WQ' (V x H), keys W_E W_K (V x H), product V x V
            ops.matmul(v, w.dModel, w.dHead); ops.matmul(v, w.dModel, w.dHead); ops.matmul(v, w.dHead, v);
            return new QkError(RMat.fromExact(pm.eqke, ops), new double[v]);
        }
        RMat eq = RMat.of(w.wE, ops).add(RMat.of(new double[][] {w.wPos[w.nCtx - 1]}, ops));
        RMat wq = RMat.of(w.wQ, ops);
        boolean hasBq = false;
        for (double b : w.bQ) hasBq |= b != 0;
        if (hasBq) { eq = eq.withOnesColumn(); wq = wq.withRow(RMat.of(new double[][] {w.bQ}, ops)); }
        RMat ek = RMat.of(w.wE, ops), wk = RMat.of(w.wK, ops);
        return err.decomposition == 'I' ? svdSplit(eq, wq, wk, ek, err, h, ops) : peeled(eq, wq, wk, ek, err, h, ops);
    }

    // ---------------------------------------------------------------- family I

    /**
     * <b>Lemma I (exact rank-1 split, SPEC §9).</b> With {@code M = A B}, {@code A = Eq' WQ' WK^T} (V x D),
     * {@code B = Ek^T}, and projectors {@code P = u u^T/(u^T u)}, {@code Q = v v^T/(v^T v)}:
     * {@code M = (P M + M Q - P M Q) + (I - P) A B (I - Q)} holds for any nonzero u, v. The first
     * part (rank <= 2) is the approximation; the error is the two-factor product
     * {@code A_r B_r} with {@code A_r = (I-P)A}, {@code B_r = B(I-Q)}.
     */
    private static QkError svdSplit(RMat eq, RMat wq, RMat wk, RMat ek, Variant.Err err, SubcubicHints h, Ops ops) {
        RMat a = eq.mul(wq.mul(wk.transpose()));       // V x D (D' H D + V D' D products)
        RMat b = ek.transpose();                        // D x V
        RMat u = RMat.column(h.u1, ops), vv = RMat.column(h.v1, ops);
        BigInteger su = dot(h.u1), sv = dot(h.v1);
        RMat uA = u.transpose().mul(a);                 // 1 x D
        RMat uAB = uA.mul(b);                           // 1 x V
        RMat bv = b.mul(vv);                            // D x 1
        RMat aBv = a.mul(bv);                           // V x 1
        RMat sigma = uA.mul(bv);                        // 1 x 1
        RMat vRow = vv.transpose();
        RMat approx = u.mul(uAB).scale(sv, BigInteger.ONE)
                .add(aBv.mul(vRow).scale(su, BigInteger.ONE))
                .sub(u.mul(sigma).mul(vRow))
                .scale(BigInteger.ONE, su.multiply(sv));
        RMat ar = a.scale(su, BigInteger.ONE).sub(u.mul(uA)).scale(BigInteger.ONE, su);   // (I-P) A
        RMat br = b.scale(sv, BigInteger.ONE).sub(bv.mul(vRow)).scale(BigInteger.ONE, sv); // B (I-Q)
        int v = a.rows;
        double[] eps = new double[v];
        switch (err) {
            case SVD -> java.util.Arrays.fill(eps, spectralRowRange(ar, br));
            case MAX_DIFF -> eps = up(ar.abs().mul(br.rowRange()));
            case MEAN_MAX_DIFF -> eps = up(meanSplit(ar, br, br.rowRange()));
            case MAX_DIFF_EXACT -> eps = up(ar.mul(br).rowRange());
            default -> throw new IllegalStateException(err.toString());
        }
        return new QkError(approx, eps, ar, br);
    }

    /**
     * <b>Lemma E' (certified spectral bound, SPEC §9).</b> For {@code M = X Y},
     * {@code rng(M)_r = max_{i,j} e_r^T M (e_i - e_j) <= sqrt2 sigma_1(M)}. The eigenvalues of
     * {@code G = (X^T X)(Y Y^T)} are those of the PSD matrix {@code (YY^T)^{1/2} X^T X (YY^T)^{1/2}}, i.e. the
     * squared singular values of M, so {@code sigma_1^8 <= tr(G^4)}, computed exactly, and
     * {@code sqrt2 sigma_1 <= (16 tr(G^4))^{1/8}}, bounded above by three upward-rounded square roots.
     */
    static double spectralRowRange(RMat x, RMat y) {
        RMat g = x.transpose().mul(x).mul(y.mul(y.transpose()));
        RMat g2 = g.mul(g);
        BigInteger t = BigInteger.ZERO;
        for (int i = 0; i < g2.rows; i++)
            for (int j = 0; j < g2.cols; j++) t = t.add(g2.num[i][j].multiply(g2.num[j][i]));
        g2.ops.add(2L * g2.rows * g2.cols);
        double tr = RMat.toDouble(t.shiftLeft(4), 2 * g2.exp, g2.den.multiply(g2.den), true);
        return Rd.sqrtUp(Rd.sqrtUp(Rd.sqrtUp(tr)));
    }

    // ---------------------------------------------------------------- family P

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
    private static QkError peeled(RMat eq, RMat wq, RMat wk, RMat ek, Variant.Err err, SubcubicHints h, Ops ops) {
        RMat[] q1 = peel(eq, h.u1, ops), q2 = peel(q1[1], h.u2, ops);
        RMat[] k1 = peel(ek, h.v1, ops), k2 = peel(k1[1], h.v2, ops);
        RMat a = RMat.column(h.alpha, ops), b = RMat.column(h.beta, ops);
        BigInteger sa = dot(h.alpha), sb = dot(h.beta);
        RMat aWq = a.transpose().mul(wq);                                        // 1 x H
        RMat qp = wq.scale(sa, BigInteger.ONE).sub(a.mul(aWq)).scale(BigInteger.ONE, sa); // D' x H
        RMat bWk = b.transpose().mul(wk);                                        // 1 x H
        RMat kp = wk.scale(sb, BigInteger.ONE).sub(b.mul(bWk)).scale(BigInteger.ONE, sb); // D x H
        RMat wkT = wk.transpose(), ekT = ek.transpose();
        RMat eq2p = q2[1], ek2pT = k2[1].transpose();
        // term 1: Pq WQ' WK^T Ek^T = sum over the two peeled query rank-1 parts
        RMat approx = null;
        for (int s = 0; s < 2; s++) {
            RMat[] pr = s == 0 ? q1 : q2;  // pr[2] = u, pr[3] = (u^T X)/ (u^T u) as a row
            approx = plus(approx, pr[2].mul(pr[3].mul(wq).mul(wkT).mul(ekT)));
        }
        // term 2: Eq2perp WQ' WK^T Pk^T
        for (int s = 0; s < 2; s++) {
            RMat[] pr = s == 0 ? k1 : k2;
            RMat col = eq2p.mul(wq.mul(wkT.mul(pr[3].transpose())));              // V x 1
            approx = plus(approx, col.mul(pr[2].transpose()));
        }
        // term 3: Eq2perp Q1 WK^T Ek2perp^T + Eq2perp Qp K1^T Ek2perp^T
        RMat t3a = eq2p.mul(a).mul(aWq.mul(wkT).mul(ek2pT)).scale(BigInteger.ONE, sa);
        RMat t3b = eq2p.mul(qp.mul(wkT.mul(b))).mul(b.transpose().mul(ek2pT)).scale(BigInteger.ONE, sb);
        approx = approx.add(t3a).add(t3b);
        RMat m1 = eq2p, m2 = qp, m3 = kp.transpose(), m4 = ek2pT;
        int v = eq.rows;
        double[] eps = switch (err) {
            case MAX_DIFF_SUBPRODUCT, MEAN_MAX_DIFF_SUBPRODUCT -> {
                boolean mean = err == Variant.Err.MEAN_MAX_DIFF_SUBPRODUCT;
                RMat r2 = m3.mul(m4), r1 = m2.mul(r2), l2 = m1.mul(m2), l3 = l2.mul(m3);
                RMat[][] splits = {{m1, r1}, {l2, r2}, {l3, m4}};
                double[] best = new double[v];
                java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
                for (RMat[] sp : splits) {
                    RMat rr = sp[1].rowRange();
                    double[] e = up(mean ? meanSplit(sp[0], sp[1], rr) : sp[0].abs().mul(rr));
                    for (int i = 0; i < v; i++) best[i] = Math.min(best[i], e[i]);
                }
                yield best;
            }
            case MAX_DIFF_SUBPRODUCT_RECURSIVE ->
                    up(m1.abs().mul(m2.abs().mul(m3.abs().mul(m4.rowRange()))));
            case MEAN_MAX_DIFF_SUBPRODUCT_RECURSIVE -> {
                RMat r2 = m2.abs().mul(m3.abs().mul(m4.rowRange()));
                yield up(meanSplitChain(m1, new RMat[] {m2, m3, m4}, r2));
            }
            case MEAN_RECURSIVE_MAX_DIFF_SUBPRODUCT_RECURSIVE -> {
                RMat r3 = meanSplitChain(m3, new RMat[] {m4}, m4.rowRange());
                RMat r2 = meanSplitChain(m2, new RMat[] {m3, m4}, r3);
                yield up(meanSplitChain(m1, new RMat[] {m2, m3, m4}, r2));
            }
            default -> throw new IllegalStateException(err.toString());
        };
        return new QkError(approx, eps, m1, m2, m3, m4);
    }

    /** Returns {Pi_u X, X - Pi_u X, u as a column, (u^T X)/(u^T u) as a row}. */
    private static RMat[] peel(RMat x, BigInteger[] uInt, Ops ops) {
        RMat u = RMat.column(uInt, ops);
        BigInteger s = dot(uInt);
        RMat ux = u.transpose().mul(x);                                           // 1 x D
        RMat row = ux.scale(BigInteger.ONE, s);
        RMat par = u.mul(row);
        RMat perp = x.scale(s, BigInteger.ONE).sub(u.mul(ux)).scale(BigInteger.ONE, s);
        return new RMat[] {par, perp, u, row};
    }

    /**
     * <b>Lemma D (max-row-diff, with centring).</b> For {@code M = L R}, any row vector c and any
     * {@code r >= rng(R)} (per row of R): {@code rng(M)_i <= rng(c R) + sum_k |L_ik - c_k| r_k}, because
     * {@code M_i = c R + (L_i - c) R} and {@code (L_i - c) R (e_a - e_b) = sum_k (L_ik - c_k)(R_ka - R_kb)}.
     * With c the (rounded) mean row this is the paper's mean+diff trick; with c = 0 it is plain Lemma D.
     */
    private static RMat meanSplit(RMat l, RMat r, RMat rr) {
        RMat c = l.meanRow();
        return l.sub(c).abs().mul(rr).add(c.mul(r).rowRange());
    }

    /** Lemma D with centring where R is the product of {@code rs}, evaluated as a chain of vector products. */
    private static RMat meanSplitChain(RMat l, RMat[] rs, RMat rr) {
        RMat c = l.meanRow();
        RMat cr = c;
        for (RMat r : rs) cr = cr.mul(r);
        return l.sub(c).abs().mul(rr).add(cr.rowRange());
    }

    private static RMat plus(RMat acc, RMat t) { return acc == null ? t : acc.add(t); }

    private static double[] up(RMat col) {
        double[] out = new double[col.rows];
        for (int i = 0; i < col.rows; i++) out[i] = Math.max(0.0, col.up(i, 0));
        return out;
    }

    static BigInteger dot(BigInteger[] v) {
        BigInteger s = BigInteger.ZERO;
        for (BigInteger x : v) s = s.add(x.multiply(x));
        return s;
    }
}
