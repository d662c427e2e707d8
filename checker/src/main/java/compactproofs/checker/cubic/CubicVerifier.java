package compactproofs.checker.cubic;

import static java.math.RoundingMode.CEILING;
import static java.math.RoundingMode.FLOOR;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.arith.Round;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import compactproofs.checker.statement.CubicCover;
import compactproofs.checker.statement.InputClass;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The cubic strategy and its verifier (SPEC §7, Lemmas A and B; the count is Lemma C in {@link CubicCover}), made
 * rigorous: every comparison of model quantities is exact, every bound on an irrational is an
 * outward-rounded double.
 *
 * <p>Notation. For max token {@code m} write {@code X^[.,x] = X[.,x] - X[.,m]} for
 * {@code X in {EUPU, EVOU, PVOU}}, {@code PVOU*[x] = max_p PVOU^[p,x]},
 * {@code U*[q] = max_{x != m} EUPU^[q,x]}, {@code E*[t] = max_{x != m} (EVOU^[t,x] + PVOU*[x])} and
 * {@code K[t] = U*[q] + E*[t]}. For query q, {@code N(i, t) = tok[q][t] * pos[q][i]} is the softmax
 * numerator of position i holding t times a constant {@code C_q > 0} (Lemma S, {@link SoftmaxNumerators}).
 *
 * <p><b>Lemma B (pessimisation).</b> For an input with query q and max m, and {@code x != m}, since
 * {@code sum_i a_i = 1}: {@code logit[x] - logit[m] = EUPU^[q,x] + sum_i a_i (EVOU^[t_i,x] + PVOU^[i,x])
 * <= sum_i a_i (EUPU^[q,x] + EVOU^[t_i,x] + PVOU*[x]) <= sum_i a_i K[t_i]}. Multiplying by
 * {@code Z C_q > 0} ({@code Z} the softmax denominator): the input is correct if
 * {@code sum_i N(i, t_i) K[t_i] < 0} (general cases), or if {@code sum_i N(i, t_i) (EUPU^[q,x] +
 * EVOU^[t_i,x] + PVOU*[x]) < 0} for every {@code x != m} (the two {@code c = 0} cases, tighter).
 *
 * <p><b>Lemma A (two orderings suffice).</b> In case {@code (q, m, c)} with non-max token {@code k < m},
 * let {@code P_M} be the sum of {@code pos[q][p]} over the non-query positions holding m and {@code P}
 * the sum over all non-query positions. Then {@code sum_i N(i, t_i) K[t_i] = tok[q][m] P_M K[m] +
 * tok[q][k] (P - P_M) K[k] + N(n-1, q) K[q]} is affine in {@code P_M}, so it is at most its value
 * at the smallest or the largest attainable {@code P_M}: the {@code r = n-1-c} max tokens on the
 * positions with the r smallest (row 0) or r largest (row 1) positional scores. {@code exp} is
 * increasing, so sorting the exact scores {@code EQKP[q][p]} sorts {@code pos[q][p]}. The case is
 * proved when an upper bound of this sum is negative in both rows.
 */
public final class CubicVerifier {
    /**
     * The cases proved and what they cover, the counted operations, how many cases were decided / proved, and the
     * numerator enclosures decided with (enclosures, so the cascade's enumeration shares them).
     */
    public record Result(CubicCover cover, BigInteger proved, BigInteger ops, long cases, long casesProved, SoftmaxNumerators numerators) {}

    private final PathMatrices pm;
    /** The numerator enclosures, and the inner ones of Lemma XF (null: decide with {@code se} alone). */
    private final SoftmaxNumerators se, inner;
    /** Whether a comparison was left undecided by Lemma XF's two enclosures. */
    private boolean undecided;
    private final int v, n;
    /** {@link PathMatrices#scaledLogitBounds}. */
    private final double[][][] lb;
    /** Per q: the non-query positions in the order of their exact scores EQKP[q][.] (Lemma A's sort). */
    private final int[][] order;
    /** {@link #posSum}'s values for se, then inner: [set][q][small ? 0 : 1][FLOOR ? 0 : 1][j], prefix sums in order. */
    private final double[][][][][] sums;
    private long ops, decided, proved;
    /** Per m: upper bounds of U*[q], E*[t], EUPU^[q,x] (as [x][q]) and EVOU^[t,x] + PVOU*[x] (as [t][x]). */
    private double[] uStar, eStar;
    private double[][] uc, ec;
    /** Per (m, q): upper bounds of K[t]. */
    private double[] kHi;

