package compactproofs.checker.cubic;

import compactproofs.checker.statement.CubicCount;
import compactproofs.checker.arith.ExactMatrix;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * The cubic strategy (SPEC §7), made rigorous: every comparison of model quantities is exact,
 * every bound on an irrational is an outward-rounded double.
 *
 * <p>Notation. For max token {@code m} write {@code X^[.,x] = X[.,x] - X[.,m]} for
 * {@code X in {EUPU, EVOU, PVOU}}, {@code PVOU*[x] = max_p PVOU^[p,x]},
 * {@code U*[q] = max_{x != m} EUPU^[q,x]}, {@code E*[t] = max_{x != m} (EVOU^[t,x] + PVOU*[x])} and
 * {@code K[t] = U*[q] + E*[t]}. For query q, {@code N(i, t) = tok[q][t] * pos[q][i]} is the softmax
 * numerator of position i holding t times a constant {@code C_q > 0} (Lemma S of {@link SoftmaxNumerators}).
 *
 * <p><b>Lemma B (pessimisation).</b> For an input with query q and max m, and {@code x != m}, since
 * {@code sum_i a_i = 1}: {@code logit[x] - logit[m] = EUPU^[q,x] + sum_i a_i (EVOU^[t_i,x] + PVOU^[i,x])
 * <= sum_i a_i (EUPU^[q,x] + EVOU^[t_i,x] + PVOU*[x]) <= sum_i a_i K[t_i]}. Multiplying by
 * {@code Z C_q > 0} ({@code Z} the softmax denominator): the input is correct if
 * {@code sum_i N(i, t_i) K[t_i] < 0} (general cases), or if {@code sum_i N(i, t_i) (EUPU^[q,x] +
 * EVOU^[t_i,x] + PVOU*[x]) < 0} for every {@code x != m} (the two {@code c = 0} cases, tighter).
 *
 * <p><b>Lemma A (two orderings suffice).</b> In case {@code (m, q, k, c)}, {@code k < m}, let
 * {@code P_M} be the sum of {@code pos[q][p]} over the non-query positions holding m and {@code P}
 * the sum over all non-query positions. Then {@code sum_i N(i, t_i) K[t_i] = tok[q][m] P_M K[m] +
 * tok[q][k] (P - P_M) K[k] + N(n-1, q) K[q]} is affine in {@code P_M}, so it is at most its value
 * at the smallest or the largest attainable {@code P_M}: the {@code r = n-1-c} max tokens on the
 * positions with the r smallest (row 0) or r largest (row 1) positional scores. {@code exp} is
 * increasing, so sorting the exact scores {@code EQKP[q][p]} sorts {@code pos[q][p]}. The case is
 * proved when an upper bound of this sum is negative in both rows.
 *
 * <p>Counting uses {@link CubicCount} (Lemma C).
 */
public final class Cubic {
    /** The proved count, the counted operations, and how many cases were decided / proved. */
    public record Result(BigInteger proved, BigInteger ops, long cases, long casesProved) {}

    private final Weights w;
    private final PathMatrices pm;
    private final int v, n;
    private long ops;

    private final SoftmaxNumerators shared;

    public Cubic(Weights w, PathMatrices pm) {
        this(w, pm, null);
    }

    /** With score exponentials already computed for {@code pm} (null: computed by {@link #run}). */
    public Cubic(Weights w, PathMatrices pm, SoftmaxNumerators se) {
        this.shared = se;
        this.w = w;
        this.pm = pm;
        this.v = pm.vocab;
        this.n = pm.nCtx;
    }

    /** Runs the strategy. Cost O(V^3 n + V^2 (D + n) + V D^2); deterministic operation count. */
    public Result run() {
        return run(null);
    }

    /** Runs the strategy and reports every case decision to {@code listener} (may be null). */
    public Result run(CubicCount.Cases listener) {
        ops = pathMatrixOps(w);
        SoftmaxNumerators se = shared != null ? shared : new SoftmaxNumerators(pm);
        ops += 3L * v * (v + n); // two enclosures and one row-maximum comparison per score
        Cases cases = new Cases(se);
        BigInteger proved = CubicCount.count(v, n, listener == null ? cases : (m, q, k, c) -> {
            boolean ok = cases.proved(m, q, k, c);
            if (ok) listener.proved(m, q, k, c);
            return ok;
        });
        return new Result(proved, BigInteger.valueOf(ops), cases.decided, cases.proved);
    }

    /** A fresh decider of the cases (for tests that check each covered input against brute force). */
    CubicCount.Cases caseDecider() {
        return new Cases(new SoftmaxNumerators(pm));
    }

