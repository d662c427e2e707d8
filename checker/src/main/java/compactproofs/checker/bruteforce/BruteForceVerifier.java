package compactproofs.checker.bruteforce;

import static java.math.RoundingMode.CEILING;
import static java.math.RoundingMode.FLOOR;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.Workers;
import compactproofs.checker.arith.Round;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;
import java.util.stream.IntStream;

/**
 * The brute-force strategy and its verifier (SPEC §6; Lemma BF, Lemma D1): decides every one of the
 * {@code V^n} inputs.
 *
 * <p><b>Lemma BF (fixed-point enclosure).</b> For query token q, position i and token t let
 * {@code w[i][t] = tok[q][t] * pos[q][i]} (a positive multiple, common to the whole query, of the
 * softmax numerator; Lemma S) and {@code u[i][t][y] = w[i][t] * (EVOU[t][y] + PVOU[i][y] + EUPU[q][y])}.
 * Then {@code Z * logit[y] = sum_i u[i][t_i][y]} for the input t. The checker encloses every u in an
 * integer interval {@code [lo, hi] * 2^-F} (outward-rounded double products, then floor / ceiling), so
 * the sums {@code SLO[y] = sum_i lo}, {@code SHI[y] = sum_i hi} are exact integers with
 * {@code SLO[y] <= 2^F Z logit[y] <= SHI[y]}. If {@code SLO[m] > SHI[x]} for every {@code x != m} the
 * model is correct on t; if {@code SHI[m] <= SLO[x]} for some {@code x != m} it is wrong on t.
 * (The first test is tried first in the cheaper sufficient form {@code SLO[m] > max_{x != m} P[x] + max_{x != m} R[x]},
 * {@code SHI = P + R} with R the row of the last enumerated position, and when it fails, a witness that
 * it fails with the same bound for the second test sends the input straight on; the double tier below likewise tries
 * the outward sum of each position's largest upper enclosure over {@code x != m}. Decisions and counted
 * operations do not change.)
 * Otherwise the same test is made with the double enclosures summed with outward rounding (which
 * keeps relative precision when all numerators are tiny), and failing that the input is decided
 * again by {@link InputDecider} at high precision (Lemma D1); an input that stays undecided is
 * counted as not proved.
 *
 * <p>Proof length: one counted operation per fixed-point addition or comparison and per table entry.
 *
 * <p>The enumeration proves every input correct, wrong, or (rarely) leaves it unresolved; the count is
 * exact when none is unresolved. Optional hint {@code incorrect_inputs}: the generator's list of the
 * inputs not proved correct. It changes no count; if present it must be exactly the set the checker
 * did not prove correct, or the certificate is rejected (it would state something false).
 */
public final class BruteForceVerifier {
    /** Receives every input that was not proved correct (wrong or unresolved). */
    public interface Collector { void notProved(int[] input, InputDecider.Outcome outcome); }

    public static StrategyResult prove(Weights w, PathMatrices pm, Hints.BruteForce hints, VerifyOptions opt)
            throws CheckFailure, InterruptedException {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        if (total.compareTo(opt.maxInputs()) > 0)
            throw CheckFailure.resourceLimit("brute force over " + total + " inputs exceeds the limit of " + opt.maxInputs() + " (see --max-inputs)");
        Set<Long> listed = hints.incorrectInputs() == null ? null : listed(hints.incorrectInputs(), w);
        Set<Long> notProved = listed == null ? null : ConcurrentHashMap.newKeySet();
        Collector collector = notProved == null ? null : (t, outcome) -> {
            if (notProved.size() <= Hints.BruteForce.MAX_LISTED) notProved.add(index(t, w.vocab));
        };
        Tally r = new BruteForceVerifier(pm).run(opt.threads(), collector, opt.progress() == null ? null : done -> opt.progress().done(done, w.vocab));
        if (listed != null && !listed.equals(notProved))
            throw CheckFailure.rejected("hints.incorrect_inputs is not the set of inputs the model gets wrong ("
                    + listed.size() + " listed, " + (r.wrong() + r.unresolved()) + " not proved correct)");
        String detail = r.wrong() + " proved wrong, " + r.unresolved() + " unresolved, " + r.rechecked() + " re-checked at 60 digits";
        boolean exact = r.unresolved() == 0;
        BigInteger ed = total.multiply(BigInteger.valueOf(w.vocab));
        return new StrategyResult(BigInteger.valueOf(r.proved()), BigInteger.valueOf(r.ops()), exact, ed, detail, exact);
    }