    private CubicVerifier(Weights w, PathMatrices pm, SoftmaxNumerators se, SoftmaxNumerators inner) {
        this.pm = pm;
        this.se = se;
        this.inner = inner;
        this.v = pm.vocab;
        this.n = pm.nCtx;
        ops = pathMatrixOps(w) + 3L * v * (v + n); // the path matrices; two enclosures and one row-maximum comparison per score
        lb = pm.scaledLogitBounds();
        order = new int[v][];
        for (int q = 0; q < v; q++) order[q] = sort(q);
        sums = new double[2][v][2][2][n];
        for (int e = 0; e < (inner == null ? 1 : 2); e++)
            for (int q = 0; q < v; q++)
                for (int k = 0; k < 4; k++) {
                    double[] pos = k % 2 == 0 ? (e == 0 ? se : inner).posLo[q] : (e == 0 ? se : inner).posHi[q], out = sums[e][q][k / 2][k % 2];
                    for (int j = 1; j < n; j++) out[j] = Round.add(out[j - 1], pos[order[q][k < 2 ? j - 1 : n - 1 - j]], k % 2 == 0 ? FLOOR : CEILING);
                }
    }

    /**
     * Proves the cubic count. Not exact (the strategy never proves inputs wrong). Effective dimension
     * {@code 3V^2 + 2nV} (EUPU, EQKE, EVOU, PVOU, EQKP), as in the paper.
     */
    public static StrategyResult prove(Weights w, PathMatrices pm) {
        Result r = run(w, pm);
        BigInteger ed = BigInteger.valueOf(3L * w.vocab * w.vocab + 2L * w.nCtx * w.vocab);
        return new StrategyResult(r.proved(), r.ops(), false, ed, r.casesProved() + " of " + r.cases() + " cases proved", false);
    }

    /**
     * Refuses a model whose cases take more than {@code max} ({@code --max-inputs}) steps: the cubic stage makes about {@code V^3 n}
     * (for cubic and cascade, SPEC §7), so no small weights file (say V = 4096, d_model = 1) keeps the checker busy for hours.
     * {@link compactproofs.checker.Checker} asks before the path matrices are needed.
     */
    public static void requireSize(Weights w, BigInteger max) throws CheckFailure {
        BigInteger work = BigInteger.valueOf(w.vocab).pow(3).multiply(BigInteger.valueOf(w.nCtx));
        if (work.compareTo(max) > 0) throw CheckFailure.resourceLimit("the cubic stage's V^3 n = " + work + " steps exceed the limit of " + max + " (see --max-inputs)");
    }

    /**
     * Runs the strategy with Lemma X's enclosures, by Lemma XF: every case is decided with the outer and inner
     * enclosures, and only if they disagree on some comparison (a near tie) is it all run with Lemma X's; the result
     * is the same. Cost O(V^3 n + V^2 (D + n) + V D^2); deterministic operation count.
     */
    public static Result run(Weights w, PathMatrices pm) {
        SoftmaxNumerators o = new SoftmaxNumerators(pm, true);
        CubicVerifier filtered = new CubicVerifier(w, pm, o, new SoftmaxNumerators(o.tokHi, o.tokLo, o.posHi, o.posLo));
        Result r = filtered.decideAll();
        return filtered.undecided ? run(w, pm, new SoftmaxNumerators(pm)) : r;
    }

    /** Runs the strategy with the softmax numerators of {@code pm} already enclosed. */
    public static Result run(Weights w, PathMatrices pm, SoftmaxNumerators se) {
        return new CubicVerifier(w, pm, se, null).decideAll();
    }