    /** Operations of {@link PathMatrices#of}: each product of an a x b and b x c matrix costs a c (2b - 1), each sum one per entry. */
    static long pathMatrixOps(Weights w) {
        long V = w.vocab, n = w.nCtx, D = w.dModel, H = w.dHead;
        return V * D                                    // W_E + W_pos[n-1]
                + V * H * (2 * D - 1) + V * H            // Qvec
                + V * H * (2 * D - 1)                    // W_E W_K
                + n * H * (2 * D - 1) + n * H            // W_pos W_K + b_K
                + V * V * (2 * H - 1) + V * n * (2 * H - 1) // EQKE, EQKP
                + H * V * (2 * D - 1)                    // W_O W_U
                + V * H * (2 * D - 1) + V * H + V * V * (2 * H - 1) // EVOU
                + n * H * (2 * D - 1) + n * V * (2 * H - 1)         // PVOU
                + V * (2 * D - 1) + V + V * V * (2 * D - 1) + V * V; // EUPU with biases
    }

    /** Upper bound of {@code W * k} for a real {@code W} in {@code [wLo, wHi]}, {@code 0 <= wLo}, and a real at most {@code kHi}. */
    static double mulUp(double wLo, double wHi, double kHi) {
        return Math.nextUp((kHi >= 0 ? wHi : wLo) * kHi);
    }

    /** Decides the cases, caching the per-m and per-(m, q) precomputation ({@link CubicCount} calls in order). */
    private final class Cases implements CubicCount.Cases {
        final SoftmaxNumerators se;
        final ExactMatrix eupuT, evouT, pvouT;
        /** Per q: sums of pos[q][.] over the j smallest (pre) and j largest (suf) non-query positional scores, outward. */
        final double[][] preLo, preHi, sufLo, sufHi;
        long decided, proved;
        int curM = -1, curQ = -1;
        /** Per m: upper bounds of U*[q], E*[t], EUPU^[q,x] (as [x][q]) and EVOU^[t,x] + PVOU*[x] (as [t][x]). */
        double[] uStar, eStar;
        double[][] uc, ec;
        /** Per (m, q): upper bounds of K[t], and the enclosure of N(n-1, q). */
        double[] kHi;
        double qLo, qHi;

        Cases(SoftmaxNumerators se) {
            this.se = se;
            eupuT = pm.eupu.transpose();
            evouT = pm.evou.transpose();
            pvouT = pm.pvou.transpose();
            preLo = new double[v][n]; preHi = new double[v][n]; sufLo = new double[v][n]; sufHi = new double[v][n];
            for (int q = 0; q < v; q++) positionalSums(q);
        }

