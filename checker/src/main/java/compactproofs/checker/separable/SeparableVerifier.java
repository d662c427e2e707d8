package compactproofs.checker.separable;

import static java.math.RoundingMode.CEILING;
import static java.math.RoundingMode.FLOOR;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.Workers;
import compactproofs.checker.arith.ExactMatrix;
import compactproofs.checker.arith.Round;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.bruteforce.Tally;
import compactproofs.checker.cubic.CubicVerifier;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The separable strategy and its verifier (SPEC §10): counting, per query q and max m, the inputs on which
 * a separable upper bound of every wrong logit's lead is negative.
 *
 * <p><b>Lemma U (separable bound, union over logits).</b> For an input with query q and max m, and
 * {@code x != m}, write {@code g_x(i, t) = EUPU^[q,x] + EVOU^[t,x] + PVOU^[i,x]} (centred at m as in §7). By
 * Lemma P and {@code sum_i a_i = 1}, {@code Z C_q (logit[x] - logit[m]) = sum_i N(i, t_i) g_x(i, t_i)} with
 * {@code N(i, t) = tok[q][t] pos[q][i] >= 0} (Lemma S): a sum over positions of terms that each depend on one
 * position's token. For a set R of wrong logits, {@code max_{x in R}} of it is at most
 * {@code sum_i N(i, t_i) G_R(i, t_i)} with {@code G_R(i, t) = max_{x in R} g_x(i, t)}. The wrong logits are split
 * into tests: one set {x} per hinted x, and the remaining ones together. An input on which some test's bound is
 * not negative is counted as failing; every wrong input fails some test, so at least the class size minus the
 * sum of the tests' failing counts are correct.
 *
 * <p><b>Lemma GC (grid counting).</b> Each term is bounded above by a double {@code h(i, t)} (outward, Lemma R)
 * and then by the integer {@code H(i, t) = ceil(h(i, t) 2^e)}, for any e; a non-finite h makes every input
 * holding that token there fail. An input whose integer sum is negative has a negative bound. The number of
 * token assignments with a negative integer sum is computed exactly by dynamic programming over the
 * positions (state: the partial sum and whether m has occurred), so the count is exact for the grid.
 *
 * <p><b>Lemma SE (enumerating the failing inputs).</b> With {@code enumerate_failing}, the inputs of a class that
 * fail some test are found by depth-first search on the tests' grid tables (skipping subtrees whose every
 * completion passes every test) and decided as brute force does; the count is the class size minus their number
 * plus those proved correct, exact when none is left unresolved.
 */
public final class SeparableVerifier {
    /** Largest grid resolution a certificate may ask for (checked when the certificate is parsed). */
    public static final int MAX_RESOLUTION = Hints.Separable.MAX_RESOLUTION;

    private final PathMatrices pm;
    private final SoftmaxNumerators se;
    private final int v, n, resolution;
    /** [m][q] the hinted wrong logits tested alone, or null. */
    private final boolean[][][] split;
    private final ExactMatrix evouT, pvouT, eupuT;

    /** The dynamic programs' operations so far, all threads, and the limit (a hint's resolution cannot make the check hang). */
    private final AtomicLong dpWork = new AtomicLong();
    private final long maxWork;
    private volatile boolean overBudget;
    /** Lemma SE: enumerate the inputs failing some test and decide them by brute force; those inputs, all tasks. */
    private final boolean enumerate;
    private final List<int[]> toDecide = java.util.Collections.synchronizedList(new ArrayList<>());

    private SeparableVerifier(PathMatrices pm, int resolution, boolean[][][] split, BigInteger maxWork, boolean enumerate) {
        this.enumerate = enumerate;
        this.maxWork = maxWork.min(BigInteger.valueOf(Long.MAX_VALUE >> 1)).longValueExact();
        this.pm = pm;
        this.se = new SoftmaxNumerators(pm, true); // any enclosures (Lemma S); Lemma XF's outer rows are the cheap ones
        this.v = pm.vocab;
        this.n = pm.nCtx;
        this.resolution = resolution;
        this.split = split;
        evouT = pm.evou.transpose();
        pvouT = pm.pvou.transpose();
        eupuT = pm.eupu.transpose();
    }

