package compactproofs.checker.subcubic;

import compactproofs.checker.arith.Enclosures;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The gap-independent part of a subcubic proof (SPEC §9, Lemmas F, EU, G), and the
 * per-entry bounds and count for a given gap table (SPEC §9 "Classes and count", m-g+1 tokens). The generator's search
 * calls the same methods, so the count it claims is the count this class proves.
 *
 * <p>Classes: for query token q, max m and c = number of positions (query included) whose token is
 * not m, entry (q, m, c) with gap g covers the sequences whose non-max tokens are all {@code <= m-g};
 * it is valid when q = m and g <= m, or q <= m - g (the query is then one of the non-max tokens).
 * All bounds are upper bounds of {@code logit[x] - logit[m]} for every {@code x != m}; a class is
 * counted when its bound is strictly negative.
 */
public final class SubcubicAnalysis {
    private final int v, n;
    private final Variant variant;
    private final Ops ops;
    private final QkError qk;
    private final double rLo, rHi;
    /** Per q: exp enclosures of the sorted positional score offsets, as prefix sums of the smallest / largest k. */
    private final double[][] smallLo, smallHi, largeLo, largeHi;
    /** Per q: index of the running max / min of approx[q][0..k]. */
    private final int[][] preMax, preMin;
    /** Outward double enclosures of the approximation's entries. */
    private final double[][] apLo, apHi;
    private final double[] gamma, rhoPre;
    /** Per m: R*, R_* and the only-max bound; per m, x: L[x] and upper R[x]. */
    private final double[] rStar, rLow, onlyMax;
    private final double[][] l, rUp;