        /**
         * Lemma A's sort: orders the non-query positions by their exact scores EQKP[q][p] (insertion
         * sort, comparisons counted) and forms the outward-rounded prefix and suffix sums of pos[q].
         */
        void positionalSums(int q) {
            int[] order = new int[n - 1];
            for (int i = 0; i < n - 1; i++) {
                int j = i;
                while (j > 0) {
                    ops++;
                    if (pm.eqkp.compare(q, order[j - 1], q, i) <= 0) break;
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = i;
            }
            for (int j = 1; j < n; j++) {
                int lo = order[j - 1], hi = order[n - 1 - j];
                preLo[q][j] = Math.nextDown(preLo[q][j - 1] + se.posLo[q][lo]);
                preHi[q][j] = Math.nextUp(preHi[q][j - 1] + se.posHi[q][lo]);
                sufLo[q][j] = Math.nextDown(sufLo[q][j - 1] + se.posLo[q][hi]);
                sufHi[q][j] = Math.nextUp(sufHi[q][j - 1] + se.posHi[q][hi]);
            }
            ops += 4L * (n - 1);
        }

        /**
         * Lemma B's precomputation for max token m, exactly: the centred matrices are exact
         * ExactMatrix differences, every max is taken by exact comparison, and only the selected
         * exact values are rounded up to doubles.
         */
        void beginMax(int m) {
            curM = m;
            curQ = -1;
            // PVOU^ as [x][p], then PVOU*[x] = max_p
            ExactMatrix pc = pvouT.subtract(pvouT.rowRange(m, m + 1));
            int[] pArg = new int[v];
            for (int x = 0; x < v; x++)
                for (int p = 1; p < n; p++) if (pc.compare(x, p, x, pArg[x]) > 0) pArg[x] = p;
            ExactMatrix pStar = pc.pickPerRow(pArg); // 1 x V
            // EVOU^[t,x] + PVOU*[x] as [t][x]
            ExactMatrix e = evouT.subtract(evouT.rowRange(m, m + 1)).transpose().add(pStar);
            // EUPU^[q,x] as [x][q]
            ExactMatrix u = eupuT.subtract(eupuT.rowRange(m, m + 1));
            ops += (long) v * n * 2 + 3L * v * v; // PVOU centring and max, EVOU centring, + PVOU*, EUPU centring
            eStar = new double[v];
            uStar = new double[v];
            ec = new double[m + 1][v];
            uc = new double[v][m + 1];
            int first = m == 0 ? 1 : 0;
            for (int t = 0; t <= m; t++) {
                int best = first;
                for (int x = first + 1; x < v; x++) if (x != m && e.compare(t, x, t, best) > 0) best = x;
                eStar[t] = e.ceil(t, best);
                int bu = first;
                for (int x = first + 1; x < v; x++) if (x != m && u.compare(x, t, bu, t) > 0) bu = x;
                uStar[t] = u.ceil(bu, t);
                for (int x = 0; x < v; x++) { ec[t][x] = e.ceil(t, x); uc[x][t] = u.ceil(x, t); }
            }
            ops += 6L * (m + 1) * v; // two maxima and four roundings per (t, x)
        }

        /** Per-(m, q) upper bounds of {@code K[t] = U*[q] + E*[t]}, t <= m, and the query numerator. */
        void beginQuery(int q) {
            curQ = q;
            kHi = new double[curM + 1];
            for (int t = 0; t <= curM; t++) kHi[t] = Math.nextUp(uStar[q] + eStar[t]);
            qLo = Math.nextDown(se.tokLo[q][q] * se.posLo[q][n - 1]);
            qHi = Math.nextUp(se.tokHi[q][q] * se.posHi[q][n - 1]);
            ops += curM + 1 + 2;
        }

        @Override
        public boolean proved(int m, int q, int k, int c) {
            if (v == 1) return true; // no wrong logit exists: every input is correct
            if (m != curM) beginMax(m);
            if (q != curQ) beginQuery(q);
            decided++;
            boolean ok = c == 0 ? (q == m ? onlyMax(m) : queryAndMax(m, q)) : general(m, q, k, c);
            if (ok) proved++;
            return ok;
        }

        /**
         * Case {@code q = k = m}, {@code c = 0} (the all-m input). Lemma B with fixed x: the bound
         * {@code sum_i a_i (EUPU^[m,x] + EVOU^[m,x] + PVOU*[x])} equals the bracket, whose sign is that
         * of its upper bound when that is negative.
         */
        boolean onlyMax(int m) {
            for (int x = 0; x < v; x++) {
                if (x == m) continue;
                ops += 2;
                if (!(Math.nextUp(uc[x][m] + ec[m][x]) < 0)) return false;
            }
            return true;
        }

        /**
         * Case {@code q < m = k}, {@code c = 0} (the input {@code (m, ..., m, q)}). Lemma B with fixed x:
         * {@code N_m (EUPU^[q,x] + EVOU^[m,x] + PVOU*[x]) + N_q (EUPU^[q,x] + EVOU^[q,x] + PVOU*[x]) < 0}
         * with {@code N_m = tok[q][m] P}; the attention is fixed, so no ordering is needed.
         */
        boolean queryAndMax(int m, int q) {
            double mLo = Math.nextDown(se.tokLo[q][m] * preLo[q][n - 1]), mHi = Math.nextUp(se.tokHi[q][m] * preHi[q][n - 1]);
            ops += 2;
            for (int x = 0; x < v; x++) {
                if (x == m) continue;
                double cm = Math.nextUp(uc[x][q] + ec[m][x]), cq = Math.nextUp(uc[x][q] + ec[q][x]);
                double b = Math.nextUp(mulUp(mLo, mHi, cm) + mulUp(qLo, qHi, cq));
                ops += 6;
                if (!(b < 0)) return false;
            }
            return true;
        }

        /** Case {@code k < m}, {@code c >= 1}: Lemmas A and B, both extreme orderings must give a negative upper bound. */
        boolean general(int m, int q, int k, int c) {
            int r = n - 1 - c;
            double qTerm = mulUp(qLo, qHi, kHi[q]);
            ops++;
            return rowNegative(q, m, k, preLo[q][r], preHi[q][r], sufLo[q][c], sufHi[q][c], qTerm)
                    && rowNegative(q, m, k, sufLo[q][r], sufHi[q][r], preLo[q][c], preHi[q][c], qTerm);
        }

        /** Upper bound of {@code tok[q][m] P_M K[m] + tok[q][k] P_K K[k] + qTerm} is negative. */
        boolean rowNegative(int q, int m, int k, double pmLo, double pmHi, double pkLo, double pkHi, double qTerm) {
            double wmLo = Math.nextDown(se.tokLo[q][m] * pmLo), wmHi = Math.nextUp(se.tokHi[q][m] * pmHi);
            double wkLo = Math.nextDown(se.tokLo[q][k] * pkLo), wkHi = Math.nextUp(se.tokHi[q][k] * pkHi);
            double b = Math.nextUp(Math.nextUp(mulUp(wmLo, wmHi, kHi[m]) + mulUp(wkLo, wkHi, kHi[k])) + qTerm);
            ops += 9; // four enclosure products, two bound products, two sums, one comparison
            return b < 0;
        }
    }
}