    /** Decides every case in the order m, q, c, k (the per-m and per-(m, q) precomputations are shared). */
    private Result decideAll() {
        CubicCover cover = new CubicCover(v, n);
        for (int m = 0; m < v; m++) {
            if (v > 1) beginMax(m);
            for (int q = 0; q <= m; q++) {
                int cMax = q == m ? n - 1 : n - 2;
                if (cMax >= 0 && v > 1) beginQuery(m, q);
                for (int c = 0; c <= cMax; c++) {
                    InputClass cls = new InputClass(q, m, c);
                    for (int k = c == 0 ? m : 0; k < (c == 0 ? m + 1 : m); k++) {
                        if (v == 1) { cover.add(cls, k); continue; } // no wrong logit exists: every input is correct
                        decided++;
                        if (c == 0 ? (q == m ? onlyMax(m) : queryAndMax(m, q)) : general(m, q, k, c)) { proved++; cover.add(cls, k); }
                    }
                }
            }
        }
        return new Result(cover, cover.count(0, 1), BigInteger.valueOf(ops), decided, proved, se);
    }

    /** Operations of {@link PathMatrices#of}: each product of an a x b and b x c matrix costs a c (2b - 1), each sum one per entry. */
    public static long pathMatrixOps(Weights w) {
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

    /** Lemma A's sort: the non-query positions ordered by their exact scores EQKP[q][p] (insertion sort, comparisons counted). */
    private int[] sort(int q) {
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
        ops += 4L * (n - 1); // the outward prefix and suffix sums of pos[q] in this order (posSum)
        return order;
    }

    /**
     * The sum of pos[q] of {@code s} over the positions of the j smallest ({@code small}) or j largest non-query
     * scores, added in that order and rounded in direction r (lower ends for FLOOR, upper ends for CEILING): precomputed.
     */
    private double posSum(SoftmaxNumerators s, int q, int j, boolean small, RoundingMode r) {
        return sums[s == se ? 0 : 1][q][small ? 0 : 1][r == FLOOR ? 0 : 1][j];
    }

    /**
     * <b>Lemma XF (SPEC §7).</b> Whether the bound {@code b(se) < 0}. With Lemma XF's enclosures, a bound that is not
     * negative with {@code se} (outer) and not {@code >= 0} with {@code inner} marks the run undecided.
     */
    private boolean negative(java.util.function.ToDoubleFunction<SoftmaxNumerators> b) {
        if (b.applyAsDouble(se) < 0) return true;
        undecided |= inner != null && !(b.applyAsDouble(inner) >= 0);
        return false;
    }

    /**
     * Lemma B's precomputation for max token m, rounded up from the scaled read-out bounds (Lemma R; a positive scale
     * changes no sign): {@code PVOU*[x]} as the largest upper bound of {@code PVOU[p][x] - PVOU[p][m]} over p, each
     * centred entry {@code EVOU[t][x] - EVOU[t][m] + PVOU*[x]}, {@code EUPU[t][x] - EUPU[t][m]}, and E*, U* as the
     * largest of those over {@code x != m} (rounding up is monotone, so that bounds the largest exact entry).
     */
    private void beginMax(int m) {
        double[] pStar = new double[v];
        for (int x = 0; x < v; x++) {
            pStar[x] = Double.NEGATIVE_INFINITY;
            for (int p = 0; p < n; p++) pStar[x] = Math.max(pStar[x], Round.sub(lb[3][p][x], lb[2][p][m], CEILING));
        }
        ops += (long) v * n * 2 + 3L * v * v; // PVOU centring and max, EVOU centring, + PVOU*, EUPU centring
        eStar = new double[v];
        uStar = new double[v];
        ec = new double[m + 1][v];
        uc = new double[v][m + 1];
        for (int t = 0; t <= m; t++) {
            eStar[t] = uStar[t] = Double.NEGATIVE_INFINITY;
            for (int x = 0; x < v; x++) {
                ec[t][x] = Round.add(Round.sub(lb[1][t][x], lb[0][t][m], CEILING), pStar[x], CEILING);
                uc[x][t] = Round.sub(lb[5][t][x], lb[4][t][m], CEILING);
                if (x != m) { eStar[t] = Math.max(eStar[t], ec[t][x]); uStar[t] = Math.max(uStar[t], uc[x][t]); }
            }
        }
        ops += 6L * (m + 1) * v; // two maxima and four roundings per (t, x)
    }

    /** Per-(m, q) upper bounds of {@code K[t] = U*[q] + E*[t]}, t <= m, and the query numerator. */
    private void beginQuery(int m, int q) {
        kHi = new double[m + 1];
        for (int t = 0; t <= m; t++) kHi[t] = Round.add(uStar[q], eStar[t], CEILING);
        ops += m + 1 + 2; // and the enclosure of N(n-1, q) (qTerm)
    }

    /** {@code N(n-1, q) k} with the enclosure of {@code s}, rounded up. */
    private double qTerm(SoftmaxNumerators s, int q, double k) {
        return Round.mulInterval(Round.mul(s.tokLo[q][q], s.posLo[q][n - 1], FLOOR), Round.mul(s.tokHi[q][q], s.posHi[q][n - 1], CEILING), k, CEILING);
    }

    /**
     * Case {@code q = k = m}, {@code c = 0} (the all-m input). Lemma B with fixed x: the bound
     * {@code sum_i a_i (EUPU^[m,x] + EVOU^[m,x] + PVOU*[x])} equals the bracket, whose sign is that
     * of its upper bound when that is negative.
     */
    private boolean onlyMax(int m) {
        for (int x = 0; x < v; x++) {
            if (x == m) continue;
            ops += 2;
            if (!(Round.add(uc[x][m], ec[m][x], CEILING) < 0)) return false;
        }
        return true;
    }

    /**
     * Case {@code q < m = k}, {@code c = 0} (the input {@code (m, ..., m, q)}). Lemma B with fixed x:
     * {@code N_m (EUPU^[q,x] + EVOU^[m,x] + PVOU*[x]) + N_q (EUPU^[q,x] + EVOU^[q,x] + PVOU*[x]) < 0}
     * with {@code N_m = tok[q][m] P}; the attention is fixed, so no ordering is needed.
     */
    private boolean queryAndMax(int m, int q) {
        ops += 2; // the enclosure of N_m
        for (int x = 0; x < v; x++) {
            if (x == m) continue;
            double cm = Round.add(uc[x][q], ec[m][x], CEILING), cq = Round.add(uc[x][q], ec[q][x], CEILING);
            ops += 6;
            if (!negative(s -> Round.add(Round.mulInterval(Round.mul(s.tokLo[q][m], posSum(s, q, n - 1, true, FLOOR), FLOOR),
                    Round.mul(s.tokHi[q][m], posSum(s, q, n - 1, true, CEILING), CEILING), cm, CEILING), qTerm(s, q, cq), CEILING))) return false;
        }
        return true;
    }

    /** Case {@code k < m}, {@code c >= 1}: Lemmas A and B, both extreme orderings must give a negative upper bound. */
    private boolean general(int m, int q, int k, int c) {
        ops++; // the query term
        return rowNegative(q, m, k, c, true) && rowNegative(q, m, k, c, false);
    }

    /**
     * Upper bound of {@code tok[q][m] P_M K[m] + tok[q][k] P_K K[k] + N(n-1, q) K[q]} is negative, with P_M the sum of pos
     * over the {@code n-1-c} smallest (row 0) or largest (row 1) non-query scores and P_K over the c others.
     */
    private boolean rowNegative(int q, int m, int k, int c, boolean row0) {
        ops += 9; // four enclosure products, two bound products, two sums, one comparison
        return negative(s -> {
            double wmLo = Round.mul(s.tokLo[q][m], posSum(s, q, n - 1 - c, row0, FLOOR), FLOOR), wmHi = Round.mul(s.tokHi[q][m], posSum(s, q, n - 1 - c, row0, CEILING), CEILING);
            double wkLo = Round.mul(s.tokLo[q][k], posSum(s, q, c, !row0, FLOOR), FLOOR), wkHi = Round.mul(s.tokHi[q][k], posSum(s, q, c, !row0, CEILING), CEILING);
            return Round.add(Round.add(Round.mulInterval(wmLo, wmHi, kHi[m], CEILING), Round.mulInterval(wkLo, wkHi, kHi[k], CEILING), CEILING),
                    qTerm(s, q, kHi[q]), CEILING);
        });
    }
}