    /** The input's index in base V, position 0 least significant. */
    private static long index(int[] t, int v) {
        long x = 0;
        for (int i = t.length - 1; i >= 0; i--) x = x * v + t[i];
        return x;
    }

    /** The listed inputs as indices, once each; their length and tokens must fit the model. */
    private static Set<Long> listed(int[][] inputs, Weights w) throws CheckFailure {
        Set<Long> out = new HashSet<>();
        for (int k = 0; k < inputs.length; k++) {
            int[] t = inputs[k];
            if (t.length != w.nCtx) throw CheckFailure.malformed("hints.incorrect_inputs[" + k + "] must be an array of " + w.nCtx + " tokens");
            for (int x : t) if (x >= w.vocab) throw CheckFailure.malformed("hints.incorrect_inputs[" + k + "] has token " + x + " >= vocab " + w.vocab);
            if (!out.add(index(t, w.vocab))) throw CheckFailure.malformed("hints.incorrect_inputs lists " + Arrays.toString(t) + " twice");
        }
        return out;
    }

    private final PathMatrices pm;
    private final SoftmaxNumerators se;
    private final int v, n;
    private final double[][] euLo, euHi;
    /** {@code EVOU[t][y] + PVOU[i][y]}'s bounds as [i][t][y], the part of every table entry that no query changes. */
    private final double[][][] evpvLo, evpvHi;

    public BruteForceVerifier(PathMatrices pm) {
        this(pm, new SoftmaxNumerators(pm, true)); // Lemma BF: any enclosures
    }

