package compactproofs.checker.subcubic;

import static java.math.RoundingMode.CEILING;
import static java.math.RoundingMode.FLOOR;

import compactproofs.checker.arith.Enclosures;
import compactproofs.checker.arith.ExactMatrix;
import compactproofs.checker.arith.Round;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.statement.InputClass;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The gap-independent part of a subcubic proof (SPEC §9, Lemmas F, EU, G), and the
 * per-entry bounds and count for a given gap table (SPEC §9 "Classes and count", m-g+1 tokens). The generator's search
 * calls the same methods through {@link SearchHooks}, so the count it claims is the count this class proves.
 *
 * <p>Classes: for query token q, max m and c = number of positions (query included) whose token is
 * not m, entry (q, m, c) with gap g covers the sequences whose non-max tokens are all {@code <= m-g};
 * it is valid when q = m and g <= m, or q <= m - g (the query is then one of the non-max tokens).
 * All bounds are upper bounds of {@code logit[x] - logit[m]} for every {@code x != m}; a class is
 * counted when its bound is strictly negative.
 */
final class SubcubicAnalysis {
    private final int v, n;
    private final Variant variant;
    final ProofLength len;
    private final EqkeSplit qk;
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

    /** Builds every gap-independent quantity; cost is charged to {@code len}. */
    SubcubicAnalysis(Weights w, PathMatrices pm, Variant variant, SubcubicHints h, ProofLength len) {
        this.v = w.vocab; this.n = w.nCtx; this.variant = variant; this.len = len;
        BigDecimal[] r = Enclosures.inverseSqrt(w.dHead, 40);
        rLo = Round.toDouble(r[0], FLOOR); rHi = Round.toDouble(r[1], CEILING);
        qk = EqkeSplit.of(w, pm, variant.err(), h, len);
        len.charge((long) v * v); // materialising the approximation
        // prefix argmax / argmin of each approximation row (exact comparisons)
        preMax = new int[v][v]; preMin = new int[v][v];
        for (int q = 0; q < v; q++)
            for (int k = 0; k < v; k++) {
                preMax[q][k] = k == 0 || qk.approx.compare(q, k, q, preMax[q][k - 1]) > 0 ? k : preMax[q][k - 1];
                preMin[q][k] = k == 0 || qk.approx.compare(q, k, q, preMin[q][k - 1]) < 0 ? k : preMin[q][k - 1];
            }
        apLo = new double[v][v]; apHi = new double[v][v];
        for (int q = 0; q < v; q++)
            for (int k = 0; k < v; k++) { apLo[q][k] = qk.approx.toDouble(q, k, FLOOR); apHi[q][k] = qk.approx.toDouble(q, k, CEILING); }
        len.charge(2L * v * v);
        // positional offsets eta[q][p] = EQKP[q][p] - EQKP[q][n-1] (exact), their exps, sorted
        len.matmul(w.nCtx, w.dModel, w.dHead); len.matmul(v, w.dHead, w.nCtx);
        ExactMatrix eqkp = pm.eqkp;
        int k1 = n - 1;
        smallLo = new double[v][k1 + 1]; smallHi = new double[v][k1 + 1];
        largeLo = new double[v][k1 + 1]; largeHi = new double[v][k1 + 1];
        for (int q = 0; q < v; q++) {
            BigInteger[] eta = new BigInteger[k1];
            for (int p = 0; p < k1; p++) eta[p] = eqkp.numerator(q, p).subtract(eqkp.numerator(q, n - 1));
            Arrays.sort(eta); // exact order; ties harmless
            double[] lo = new double[k1], hi = new double[k1];
            for (int p = 0; p < k1; p++) {
                lo[p] = expScaled(Round.toDouble(eta[p], eqkp.exponent(), eqkp.denominator(), FLOOR), FLOOR);
                hi[p] = expScaled(Round.toDouble(eta[p], eqkp.exponent(), eqkp.denominator(), CEILING), CEILING);
            }
            for (int j = 1; j <= k1; j++) {
                smallLo[q][j] = Round.add(smallLo[q][j - 1], lo[j - 1], FLOOR);
                smallHi[q][j] = Round.add(smallHi[q][j - 1], hi[j - 1], CEILING);
                largeLo[q][j] = Round.add(largeLo[q][j - 1], lo[k1 - j], FLOOR);
                largeHi[q][j] = Round.add(largeHi[q][j - 1], hi[k1 - j], CEILING);
            }
        }
        len.charge((long) v * (5L * k1 + Math.max(0, k1 - 1)));
        // OV side: EVOU rows' ranges, prefix max
        len.matmul(v, w.dModel, w.dHead); len.matmul(v, w.dHead, w.dModel); len.matmul(v, w.dModel, v);
        len.matmul(n, w.dModel, w.dHead); len.matmul(n, w.dHead, w.dModel); len.matmul(n, w.dModel, v);
        ExactMatrix evou = pm.evou, pvou = pm.pvou, rho = len.rangePerRow(evou);
        rhoPre = new double[v];
        for (int k = 0; k < v; k++) rhoPre[k] = Math.max(k == 0 ? 0 : rhoPre[k - 1], rho.toDouble(k, 0, CEILING));
        len.charge(v);
        // EUPU handling: baseline row ubar and per-query slack gamma
        ExactMatrix[] ug = EupuBound.of(w, pm, variant.eupu(), h, len);
        ExactMatrix ubar = ug[0], eupu = pm.eupu;
        gamma = new double[v];
        for (int q = 0; q < v; q++) gamma[q] = ug[1].toDouble(ug[1].rows == 1 ? 0 : q, 0, CEILING);
        if (!variant.eupu().exact()) len.charge((long) v * v * (2L * w.dModel - 1)); // the exact EUPU rows of the only-max case (already charged by the exact options)
        rStar = new double[v]; rLow = new double[v]; onlyMax = new double[v];
        l = new double[v][v]; rUp = new double[v][v];
        for (int m = 0; m < v; m++) {
            double rs = Double.NEGATIVE_INFINITY, rl = Double.POSITIVE_INFINITY, om = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < v; x++) {
                if (x == m) continue;
                BigInteger pv = null;
                for (int p = 0; p < n; p++) {
                    BigInteger d = pvou.numerator(p, x).subtract(pvou.numerator(p, m));
                    if (pv == null || d.compareTo(pv) > 0) pv = d;
                }
                double pStar = upper(pv, pvou);
                BigInteger rx = evou.numerator(m, x).subtract(evou.numerator(m, m));
                double ru = upper(rx, evou), rd = Round.toDouble(rx, evou.exponent(), evou.denominator(), FLOOR);
                rUp[m][x] = ru;
                rs = Math.max(rs, ru); rl = Math.min(rl, rd);
                l[m][x] = Round.add(upper(ubar.numerator(0, x).subtract(ubar.numerator(0, m)), ubar), pStar, CEILING);
                double eu = upper(eupu.numerator(m, x).subtract(eupu.numerator(m, m)), eupu);
                om = Math.max(om, Round.add(Round.add(eu, ru, CEILING), pStar, CEILING));
            }
            rStar[m] = rs; rLow[m] = rl; onlyMax[m] = om;
        }
        len.charge((long) v * v * (2L * n + 10));
    }

    /** A double at least {@code k * 2^e / d}, with e and d those of {@code m}. */
    private static double upper(BigInteger k, ExactMatrix m) {
        return Round.toDouble(k, m.exponent(), m.denominator(), CEILING);
    }

    /** A bound of {@code exp(x / sqrt(d_head))} in direction {@code r}, for x a bound of the same side. */
    private double expScaled(double x, java.math.RoundingMode r) {
        return Enclosures.exp(Round.mulInterval(rLo, rHi, x, r), r);
    }

    /** True when entry (q, m, c) with gap g describes a nonempty class. */
    boolean valid(int q, int m, int c, int g) {
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
    double[] attention(int q, int m, int c, int g) {
        if (c == 0) return new double[] {1.0, 1.0};
        int big = n - c;                       // positions holding m
        int mq = q == m ? big - 1 : big;       // non-query positions holding m
        int rest = n - 1 - mq;
        double qx = q == m ? 1.0 : 0.0, qy = q == m ? 0.0 : 1.0;
        int kmax = preMax[q][m - g], kmin = preMin[q][m - g];
        double dLo = Round.sub(Round.sub(apLo[q][m], apHi[q][kmax], FLOOR), qk.eps[q], FLOOR);
        double dHi = Round.add(Round.sub(apHi[q][m], apLo[q][kmin], CEILING), qk.eps[q], CEILING);
        double eLo = expScaled(dLo, FLOOR), eHi = expScaled(dHi, CEILING);
        double xLo = Round.add(smallLo[q][mq], qx, FLOOR), yHi = Round.add(largeHi[q][rest], qy, CEILING);
        double xHi = Round.add(largeHi[q][mq], qx, CEILING), yLo = Round.add(smallLo[q][rest], qy, FLOOR);
        double p = Round.mul(xLo, eLo, FLOOR);
        double t = p > 0 ? Round.div(yHi, p, CEILING) : Double.POSITIVE_INFINITY;
        double lo = Math.max(0.0, Round.div(1.0, Round.add(1.0, t, CEILING), FLOOR));
        double pp = Round.mul(xHi, eHi, CEILING);
        double tt = pp == Double.POSITIVE_INFINITY ? 0.0 : Round.div(yLo, pp, FLOOR);
        double hi = Math.min(1.0, Round.div(1.0, Round.add(1.0, Math.max(0.0, tt), FLOOR), CEILING));
        len.charge(24);
        return new double[] {lo, hi};
    }

    /** The attention intervals (Lemma F) of the valid classes (q, m, c), q = 0..m, for the given gaps; null where invalid. */
    private double[][] attentions(int m, int c, int[][][] gaps) {
        double[][] att = new double[m + 1][];
        for (int q = 0; q <= m; q++) if (valid(q, m, c, gaps[q][m][c])) att[q] = attention(q, m, c, gaps[q][m][c]);
        return att;
    }

    /**
     * The centring attention Abar of (m, c) (Lemma G): 0 for drop-average or without a valid query, else
     * {@code hint[m][c]} when given, else the mean of the valid queries' midpoints, clamped to [0, 1].
     */
    private double centring(int m, int c, double[][] att, double[][] hint) {
        double s = 0;
        int k = 0;
        for (double[] a : att) if (a != null) { s += (a[0] + a[1]) / 2; k++; }
        len.charge(2L * k);
        if (variant.attn() == Variant.Attn.DROP_AVERAGE || k == 0) return 0.0;
        return hint != null ? hint[m][c] : Math.max(0.0, Math.min(1.0, s / k));
    }

    /** The default centring attention Abar of (m, c) for the given gaps (no hint). */
    double abar(int m, int c, int[][][] gaps) {
        return variant.attn() == Variant.Attn.DROP_AVERAGE ? 0.0 : centring(m, c, attentions(m, c, gaps), null);
    }

    /** {@code Lambda(m, Abar) = max_{x != m} (L[x] + Abar R[x])}, rounded up. */
    double lambda(int m, double abar) {
        double best = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < v; x++) if (x != m) best = Math.max(best, Round.add(l[m][x], Round.mul(abar, rUp[m][x], CEILING), CEILING));
        len.charge(3L * v);
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
    double bound(int q, int m, int c, int g, double[] att, double lambda, double abar) {
        if (c == 0) return onlyMax[m];
        len.charge(14);
        return wrongLogitBound(gamma[q], lambda, att, abar, rStar[m], rLow[m], rhoPre[m - g]);
    }

    /**
     * {@code max over A in att of f(A) = gamma + lambda + (A - abar)(A >= abar ? rStar : rLow) + (1 - A) w},
     * rounded up (Lemma G); {@code w >= 0}.
     */
    static double wrongLogitBound(double gamma, double lambda, double[] att, double abar, double rStar, double rLow, double w) {
        double base = Round.add(gamma, lambda, CEILING);
        double best = Double.NEGATIVE_INFINITY;
        for (double a : att) {
            double rr = a >= abar ? rStar : rLow;
            double lin = Math.max(Round.mul(Round.sub(a, abar, FLOOR), rr, CEILING), Round.mul(Round.sub(a, abar, CEILING), rr, CEILING));
            double f = Round.add(Round.add(base, lin, CEILING), Round.mul(Round.sub(1.0, a, CEILING), w, CEILING), CEILING);
            best = Math.max(best, f);
        }
        return best;
    }

    /** Number of sequences in class (q, m, c, g): {@code C(n-1, c') (m-g+1)^{c'}} (SPEC §9, corrected count). */
    BigInteger classSize(int q, int m, int c, int g) {
        if (c == 0) return BigInteger.ONE;
        int cp = q == m ? c : c - 1;
        return InputClass.binomial(n - 1, cp).multiply(BigInteger.valueOf(m - g + 1).pow(cp));
    }

    /** Result of {@link #evaluate}: the proved count and the per-entry bounds (NaN where invalid). */
    record Evaluation(BigInteger count, double[][][] bounds) {}

    /**
     * <b>Counting lemma.</b> The valid classes are pairwise disjoint (a sequence determines q, m and c)
     * and every sequence of a class whose bound is negative is correct (Lemmas F, G), so the sum of the
     * sizes of those classes is a lower bound on the number of correct sequences.
     */
    Evaluation evaluate(int[][][] gaps) {
        return evaluate(gaps, null);
    }

    /**
     * As {@link #evaluate(int[][][])}, with the centring attention of (m, c) taken from
     * {@code abarHint[m][c]} when given (any value in [0, 1] is sound, Lemma G).
     */
    Evaluation evaluate(int[][][] gaps, double[][] abarHint) {
        BigInteger count = BigInteger.ZERO;
        double[][][] b = new double[v][v][n];
        for (double[][] x : b) for (double[] y : x) Arrays.fill(y, Double.NaN);
        for (int m = 0; m < v; m++) {
            b[m][m][0] = onlyMax[m];
            if (onlyMax[m] < 0) count = count.add(BigInteger.ONE);
            for (int c = 1; c < n && m > 0; c++) {
                double[][] att = attentions(m, c, gaps);
                double ab = centring(m, c, att, abarHint), lam = lambda(m, ab);
                for (int q = 0; q <= m; q++) {
                    if (att[q] == null) continue;
                    int g = gaps[q][m][c];
                    b[q][m][c] = bound(q, m, c, g, att[q], lam, ab);
                    if (b[q][m][c] < 0) count = count.add(classSize(q, m, c, g));
                }
            }
        }
        len.charge(3L * v * v * n);
        return new Evaluation(count, b);
    }
}