    /**
     * What one run proved: at least {@code proved} inputs correct, with {@code ops} counted operations;
     * {@code byClass[m][q]} of them with query q and max m (where the proof loses, for the search and the tests).
     */
    public record Result(BigInteger proved, long ops, long[][] byClass, boolean exact, long enumerated, long decisionOps) {}

    /**
     * Verifies the hints and proves the count; exact only with {@code enumerate_failing} when no enumerated input is left
     * unresolved (Lemma SE). Effective dimension as the cubic strategy's.
     *
     * @throws CheckFailure malformed hints (a listed logit out of range or repeated), or a resource limit
     *     (counts beyond 62 bits, or the work bound over {@code --max-inputs})
     */
    public static StrategyResult prove(Weights w, PathMatrices pm, Hints.Separable h, VerifyOptions opt) throws CheckFailure {
        Result r = run(w, pm, h, opt.threads(), opt.maxInputs());
        BigInteger ed = BigInteger.valueOf(3L * w.vocab * w.vocab + 2L * w.nCtx * w.vocab);
        return new StrategyResult(r.proved(), BigInteger.valueOf(r.ops()), r.exact(), ed, "resolution " + h.resolution() + ", "
                + h.splitLogits().length + " logits tested alone" + (h.enumerateFailing() ? ", " + r.enumerated() + " inputs failing a test decided by brute force (" + r.decisionOps() + " ops)" : ""), r.exact());
    }