    /** Builds every gap-independent quantity; cost is charged to {@code ops}. */
    public SubcubicAnalysis(Weights w, PathMatrices pm, Variant variant, SubcubicHints h, Ops ops) {
        this.v = w.vocab; this.n = w.nCtx; this.variant = variant; this.ops = ops;
        BigDecimal[] r = Enclosures.inverseSqrt(w.dHead, 40);
        rLo = Enclosures.floorDouble(r[0]); rHi = Enclosures.ceilDouble(r[1]);
        qk = QkError.of(w, pm, variant.err(), h, ops);
        ops.add((long) v * v); // materialising the approximation
        // prefix argmax / argmin of each approximation row (exact comparisons)
        preMax = new int[v][v]; preMin = new int[v][v];
        for (int q = 0; q < v; q++)
            for (int k = 0; k < v; k++) {
                preMax[q][k] = k == 0 || qk.approx.compare(q, k, q, preMax[q][k - 1]) > 0 ? k : preMax[q][k - 1];
                preMin[q][k] = k == 0 || qk.approx.compare(q, k, q, preMin[q][k - 1]) < 0 ? k : preMin[q][k - 1];
            }
        apLo = new double[v][v]; apHi = new double[v][v];
        for (int q = 0; q < v; q++)
            for (int k = 0; k < v; k++) { apLo[q][k] = qk.approx.down(q, k); apHi[q][k] = qk.approx.up(q, k); }
        ops.add(2L * v * v);
        // positional offsets eta[q][p] = EQKP[q][p] - EQKP[q][n-1] (exact), their exps, sorted
        ops.matmul(w.nCtx, w.dModel, w.dHead); ops.matmul(v, w.dHead, w.nCtx);
        RMat eqkp = RMat.fromExact(pm.eqkp, ops);
        int k1 = n - 1;
        smallLo = new double[v][k1 + 1]; smallHi = new double[v][k1 + 1];
        largeLo = new double[v][k1 + 1]; largeHi = new double[v][k1 + 1];
        for (int q = 0; q < v; q++) {
            BigInteger[] eta = new BigInteger[k1];
            for (int p = 0; p < k1; p++) eta[p] = eqkp.num[q][p].subtract(eqkp.num[q][n - 1]);
            Arrays.sort(eta); // exact order; ties harmless
            double[] lo = new double[k1], hi = new double[k1];
            for (int p = 0; p < k1; p++) {
                double eLo = RMat.toDouble(eta[p], eqkp.exp, eqkp.den, false), eHi = RMat.toDouble(eta[p], eqkp.exp, eqkp.den, true);
                lo[p] = Rd.expLower(Rd.scaleDown(eLo, rLo, rHi));
                hi[p] = Rd.expUpper(Rd.scaleUp(eHi, rLo, rHi));
            }
            for (int j = 1; j <= k1; j++) {
                smallLo[q][j] = Rd.addDown(smallLo[q][j - 1], lo[j - 1]);
                smallHi[q][j] = Rd.addUp(smallHi[q][j - 1], hi[j - 1]);
                largeLo[q][j] = Rd.addDown(largeLo[q][j - 1], lo[k1 - j]);
                largeHi[q][j] = Rd.addUp(largeHi[q][j - 1], hi[k1 - j]);
            }
        }
        ops.add((long) v * (5L * k1 + Math.max(0, k1 - 1)));
        // OV side: EVOU rows' ranges, prefix max
        ops.matmul(v, w.dModel, w.dHead); ops.matmul(v, w.dHead, w.dModel); ops.matmul(v, w.dModel, v);
        ops.matmul(n, w.dModel, w.dHead); ops.matmul(n, w.dHead, w.dModel); ops.matmul(n, w.dModel, v);
        RMat evou = RMat.fromExact(pm.evou, ops), pvou = RMat.fromExact(pm.pvou, ops);
        RMat rho = evou.rowRange();
        rhoPre = new double[v];
        for (int k = 0; k < v; k++) rhoPre[k] = Math.max(k == 0 ? 0 : rhoPre[k - 1], rho.up(k, 0));
        ops.add(v);
        // EUPU handling: baseline row ubar and per-query slack gamma
        RMat[] ug = EupuBound.of(w, pm, variant.eupu(), h, ops);
        RMat ubar = ug[0];
        gamma = new double[v];
        for (int q = 0; q < v; q++) gamma[q] = ug[1].up(ug[1].rows == 1 ? 0 : q, 0);
        RMat eupu = RMat.fromExact(pm.eupu, ops);
        if (!variant.eupu().exact()) ops.add((long) v * v * (2L * w.dModel - 1)); // the exact EUPU rows of the only-max case (already charged by the exact options)
        rStar = new double[v]; rLow = new double[v]; onlyMax = new double[v];
        l = new double[v][v]; rUp = new double[v][v];
        for (int m = 0; m < v; m++) {
            double rs = Double.NEGATIVE_INFINITY, rl = Double.POSITIVE_INFINITY, om = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < v; x++) {
                if (x == m) continue;
                BigInteger pv = null;
                for (int p = 0; p < n; p++) {
                    BigInteger d = pvou.num[p][x].subtract(pvou.num[p][m]);
                    if (pv == null || d.compareTo(pv) > 0) pv = d;
                }
                double pStar = RMat.toDouble(pv, pvou.exp, pvou.den, true);
                BigInteger rx = evou.num[m][x].subtract(evou.num[m][m]);
                double ru = RMat.toDouble(rx, evou.exp, evou.den, true), rd = RMat.toDouble(rx, evou.exp, evou.den, false);
                rUp[m][x] = ru;
                rs = Math.max(rs, ru); rl = Math.min(rl, rd);
                double ud = RMat.toDouble(ubar.num[0][x].subtract(ubar.num[0][m]), ubar.exp, ubar.den, true);
                l[m][x] = Rd.addUp(ud, pStar);
                double eu = RMat.toDouble(eupu.num[m][x].subtract(eupu.num[m][m]), eupu.exp, eupu.den, true);
                om = Math.max(om, Rd.addUp(Rd.addUp(eu, ru), pStar));
            }
            rStar[m] = rs; rLow[m] = rl; onlyMax[m] = om;
        }
        ops.add((long) v * v * (2L * n + 10));
    }

    /** True when entry (q, m, c) with gap g describes a nonempty class. */
    public boolean valid(int q, int m, int c, int g) {
        if (q > m || c < 0 || c >= n) return false;
        if (c == 0) return q == m;
        return q == m ? g <= m : q <= m - g;
    }

    /**
     * <b>Lemma F (attention on the max, SPEC §9, with rigorous enclosures).</b> Returns
     * {@code {lo, hi}} with {@code lo <= A_max(t) <= hi} for every sequence t of a valid class (q, m, c, g).
     * Dividing by the max token's score, {@code A = X e/(X e + Y)} where e = exp(delta/s) with
     * {@code delta = EQKE[q][m] - EQKE[q][k]}, X sums exp(eta_p/s) over the max positions (the query
     * slot, eta = 0, when q = m) and Y over the non-max ones; A increases with each delta, which lies in
     * {@code [Delta-, Delta+] = approx[q][m] - {max, min}_{k <= m-g} approx[q][k] -+ eps[q]} (SPEC §9:
     * {@code |err[q][m] - err[q][k]| <= eps[q]}), and, for a fixed total, with X, which is smallest
     * (largest) when the max tokens take the smallest (largest) offsets. Lower bounds use lower
     * enclosures of X and e and upper ones of Y, all rounded outward.
     */
    public double[] attention(int q, int m, int c, int g) {
        if (c == 0) return new double[] {1.0, 1.0};
        int big = n - c;                       // positions holding m
        int mq = q == m ? big - 1 : big;       // non-query positions holding m
        int rest = n - 1 - mq;
        double qx = q == m ? 1.0 : 0.0, qy = q == m ? 0.0 : 1.0;
        int kmax = preMax[q][m - g], kmin = preMin[q][m - g];
        double dLo = Rd.subDown(Rd.subDown(apLo[q][m], apHi[q][kmax]), qk.eps[q]);
        double dHi = Rd.addUp(Rd.subUp(apHi[q][m], apLo[q][kmin]), qk.eps[q]);
        double eLo = Rd.expLower(Rd.scaleDown(dLo, rLo, rHi)), eHi = Rd.expUpper(Rd.scaleUp(dHi, rLo, rHi));
        double xLo = Rd.addDown(smallLo[q][mq], qx), yHi = Rd.addUp(largeHi[q][rest], qy);
        double xHi = Rd.addUp(largeHi[q][mq], qx), yLo = Rd.addDown(smallLo[q][rest], qy);
        double p = Rd.mulDown(xLo, eLo);
        double t = p > 0 ? Rd.divUp(yHi, p) : Double.POSITIVE_INFINITY;
        double lo = Math.max(0.0, Rd.divDown(1.0, Rd.addUp(1.0, t)));
        double pp = Rd.mulUp(xHi, eHi);
        double tt = pp == Double.POSITIVE_INFINITY ? 0.0 : Rd.divDown(yLo, pp);
        double hi = Math.min(1.0, Rd.divUp(1.0, Rd.addDown(1.0, Math.max(0.0, tt))));
        ops.add(24);
        return new double[] {lo, hi};
    }

    /** The centring attention Abar of (m, c) for the given gaps: 0, or the mean of the valid queries' midpoints. */
    public double abar(int m, int c, int[][][] gaps) {
        if (variant.attn() == Variant.Attn.DROP_AVERAGE) return 0.0;
        double s = 0;
        int k = 0;
        for (int q = 0; q <= m; q++) {
            int g = gaps[q][m][c];
            if (!valid(q, m, c, g)) continue;
            double[] a = attention(q, m, c, g);
            s += centreOf(m, g, a);
            k++;
        }
        ops.add(2L * k);
        return k == 0 ? 0.0 : Math.max(0.0, Math.min(1.0, s / k));
    }

    /** One query's contribution to the default Abar: the midpoint of its attention interval. */
    private static double centreOf(int m, int g, double[] a) {
        return (a[0] + a[1]) / 2;
    }

    /** {@code Lambda(m, Abar) = max_{x != m} (L[x] + Abar R[x])}, rounded up. */
    public double lambda(int m, double abar) {
        double best = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < v; x++) if (x != m) best = Math.max(best, Rd.addUp(l[m][x], Rd.mulUp(abar, rUp[m][x])));
        ops.add(3L * v);
        return best;
    }

    /**
     * <b>Lemma G (largest wrong logit, SPEC §9, with the corrected mean_query+diff).</b> For a
     * sequence t of the valid class (q, m, c, g) with max-attention A and any {@code x != m}:
     * <pre>
     *   logit[x] - logit[m] <= gamma[q] + L[x] + A R[x] + (1 - A) W
     *                       <= gamma[q] + Lambda + (A - Abar) (A >= Abar ? R* : R_*) + (1 - A) W =: f(A)
     * </pre>
     * where {@code L[x] = ubar[x] - ubar[m] + max_p (PVOU[p][x] - PVOU[p][m])} (the EUPU handling gives
     * {@code EUPU[q][x] - EUPU[q][m] <= ubar[x] - ubar[m] + gamma[q]}), {@code R[x] = EVOU[m][x] - EVOU[m][m]},
     * {@code W = max_{k <= m-g} rng(EVOU)_k >= EVOU[t_p][x] - EVOU[t_p][m]} for every non-max token, and
     * {@code Lambda = max_{x!=m} (L[x] + Abar R[x])}, {@code R* = max R}, {@code R_* = min R} over x != m.
     * The split {@code A R[x] = Abar R[x] + (A - Abar) R[x]} bounds the second part by R* when
     * {@code A >= Abar} and by R_* otherwise (the paper used R* in both cases, which is unsound).
     * f is convex and piecewise linear in A, so its maximum over {@code [A-, A+]} (Lemma F) is at an
     * endpoint; any Abar in [0, 1] is sound (Abar = 0 is the drop-average option). Rounded up.
     */
    public double bound(int q, int m, int c, int g, double[] att, double lambda, double abar) {
        if (c == 0) return onlyMax[m];
        ops.add(14);
        return wrongLogitBound(gamma[q], lambda, att, abar, rStar[m], rLow[m], rhoPre[m - g]);
    }

    /**
     * {@code max over A in att of f(A) = gamma + lambda + (A - abar)(A >= abar ? rStar : rLow) + (1 - A) w},
     * rounded up (Lemma G); {@code w >= 0}.
     */
    static double wrongLogitBound(double gamma, double lambda, double[] att, double abar, double rStar, double rLow, double w) {
        double base = Rd.addUp(gamma, lambda);
        double best = Double.NEGATIVE_INFINITY;
        for (double a : att) {
            double rr = a >= abar ? rStar : rLow;
            double lin = Math.max(Rd.mulUp(Rd.subDown(a, abar), rr), Rd.mulUp(Rd.subUp(a, abar), rr));
            double f = Rd.addUp(Rd.addUp(base, lin), Rd.mulUp(Rd.subUp(1.0, a), w));
            best = Math.max(best, f);
        }
        return best;
    }

    /** Number of sequences in class (q, m, c, g): {@code C(n-1, c') (m-g+1)^{c'}} (SPEC §9, corrected count). */
    public BigInteger classSize(int q, int m, int c, int g) {
        if (c == 0) return BigInteger.ONE;
        int cp = q == m ? c : c - 1;
        return binom(n - 1, cp).multiply(BigInteger.valueOf(m - g + 1).pow(cp));
    }

    /** Result of {@link #evaluate}: the proved count and the per-entry bounds (NaN where invalid). */
    public record Evaluation(BigInteger count, double[][][] bounds) {}

    /**
     * <b>Counting lemma.</b> The valid classes are pairwise disjoint (a sequence determines q, m and c)
     * and every sequence of a class whose bound is negative is correct (Lemmas F, G), so the sum of the
     * sizes of those classes is a lower bound on the number of correct sequences.
     */
    public Evaluation evaluate(int[][][] gaps) {
        return evaluate(gaps, null);
    }

    /**
     * As {@link #evaluate(int[][][])}, with the centring attention of (m, c) taken from
     * {@code abarHint[m][c]} when given (any value in [0, 1] is sound, Lemma G).
     */
    public Evaluation evaluate(int[][][] gaps, double[][] abarHint) {
        BigInteger count = BigInteger.ZERO;
        double[][][] b = new double[v][v][n];
        for (double[][] x : b) for (double[] y : x) Arrays.fill(y, Double.NaN);
        for (int m = 0; m < v; m++) {
            b[m][m][0] = onlyMax[m];
            if (onlyMax[m] < 0) count = count.add(BigInteger.ONE);
            for (int c = 1; c < n; c++) {
                if (m == 0) break;
                double[][] att = new double[m + 1][];
                double sum = 0;
                int k = 0;
                for (int q = 0; q <= m; q++)
                    if (valid(q, m, c, gaps[q][m][c])) { att[q] = attention(q, m, c, gaps[q][m][c]); sum += centreOf(m, gaps[q][m][c], att[q]); k++; }
                double ab = variant.attn() == Variant.Attn.DROP_AVERAGE || k == 0 ? 0.0
                        : abarHint != null ? abarHint[m][c] : Math.max(0.0, Math.min(1.0, sum / k));
                ops.add(2L * k);
                double lam = lambda(m, ab);
                for (int q = 0; q <= m; q++) {
                    if (att[q] == null) continue;
                    int g = gaps[q][m][c];
                    double bb = bound(q, m, c, g, att[q], lam, ab);
                    b[q][m][c] = bb;
                    if (bb < 0) count = count.add(classSize(q, m, c, g));
                }
            }
        }
        ops.add(3L * v * v * n);
        return new Evaluation(count, b);
    }

    public Ops ops() { return ops; }
    public int vocab() { return v; }
    public int nCtx() { return n; }

    static BigInteger binom(int a, int b) {
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < b; i++) r = r.multiply(BigInteger.valueOf(a - i)).divide(BigInteger.valueOf(i + 1));
        return r;
    }
}