    /** With score exponentials already computed for {@code pm}. */
    public BruteForceVerifier(PathMatrices pm, SoftmaxNumerators se) {
        this.pm = pm;
        this.se = se;
        this.v = pm.vocab; this.n = pm.nCtx;
        double[][][] b = pm.scaledLogitBounds(); // Lemma BF (scaling): no double enclosure of L or w L overflows
        euLo = b[4]; euHi = b[5];
        evpvLo = new double[n][v][v]; evpvHi = new double[n][v][v];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < v; t++)
                for (int y = 0; y < v; y++) { evpvLo[i][t][y] = Round.add(b[0][t][y], b[2][i][y], FLOOR); evpvHi[i][t][y] = Round.add(b[1][t][y], b[3][i][y], CEILING); }
    }

    /** Decides all inputs with the given number of threads; {@code progress} gets each finished query token. */
    public Tally run(int threads, Collector collector, IntConsumer progress) throws InterruptedException {
        int[] all = IntStream.range(0, n - 1).toArray();
        AtomicInteger done = new AtomicInteger();
        return perQuery("brute-force", threads, IntStream.range(0, v).boxed().toList(), collector, (pass, q) -> {
            pass.enumerate(new int[n], all, v, null);
            if (progress != null) progress.accept(done.incrementAndGet());
        });
    }

    /** Runs {@code work} on a fresh pass of each query token in {@code queries}, one task per token, and adds up their tallies. */
    public Tally perQuery(String name, int threads, Collection<Integer> queries, Collector collector, ObjIntConsumer<QueryPass> work)
            throws InterruptedException {
        List<Callable<Tally>> tasks = new ArrayList<>();
        for (int q : queries)
            tasks.add(() -> {
                QueryPass pass = new QueryPass(q, collector);
                work.accept(pass, q);
                return pass.tally();
            });
        return Workers.runAll(name, threads, tasks).stream().reduce(Tally.ZERO, Tally::plus);
    }

    /**
     * The tables of one query token q and enumerations over them. Not thread-safe: one per thread.
     * Counters accumulate over every {@link #enumerate} call.
     */
    public final class QueryPass {
        private final int q;
        private final Collector collector;
        private final long[][][] lo = new long[n][v][v], hi = new long[n][v][v]; // [position][token][logit], fixed point
        private final double[][][] dlo = new double[n][v][], dhi = new double[n][v][]; // the same enclosures as doubles
        private final long[][] partLo = new long[n + 1][v], partHi = new long[n + 1][v];
        /** The {@link #top2} indices of every row of dhi, and {lo, hi} of the rows used since they were last computed (else null; a shift keeps them). */
        private final int[][][] dhiTop = new int[n][v][];
        private final int[][][][] rowTop = new int[n][v][][];
        /** prefixMax[t]: the largest |u| over positions, logits and tokens at most t. */
        private final double[] prefixMax = new double[v];
        private int[] tokens, vary;
        private int limit, fracBits, scaledUpTo = -1;
        private boolean[] inS;
        private long proved, wrong, unresolved, rechecked, ops;

        QueryPass(int q, Collector collector) {
            this.q = q;
            this.collector = collector;
            buildTables();
        }

        /** The context length n. */
        public int nCtx() { return n; }

        /** The counts of every enumeration so far, and the operations (tables included). */
        public Tally tally() {
            return new Tally(proved, wrong, unresolved, rechecked, ops);
        }

        /**
         * The double enclosures {@code [dlo, dhi]} of every {@code u[i][t][y]} (Lemma BF), products and
         * sums rounded outward; the last position always holds q. By the scaling every bound is finite.
         */
        private void buildTables() {
            for (int i = 0; i < n; i++)
                for (int t = 0; t < v; t++) {
                    if (i == n - 1 && t != q) continue;
                    double wl = Round.mul(se.tokLo[q][t], se.posLo[q][i], FLOOR), wh = Round.mul(se.tokHi[q][t], se.posHi[q][i], CEILING);
                    dlo[i][t] = new double[v];
                    dhi[i][t] = new double[v];
                    for (int y = 0; y < v; y++) {
                        double ll = Round.add(evpvLo[i][t][y], euLo[q][y], FLOOR), lh = Round.add(evpvHi[i][t][y], euHi[q][y], CEILING);
                        dlo[i][t][y] = Round.mulInterval(wl, wh, ll, FLOOR);
                        dhi[i][t][y] = Round.mulInterval(wl, wh, lh, CEILING);
                        prefixMax[t] = Math.max(prefixMax[t], Math.max(Math.abs(dlo[i][t][y]), Math.abs(dhi[i][t][y])));
                    }
                    dhiTop[i][t] = top2(dhi[i][t], v);
                    ops += 2L * v;
                }
            for (int t = 1; t < v; t++) prefixMax[t] = Math.max(prefixMax[t], prefixMax[t - 1]);
        }

        /**
         * Sets the fixed-point grid {@code 2^-F} for inputs whose tokens are all at most
         * {@code maxToken} (Lemma BF's range argument): with {@code e = getExponent(max|u|)} (so
         * {@code max|u| < 2^(e+1)}) and {@code L = ceil(log2 n)}, {@code F = min(1000, 60 - e - L)} gives
         * {@code |u| 2^F < 2^(61-L) <= 2^61/n}; each rounded entry is at most {@code 2^61/n + 2} in
         * magnitude ({@link #fixedFloor}), so every sum of at most n entries is below {@code 2^62}: no long
         * sum can overflow. The current grid stays valid for smaller tokens; it is refined only when
         * that gains 8 bits or more. A coarser grid with {@code F >= 0} shifts the rows already computed (the same
         * values as computing them again).
         */
        public void rescale(int maxToken) {
            double top = prefixMax[maxToken];
            int f = top == 0 ? 200 : Math.min(1000, 60 - Math.getExponent(top) - (32 - Integer.numberOfLeadingZeros(n - 1)));
            if (maxToken <= scaledUpTo && f < fracBits + 8) return;
            // rows on a finer grid with f >= 0 hold exact floors: floor(floor(y) / 2^k) = floor(y / 2^k); as |y| < 2^62,
            // y >> 63 is that for every k >= 63 (Java's >> would take k mod 64)
            int k = Math.min(fracBits - f, 63);
            boolean shift = f >= 0 && k >= 0;
            fracBits = f;
            for (int i = 0; i < n; i++)
                for (int t = 0; t <= maxToken; t++) {
                    if (dlo[i][t] == null) continue;
                    long[] l = lo[i][t], h = hi[i][t];
                    // a shift is monotone, so the row's top2 indices stay valid (a largest entry stays a largest)
                    if (shift && t <= scaledUpTo) for (int y = 0; y < v; y++) { l[y] >>= k; h[y] = -(-h[y] >> k); }
                    else {
                        for (int y = 0; y < v; y++) { l[y] = fixedFloor(dlo[i][t][y], fracBits, top); h[y] = -fixedFloor(-dhi[i][t][y], fracBits, top); }
                        rowTop[i][t] = null;
                    }
                }
            ops += 2L * n * (maxToken + 1) * v;
            scaledUpTo = maxToken;
        }

        /**
         * Decides every input that equals {@code base} outside the positions {@code vary} and holds a
         * token in {@code [0, limit)} at each of them; with {@code inS} non-null, only the inputs
         * where at least one varied token t has {@code !inS[t]} (lies outside S). The last token is always q.
         */
        public void enumerate(int[] base, int[] vary, int limit, boolean[] inS) {
            this.tokens = base.clone();
            tokens[n - 1] = q;
            this.vary = vary;
            this.limit = limit;
            this.inS = inS;
            boolean[] varied = new boolean[n];
            for (int p : vary) varied[p] = true;
            int max = 0;
            for (int i = 0; i < n; i++) if (!varied[i]) max = Math.max(max, tokens[i]);
            int top = Math.max(max, limit - 1);
            if (top > scaledUpTo) rescale(top);
            Arrays.fill(partLo[0], 0);
            Arrays.fill(partHi[0], 0);
            for (int i = 0; i < n; i++) {
                if (varied[i]) continue;
                for (int y = 0; y < v; y++) { partLo[0][y] += lo[i][tokens[i]][y]; partHi[0][y] += hi[i][tokens[i]][y]; }
                ops += 2L * v;
            }
            if (vary.length == 0) leaf(max, partLo[0], partHi[0], new long[v], new long[v], new int[][] {top2(partLo[0], v), top2(partHi[0], v)}, new int[][] {{0, 1}, {0, 1}});
            else descend(0, max, 0);
        }

        /** Assigns varied position number {@code d} every token, given the max so far and how many varied tokens lie outside S. */
        private void descend(int d, int max, int outside) {
            int pos = vary[d];
            long[] pl = partLo[d], ph = partHi[d], nl = partLo[d + 1], nh = partHi[d + 1];
            boolean last = d == vary.length - 1;
            int[][] pt = last ? new int[][] {null, top2(ph, v)} : null; // the lower one on first use
            for (int t = 0; t < limit; t++) {
                tokens[pos] = t;
                long[] tl = lo[pos][t], th = hi[pos][t];
                int m = Math.max(max, t), out = inS != null && !inS[t] ? outside + 1 : outside;
                if (last) {
                    if (inS != null && out == 0) continue;
                    if (rowTop[pos][t] == null) rowTop[pos][t] = new int[][] {top2(tl, v), top2(th, v)};
                    leaf(m, pl, ph, tl, th, pt, rowTop[pos][t]);
                } else {
                    for (int y = 0; y < v; y++) { nl[y] = pl[y] + tl[y]; nh[y] = ph[y] + th[y]; }
                    ops += 2L * v;
                    descend(d + 1, m, out);
                }
            }
        }

        /** Decides the input whose partial sums plus the row (tl, th) are complete (Lemma BF, exact integer sums). */
        private void leaf(int m, long[] pl, long[] ph, long[] tl, long[] th, int[][] pt, int[][] tt) {
            long lowM = pl[m] + tl[m], highM = ph[m] + th[m], maxHi = Long.MIN_VALUE, maxLo = Long.MIN_VALUE;
            ops += v;
            if (v > 1) { // pt, tt: the top2 indices of {lower, upper} partial sums and row; every sum below has at most n entries
                int a = except(pt[1], m), b = except(tt[1], m);
                // max over y != m of (ph[y] + th[y]) is at most the sum of the two maxima over y != m
                if (lowM > ph[a] + th[b]) { proved++; return; }
                // y = a or b reaching lowM fails the first test; highM above the lower sums' bound fails the second
                if (Math.max(ph[a] + th[a], ph[b] + th[b]) >= lowM) {
                    if (pt[0] == null) pt[0] = top2(pl, v);
                    if (highM > pl[except(pt[0], m)] + tl[except(tt[0], m)]) { ops += v; floatingCheck(m); return; }
                }
            }
            for (int y = 0; y < v; y++) if (y != m) maxHi = Math.max(maxHi, ph[y] + th[y]);
            if (lowM > maxHi) { proved++; return; }
            for (int y = 0; y < v; y++) if (y != m) maxLo = Math.max(maxLo, pl[y] + tl[y]);
            ops += v;
            if (highM <= maxLo) record(InputDecider.Outcome.WRONG);
            else floatingCheck(m);
        }

        /**
         * Second tier for inputs the fixed-point sums cannot separate (typically when every numerator
         * is tiny, so the fixed-point grid is too coarse): the same enclosures summed as doubles with
         * outward rounding, which keep relative precision. Failing that, Lemma D1 ({@link InputDecider}).
         * It first tries the sufficient condition that the lower sum for m exceeds a bound of every upper sum.
         */
        private void floatingCheck(int m) {
            double lowM = 0, highM = 0, bound = 0;
            for (int i = 0; i < n; i++) { lowM = Round.add(lowM, dlo[i][tokens[i]][m], FLOOR); highM = Round.add(highM, dhi[i][tokens[i]][m], CEILING); }
            ops += 4L * n * v;
            // each upper sum increases with every term, so the sum of each position's largest term over y != m bounds them all
            for (int i = 0; v > 1 && i < n; i++) bound = Round.add(bound, dhi[i][tokens[i]][except(dhiTop[i][tokens[i]], m)], CEILING);
            if (v > 1 && lowM > bound) { proved++; return; }
            boolean allBelow = true, someAbove = false;
            for (int y = 0; y < v; y++) {
                if (y == m) continue;
                double sl = 0, sh = 0;
                for (int i = 0; i < n; i++) { sl = Round.add(sl, dlo[i][tokens[i]][y], FLOOR); sh = Round.add(sh, dhi[i][tokens[i]][y], CEILING); }
                allBelow &= lowM > sh;
                someAbove |= highM <= sl;
            }
            if (allBelow) { proved++; return; }
            if (someAbove) { record(InputDecider.Outcome.WRONG); return; }
            rechecked++;
            InputDecider.Outcome o = decider().decide(tokens.clone());
            ops += (long) n * v;
            if (o == InputDecider.Outcome.CORRECT) proved++;
            else record(o);
        }

        private void record(InputDecider.Outcome o) {
            if (o == InputDecider.Outcome.WRONG) wrong++; else unresolved++;
            if (collector != null) collector.notProved(tokens.clone(), o);
        }
    }

    /**
     * {@code floor(x 2^f)} for a finite x with {@code |x| <= top}, as a long, one lower when f < 0.
     * {@code Math.scalb} is exact unless its result is subnormal (only possible for f < 0), and then
     * it is off by less than 2^-1074, far below 1, so the floor of the rounded value minus one is a
     * lower bound. The result is at most {@code 2^61/n + 2} in magnitude by the choice of f
     * ({@link QueryPass#rescale}), which the check below confirms, so the narrowing cast is exact.
     *
     * @throws IllegalStateException if the range argument failed (an internal error: never accepted)
     */
    static long fixedFloor(double x, int f, double top) {
        double s = Math.floor(Math.scalb(x, f));
        if (!(Math.abs(s) <= 0x1p61) || !(Math.abs(x) <= top)) throw new IllegalStateException("fixed-point entry out of range");
        return (long) s - (f < 0 ? 1 : 0);
    }

    /** For v >= 2: the indices {i, j} of a largest entry of a row (a long[] or a double[] without NaN) and of a largest entry at another index. */
    static int[] top2(Object row, int v) {
        int[] r = {0, -1};
        for (int y = 1; y < v; y++)
            if (compare(row, y, r[0]) > 0) { r[1] = r[0]; r[0] = y; }
            else if (r[1] < 0 || compare(row, y, r[1]) > 0) r[1] = y;
        return r;
    }

    /** Compares entries i and j of a long[] or double[] row. */
    private static int compare(Object row, int i, int j) {
        return row instanceof long[] a ? Long.compare(a[i], a[j]) : Double.compare(((double[]) row)[i], ((double[]) row)[j]);
    }

    /** The index of a largest entry at an index other than m, given the row's {@link #top2}. */
    static int except(int[] top, int m) {
        return top[0] == m ? top[1] : top[0];
    }

    private InputDecider decider;

    /** The shared high-precision decider, built on first use (it is immutable once built). */
    private synchronized InputDecider decider() {
        if (decider == null) decider = new InputDecider(pm, 60);
        return decider;
    }
}