    /** {@link #prove}'s count and operations. @throws CheckFailure as {@link #prove} */
    public static Result run(Weights w, PathMatrices pm, Hints.Separable h, int threads, BigInteger maxWork) throws CheckFailure {
        int v = w.vocab, n = w.nCtx;
        if (h.resolution() < 1) throw CheckFailure.malformed("hints.resolution must be at least 1");
        // every count below is at most V^(n-1) (assignments of the n-1 non-query positions), so it fits a long
        if (BigInteger.valueOf(v).pow(n - 1).bitLength() > 62)
            throw CheckFailure.resourceLimit("the separable strategy counts in 64 bits, so V^(n-1) must be below 2^62");
        // the bound tables cost about V per entry, n (m+1) entries per test: refuse what could not finish
        BigInteger tables = BigInteger.valueOf((long) v * (v + 1) / 2 + h.splitLogits().length).multiply(BigInteger.valueOf((long) n * v * (v + 1)));
        if (tables.compareTo(maxWork) > 0)
            throw CheckFailure.resourceLimit("the separable proof's bound tables need about " + tables + " operations, over the limit of " + maxWork + " (see --max-inputs)");
        boolean[][][] split = new boolean[v][][];
        for (int[] s : h.splitLogits()) {
            int q = s[0], m = s[1], x = s[2];
            if (m >= v || q > m || x >= v || x == m) throw CheckFailure.malformed("hints.split_logits entry " + Arrays.toString(s) + " is not [q, m, x] with q <= m < V, x < V, x != m");
            if (split[m] == null) split[m] = new boolean[m + 1][];
            if (split[m][q] == null) split[m][q] = new boolean[v];
            if (split[m][q][x]) throw CheckFailure.malformed("hints.split_logits lists " + Arrays.toString(s) + " twice");
            split[m][q][x] = true;
        }
        SeparableVerifier sv = new SeparableVerifier(pm, h.resolution(), split, maxWork, h.enumerateFailing());
        List<Callable<Result>> tasks = new ArrayList<>();
        long[][] byClass = new long[v][];
        for (int m = v - 1; m >= 0; m--) { final int mm = m; byClass[m] = new long[m + 1]; tasks.add(() -> sv.max(mm, byClass[mm])); } // largest first, for balance
        BigInteger proved = BigInteger.ZERO;
        long ops = CubicVerifier.pathMatrixOps(w) + 3L * v * (v + n); // the path matrices and the score enclosures, as cubic
        try {
            for (Result r : Workers.runAll("separable", threads, tasks)) { proved = proved.add(r.proved()); ops = Math.addExact(ops, r.ops()); }
            if (sv.overBudget) throw CheckFailure.resourceLimit("the separable proof's dynamic programs counted more than " + maxWork + " operations (see --max-inputs)");
            if (sv.enumerate) { // Lemma SE: decide the inputs failing some test as brute force does (Lemmas BF, D1), per query token
                java.util.Map<Integer, List<int[]>> byQuery = new java.util.TreeMap<>();
                for (int[] t : sv.toDecide) byQuery.computeIfAbsent(t[n - 1], k -> new ArrayList<>()).add(t);
                for (List<int[]> l : byQuery.values()) l.sort(java.util.Comparator.comparingInt(t -> Arrays.stream(t).max().getAsInt()));
                Tally t = new BruteForceVerifier(pm, sv.se).perQuery("separable", threads, byQuery.keySet(), null,
                        (pass, q) -> { for (int[] in : byQuery.get(q)) pass.enumerate(in, new int[0], 0, null); });
                proved = proved.add(BigInteger.valueOf(t.proved()));
                ops = Math.addExact(ops, t.ops());
                return new Result(proved, ops, byClass, t.unresolved() == 0, sv.toDecide.size(), t.ops());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CheckFailure.resourceLimit("interrupted");
        }
        return new Result(proved, ops, byClass, false, 0, 0);
    }

    /** Every class with max m: the centred matrices of Lemma U, rounded up, then each query's tests. */
    private Result max(int m, long[] byQuery) {
        ExactMatrix e = evouT.subtract(evouT.rowRange(m, m + 1)); // [x][t] = EVOU^[t,x]
        ExactMatrix p = pvouT.subtract(pvouT.rowRange(m, m + 1)); // [x][i] = PVOU^[i,x]
        ExactMatrix u = eupuT.subtract(eupuT.rowRange(m, m + 1)); // [x][q] = EUPU^[q,x]
        Tables tb = new Tables(new double[n][m + 1][v], new double[m + 1][v], new double[m + 1][v], new double[n], new int[m + 1][]);
        java.util.Arrays.fill(tb.p1, Double.NEGATIVE_INFINITY);
        for (int x = 0; x < v; x++) {
            for (int q = 0; q <= m; q++) tb.uc[q][x] = u.toDouble(x, q, CEILING);
            double[] pc = new double[n];
            for (int i = 0; i < n; i++) pc[i] = p.toDouble(x, i, CEILING);
            for (int i = 0; i < n && x != m; i++) tb.p1[i] = Math.max(tb.p1[i], pc[i]);
            for (int t = 0; t <= m; t++) {
                tb.ec[t][x] = e.toDouble(x, t, CEILING);
                for (int i = 0; i < n; i++) tb.b[i][t][x] = Round.add(tb.ec[t][x], pc[i], CEILING);
            }
        }
        // per t, the wrong logits by decreasing EVOU^[t,x] (for the early stop of the maxima in passing)
        for (int t = 0; t <= m; t++) {
            final double[] row = tb.ec[t];
            tb.order[t] = java.util.stream.IntStream.range(0, v).filter(x -> x != m).boxed()
                    .sorted((x, y) -> Double.compare(row[y], row[x])).mapToInt(Integer::intValue).toArray();
        }
        long[] ops = {2L * v * v + (long) v * n + (long) v * (2 * (m + 1) + n) + (long) v * (m + 1) * n // centring, roundings, sums
                + (long) v * n + (long) (m + 1) * v * (33 - Integer.numberOfLeadingZeros(v))};          // maxima over x, sorts
        BigInteger proved = BigInteger.ZERO;
        for (int q = 0; q <= m && !overBudget; q++) {
            long size = pow(m + 1, n - 1) - (q < m ? pow(m, n - 1) : 0), failing = 0;
            List<long[][]> tabs = enumerate ? new ArrayList<>() : null;
            boolean[] alone = split[m] == null || split[m][q] == null ? new boolean[v] : split[m][q];
            boolean rest = false;
            for (int x = 0; x < v; x++) {
                if (x == m) continue;
                if (alone[x] && !overBudget) {
                    boolean[] one = new boolean[v];
                    one[x] = true;
                    failing = Math.min(size, failing + size - passing(q, m, one, tb, ops, tabs)); // both terms <= size < 2^62
                } else rest = true;
            }
            if (rest) {
                boolean[] others = new boolean[v];
                for (int x = 0; x < v; x++) others[x] = x != m && !alone[x];
                failing = Math.min(size, failing + size - passing(q, m, others, tb, ops, tabs));
            }
            if (enumerate) failing = tabs.isEmpty() ? 0 : failing(q, m, tabs, toDecide, ops);
            byQuery[q] = size - failing;
            proved = proved.add(BigInteger.valueOf(size - failing));
        }
        return new Result(proved, ops[0], null, false, 0, 0);
    }

    /**
     * Per max m, rounded up: {@code b[i][t][x] = EVOU^[t,x] + PVOU^[i,x]}, {@code uc[q][x] = EUPU^[q,x]}, {@code ec[t][x] =
     * EVOU^[t,x]}, {@code p1[i] = max_{x != m} PVOU^[i,x]}, and {@code order[t]}: the x != m by decreasing {@code ec[t][x]}.
     */
    private record Tables(double[][][] b, double[][] uc, double[][] ec, double[] p1, int[][] order) {}

    /**
     * Lemma GC for one test R: the number of inputs with query q and max m whose grid sum is negative. The grid
     * exponent e makes {@code S 2^e <= resolution} for {@code S = sum_i max_t |h(i, t)|} (rounded up), so every
     * finite {@code |H| <= resolution + 1} and the sums span at most {@code 2 resolution + 2n} values.
     *
     * <p>{@code G_R(i, t)} is the maximum over x in R of {@code uc[q][x] + b[i][t][x]} (rounded up). For a test of several
     * logits the x are visited by decreasing {@code ec[t][x]}, and the scan stops once {@code U + (ec[t][x] + p1[i])} (rounded
     * up, U the largest {@code uc[q][x]} over R) is at most the maximum so far: by monotonicity of rounded addition it
     * bounds every later term, so the maximum is the same as a full scan's.
     */
    private long passing(int q, int m, boolean[] r, Tables tb, long[] work, List<long[][]> dfs) {
        double[] uc = tb.uc[q];
        int members = 0, only = -1;
        double top = Double.NEGATIVE_INFINITY;
        for (int x = 0; x < v; x++) if (r[x]) { members++; only = x; top = Math.max(top, uc[x]); }
        work[0] += v;
        double[][] h = new double[n][m + 1];
        double s = 0, most = 0;
        for (int i = 0; i < n; i++) {
            double big = 0;
            for (int t = 0; t <= m; t++) {
                if (i == n - 1 && t != q) continue; // the query position holds q
                double g = Double.NEGATIVE_INFINITY;
                if (members == 1) g = Round.add(uc[only], tb.b[i][t][only], CEILING);
                else for (int x : tb.order[t]) {
                    work[0] += 3;
                    if (!r[x]) continue;
                    if (Round.add(top, Round.add(tb.ec[t][x], tb.p1[i], CEILING), CEILING) <= g) break;
                    g = Math.max(g, Round.add(uc[x], tb.b[i][t][x], CEILING));
                }
                double nLo = Round.mul(se.tokLo[q][t], se.posLo[q][i], FLOOR), nHi = Round.mul(se.tokHi[q][t], se.posHi[q][i], CEILING);
                h[i][t] = Round.mulInterval(nLo, nHi, g, CEILING);
                work[0] += 6;
                if (Double.isFinite(h[i][t])) big = Math.max(big, Math.abs(h[i][t]));
            }
            s = Round.add(s, big, CEILING);
            most = Math.max(most, big);
        }
        // S 2^e <= R; if S overflowed, S <= n max|h| < 2^(getExponent(max|h|) + 1 + k) with n < 2^k gives the same
        int log2r = 31 - Integer.numberOfLeadingZeros(resolution);
        int e = Double.isInfinite(s) ? log2r - Math.getExponent(most) - 1 - (32 - Integer.numberOfLeadingZeros(n)) : log2r - Math.getExponent(s) - 1;
        long a = grid(h[n - 1][q], e);
        boolean none = a == FAIL; // no input passes
        long[][] hh = new long[n - 1][m + 1];
        long[] lo = new long[n - 1];
        int width = 1;
        for (int i = 0; i < n - 1; i++) {
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            for (int t = 0; t <= m; t++) {
                hh[i][t] = grid(h[i][t], e);
                if (hh[i][t] != FAIL) { min = Math.min(min, hh[i][t]); max = Math.max(max, hh[i][t]); }
            }
            if (min > max) { none = true; min = max = 0; } // every token fails here
            lo[i] = min;
            a = none ? 0 : a + min;
            width += (int) (max - min); // in total at most 2R + 2n (SPEC §10): below 2^20
        }
        if (dfs != null) { // Lemma SE: the shifted table, a failing token (or test) as BIG, the constant in the last row
            long[][] tab = new long[n][m + 1];
            for (int i = 0; i < n - 1; i++) for (int t = 0; t <= m; t++) tab[i][t] = hh[i][t] == FAIL ? BIG : hh[i][t] - lo[i];
            tab[n - 1][0] = none ? BIG : a;
            dfs.add(tab);
            return 0;
        }
        if (none) return 0;
        // reserve the program's worst case (n positions, at most 2m+3 passes over at most `width` <= 2R + 2n states; below
        // 2^51 as n <= 2^10, V <= 2^20, R <= 2^18) before running it, and give back what was not used
        long bound = (long) n * (2L * m + 3) * width;
        if (dpWork.addAndGet(bound) > maxWork) { overBudget = true; return 0; }
        // suffix tables over positions i..n-2: the largest shifted sum still to come, and the completions through
        // non-failing tokens (all of them, and those without m)
        long[] hiRem = new long[n], all = new long[n], noM = new long[n];
        all[n - 1] = noM[n - 1] = 1;
        for (int i = n - 2; i >= 0; i--) {
            long up = 0, ok = 0;
            for (int t = 0; t <= m; t++) if (hh[i][t] != FAIL) { up = Math.max(up, hh[i][t] - lo[i]); ok++; }
            hiRem[i] = hiRem[i + 1] + up;
            all[i] = all[i + 1] * ok; // at most (m+1)^(n-1-i) < 2^62
            noM[i] = noM[i + 1] * (ok - (hh[i][m] != FAIL ? 1 : 0));
        }
        long[] c0 = new long[width], c1 = new long[width], n0 = new long[width], n1 = new long[width];
        (q == m ? c1 : c0)[0] = 1;
        int from = 0, to = 1; // the states [from, to) are undecided
        long dp = 0, pass = 0;
        for (int i = 0; ; i++) {
            // a state whose largest completion is negative passes with all its completions; one at least 0 fails with all
            int accept = (int) Math.max(from, Math.min(to, -a - hiRem[i]));
            for (int j = from; j < accept; j++) pass += c1[j] * all[i] + c0[j] * (all[i] - noM[i]);
            dp += accept - from;
            from = accept;
            to = (int) Math.max(from, Math.min(to, -a));
            if (i == n - 1 || from == to) break;
            int span = 0;
            for (int t = 0; t <= m; t++) if (hh[i][t] != FAIL) span = Math.max(span, (int) (hh[i][t] - lo[i]));
            long[] count = new long[span + 1]; // tokens below m by shifted grid value
            for (int t = 0; t < m; t++) if (hh[i][t] != FAIL) count[(int) (hh[i][t] - lo[i])]++;
            Arrays.fill(n0, from, to + span, 0);
            Arrays.fill(n1, from, to + span, 0);
            for (int d = 0; d <= span; d++) {
                if (count[d] == 0) continue;
                for (int j = from; j < to; j++) { n0[j + d] += c0[j] * count[d]; n1[j + d] += c1[j] * count[d]; }
                dp += 2L * (to - from);
            }
            if (hh[i][m] != FAIL) {
                int d = (int) (hh[i][m] - lo[i]);
                for (int j = from; j < to; j++) n1[j + d] += c0[j] + c1[j];
                dp += to - from;
            }
            long[] t0 = c0, t1 = c1;
            c0 = n0; c1 = n1; n0 = t0; n1 = t1;
            to += span;
        }
        work[0] += dp;
        dpWork.addAndGet(dp - bound); // the total stays below 2^62 + threads * 2^51
        return pass;
    }

    private static final long FAIL = Long.MIN_VALUE, BIG = 1L << 40; // BIG exceeds every |sum| of grid values (< 2^21)

    /**
     * Lemma SE: the inputs of class (q, m) that fail some test, by depth-first search over the non-query positions with
     * the tests' shifted tables; a subtree whose every completion passes every test is skipped. The failing inputs go to
     * {@code out}; returns their number. Stops (over budget) after {@code maxWork} nodes in all.
     */
    private long failing(int q, int m, List<long[][]> tabs, List<int[]> out, long[] work) {
        int k = tabs.size();
        // the largest sum still to come from position i on: hiRem[0] over all completions, hiRem[1] over those holding an m
        long[][][] hiRem = new long[2][k][n];
        long[] s = new long[k];
        int[][] last = new int[k][]; // per test, the tokens of the last non-query position by decreasing value
        for (int c = 0; c < k; c++) {
            long[][] tab = tabs.get(c);
            long withM = Long.MIN_VALUE / 2;
            for (int i = n - 2; i >= 0; i--) {
                long top = Arrays.stream(tab[i]).max().getAsLong();
                hiRem[0][c][i] = hiRem[0][c][i + 1] + top;
                withM = Math.max(withM, tab[i][m] - top); // the best place for the m the class needs
                hiRem[1][c][i] = hiRem[0][c][i] + withM;
            }
            hiRem[1][c][n - 1] = Long.MIN_VALUE / 2; // no position left for an m
            s[c] = tab[n - 1][0];
            if (n >= 2) last[c] = java.util.stream.IntStream.rangeClosed(0, m).boxed()
                    .sorted((x, y) -> Long.compare(tab[n - 2][y], tab[n - 2][x])).mapToInt(Integer::intValue).toArray();
        }
        work[0] += (long) k * (m + 1) * (33 - Integer.numberOfLeadingZeros(m + 1)); // the sorts
        int[] t = new int[n];
        t[n - 1] = q;
        return dfs(0, q == m, s, tabs, hiRem, last, t, m, out, work);
    }

    private long dfs(int i, boolean hasM, long[] s, List<long[][]> tabs, long[][][] hiRem, int[][] last, int[] t, int m, List<int[]> out, long[] work) {
        work[0] += s.length;
        if (dpWork.addAndGet(s.length) > maxWork) { overBudget = true; return 0; }
        boolean allPass = true;
        for (int c = 0; c < s.length && allPass; c++) allPass = s[c] + hiRem[hasM ? 0 : 1][c][i] < 0;
        if (allPass) return 0;
        if (i == n - 1) return emit(t, out);
        if (i == n - 2) { // the last position: per test, walk its tokens down while the sum stays at least 0
            boolean[] fails = new boolean[m + 1];
            for (int c = 0; c < s.length; c++)
                if (!hasM) { fails[m] |= s[c] + tabs.get(c)[i][m] >= 0; work[0]++; } // the class needs an m: only m is left
                else for (int j = 0; j <= m && s[c] + tabs.get(c)[i][last[c][j]] >= 0; j++) { fails[last[c][j]] = true; work[0]++; }
            long found = 0;
            for (int tok = hasM ? 0 : m; tok <= m; tok++) // the class needs an m
                if (fails[tok] && !overBudget) { t[i] = tok; found += emit(t, out); }
            return found;
        }
        long found = 0;
        for (int tok = 0; tok <= m && !overBudget; tok++) {
            t[i] = tok;
            long[] next = new long[s.length];
            for (int c = 0; c < s.length; c++) next[c] = s[c] + tabs.get(c)[i][tok];
            found += dfs(i + 1, hasM || tok == m, next, tabs, hiRem, last, t, m, out, work);
        }
        return found;
    }

    /** Keeps a failing input for the brute-force decision, charging its decision (2Vn) to the work limit. */
    private long emit(int[] t, List<int[]> out) {
        if (dpWork.addAndGet(2L * v * n) > maxWork) { overBudget = true; return 0; }
        out.add(t.clone());
        return 1;
    }

    /**
     * {@code ceil(h 2^e)}, or FAIL for a non-finite h. For finite h, {@code |h 2^e| <= resolution} by the choice
     * of e; scalb is exact unless its result is subnormal (or zero from a nonzero h), when one step up keeps it
     * an upper bound.
     */
    private static long grid(double h, int e) {
        if (!Double.isFinite(h)) return FAIL;
        double y = Math.scalb(h, e);
        if (h != 0 && Math.abs(y) < Double.MIN_NORMAL) y = Math.nextUp(y);
        return (long) Math.ceil(y);
    }

    private static long pow(int base, int exp) {
        long r = 1;
        for (int k = 0; k < exp; k++) r = Math.multiplyExact(r, base);
        return r;
    }
}
