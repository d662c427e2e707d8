package compactproofs.checker.testing;

import ch.obermuhlner.math.big.BigDecimalMath;
import compactproofs.checker.model.Weights;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent exact oracle for the statement of SPEC.md §1 (test scope only). For every input it
 * answers CORRECT, WRONG, or (only for near ties it cannot resolve) UNKNOWN, working directly from the
 * raw weights with exact {@link BigDecimal} arithmetic (every stored double is an exact dyadic) and
 * big-math's exp and sqrt for the one irrational step. It shares no code with the checker: no
 * PathMatrices, ExactMatrix, Enclosures or InputDecider.
 *
 * <p><b>Method.</b> With {@code r_i = W_E[t_i] + W_pos[i]}, {@code Q = r_{n-1} W_Q + b_Q},
 * {@code K_i = r_i W_K + b_K}, the raw score {@code σ_i = Q·K_i} is computed exactly; the real score is
 * {@code σ_i/√H}. With {@code V_i = r_i W_V + b_V} and {@code L_i = r_{n-1} W_U + (V_i W_O + b_O) W_U + b_U}
 * (exact), {@code Σ a_i = 1} gives {@code logit[m] − logit[x] = Σ_i a_i ΔL_i}, {@code ΔL_i = L_i[m] − L_i[x]},
 * whose sign is the sign of {@code Σ_i e^{σ_i/√H} ΔL_i}. Positions are grouped by equal exact σ; each
 * group contributes {@code D_g = Σ_{i∈g} ΔL_i} (exact) and groups with {@code D_g = 0} are dropped. If none
 * is left the margin is exactly 0 (a tie: wrong). If all D_g have one sign the sign is exact. Otherwise,
 * factoring out the largest remaining σ*, the sign is that of
 * {@code D_1 + Σ_{g≥2} e^{−(σ*−σ_g)/√H} D_g}, evaluated at 120 significant digits (then 400, 1500, 5000
 * if needed). Terms whose exponent exceeds a cutoff are bounded instead of evaluated. The sign is
 * accepted only when the sum's magnitude exceeds twice the rounding bound ({@code 10^-(P-10)} relative
 * to the sum of the magnitudes of the terms) plus the neglected bound; otherwise UNKNOWN. By
 * Lindemann–Weierstrass the sum is nonzero when some {@code D_g ≠ 0} and the σ_g are distinct, so only
 * extreme near-cancellations stay UNKNOWN.
 *
 * <p>An input is CORRECT iff every {@code x ≠ m} gives a positive sign, WRONG if some x gives a
 * non-positive one (a zero sum is a tie, and ties are wrong), and UNKNOWN otherwise.
 */
public final class ExactOracle {
    public enum Outcome { CORRECT, WRONG, UNKNOWN }

    /** The classification of all {@code V^n} inputs (index in base V, position 0 least significant). */
    public record Count(long correct, long wrong, long unknown, Outcome[] perInput) {
        public long total() { return correct + wrong + unknown; }
        /** The largest number of inputs that can truly be correct. */
        public long upper() { return correct + unknown; }
        @Override public String toString() {
            return "oracle: " + correct + " correct, " + wrong + " wrong, " + unknown + " unknown of " + total();
        }
    }

    /** Significant digits of the successive evaluations. */
    static final int[] DIGITS = {120, 400, 1500, 5000};
    /** Exponent cutoffs of the successive evaluations (terms e^{-a} with a above it are only bounded). */
    static final int[] CUTOFF = {20000, 20000, 100000, 100000};

    private final Weights w;
    private final int v, n, h;
    private final BigDecimal[][] qvec;    // [q][H]      (W_E[q] + W_pos[n-1]) W_Q + b_Q
    private final BigDecimal[][][] key;   // [i][t][H]   (W_E[t] + W_pos[i]) W_K + b_K
    private final BigDecimal[][][] val;   // [i][t][V]   (((W_E[t] + W_pos[i]) W_V + b_V) W_O + b_O) W_U
    private final BigDecimal[][] resid;   // [q][V]      (W_E[q] + W_pos[n-1]) W_U + b_U
    private final Map<Integer, BigDecimal> invSqrtH = new HashMap<>();
    private final Map<Integer, BigDecimal> expCutoff = new HashMap<>();
    /** Number of sign evaluations that needed exp (statistics for tests). */
    private long evaluated, escalated;

    public ExactOracle(Weights w) {
        this.w = w;
        v = w.vocab; n = w.nCtx; h = w.dHead;
        qvec = new BigDecimal[v][];
        resid = new BigDecimal[v][];
        for (int q = 0; q < v; q++) {
            BigDecimal[] r = residual(q, n - 1);
            qvec[q] = affine(r, w.wQ, w.bQ);
            resid[q] = affine(r, w.wU, w.bU);
        }
        key = new BigDecimal[n][v][];
        val = new BigDecimal[n][v][];
        for (int i = 0; i < n; i++)
            for (int t = 0; t < v; t++) {
                BigDecimal[] r = residual(t, i);
                key[i][t] = affine(r, w.wK, w.bK);
                BigDecimal[] out = affine(affine(r, w.wV, w.bV), w.wO, w.bO);
                val[i][t] = affine(out, w.wU, null);
            }
    }

    /** {@code W_E[t] + W_pos[i]}, exactly. */
    private BigDecimal[] residual(int t, int i) {
        BigDecimal[] r = new BigDecimal[w.dModel];
        for (int k = 0; k < w.dModel; k++) r[k] = bd(w.wE[t][k]).add(bd(w.wPos[i][k]));
        return r;
    }

    /** {@code x M + b} exactly ({@code b} may be null). */
    private static BigDecimal[] affine(BigDecimal[] x, double[][] m, double[] b) {
        int cols = m[0].length;
        BigDecimal[] out = new BigDecimal[cols];
        for (int j = 0; j < cols; j++) {
            BigDecimal s = b == null ? BigDecimal.ZERO : bd(b[j]);
            for (int k = 0; k < x.length; k++) {
                double mk = m[k][j];
                if (mk != 0 && x[k].signum() != 0) s = s.add(x[k].multiply(bd(mk)));
            }
            out[j] = s;
        }
        return out;
    }

    private static BigDecimal bd(double x) { return x == 0 ? BigDecimal.ZERO : new BigDecimal(x); }

    /** The exact raw score {@code σ_i = Q·K_i} of position i in input t (the real score is σ_i/√H). */
    public BigDecimal rawScore(int[] t, int i) {
        BigDecimal[] qq = qvec[t[n - 1]], kk = key[i][t[i]];
        BigDecimal s = BigDecimal.ZERO;
        for (int j = 0; j < h; j++) s = s.add(qq[j].multiply(kk[j]));
        return s;
    }

    /** The exact {@code L_i[y]} (logits of position i's value path plus residual and biases). */
    public BigDecimal pathLogit(int[] t, int i, int y) {
        return resid[t[n - 1]][y].add(val[i][t[i]][y]);
    }

    /** Decides input t (length n, tokens in 0..V-1). */
    public Outcome decide(int[] t) {
        if (t.length != n) throw new IllegalArgumentException("input length " + t.length + " != n " + n);
        int m = 0;
        for (int x : t) m = Math.max(m, x);
        // positions grouped by exact raw score, largest first
        TreeMap<BigDecimal, List<Integer>> groups = new TreeMap<>(java.util.Comparator.reverseOrder());
        for (int i = 0; i < n; i++) groups.computeIfAbsent(rawScore(t, i), k -> new ArrayList<>()).add(i);
        BigDecimal[][] l = new BigDecimal[n][v];
        for (int i = 0; i < n; i++) for (int y = 0; y < v; y++) l[i][y] = pathLogit(t, i, y);
        Map<BigDecimal, BigDecimal[]> expCache = new HashMap<>();
        boolean unknown = false;
        for (int x = 0; x < v; x++) {
            if (x == m) continue;
            List<BigDecimal> sig = new ArrayList<>(), dg = new ArrayList<>();
            for (Map.Entry<BigDecimal, List<Integer>> g : groups.entrySet()) {
                BigDecimal s = BigDecimal.ZERO;
                for (int i : g.getValue()) s = s.add(l[i][m]).subtract(l[i][x]);
                if (s.signum() != 0) { sig.add(g.getKey()); dg.add(s); }
            }
            Integer sign = sign(sig, dg, expCache);
            if (sign == null) unknown = true;
            else if (sign <= 0) return Outcome.WRONG;
        }
        return unknown ? Outcome.UNKNOWN : Outcome.CORRECT;
    }

    /**
     * The sign of {@code Σ_g e^{sig_g/√H} dg_g} (sig descending, every dg nonzero), or null if it
     * cannot be resolved.
     */
    Integer sign(List<BigDecimal> sig, List<BigDecimal> dg, Map<BigDecimal, BigDecimal[]> expCache) {
        if (dg.isEmpty()) return 0;
        boolean pos = false, neg = false;
        for (BigDecimal d : dg) { if (d.signum() > 0) pos = true; else neg = true; }
        if (!neg) return 1;
        if (!pos) return -1;
        evaluated++;
        BigDecimal top = sig.get(0);
        for (int level = 0; level < DIGITS.length; level++) {
            if (level > 0) escalated++;
            int p = DIGITS[level];
            MathContext mc = new MathContext(p + 10, RoundingMode.HALF_EVEN);
            BigDecimal cutoff = BigDecimal.valueOf(CUTOFF[level]);
            BigDecimal r = invSqrtH(p + 30);
            BigDecimal sum = dg.get(0).round(mc), abs = dg.get(0).abs(), neglected = BigDecimal.ZERO;
            for (int g = 1; g < dg.size(); g++) {
                BigDecimal delta = top.subtract(sig.get(g));     // > 0, exact
                BigDecimal arg = delta.multiply(r, new MathContext(p + 30, RoundingMode.HALF_EVEN));
                if (arg.compareTo(cutoff) > 0) {
                    // e^{-arg} < e^{-cutoff}; bounded by twice the computed value to absorb its rounding
                    neglected = neglected.add(expCutoff(CUTOFF[level]).multiply(BigDecimal.valueOf(2)).multiply(dg.get(g).abs(), mc), mc);
                    continue;
                }
                BigDecimal e = exp(arg, level, p, expCache);
                BigDecimal term = e.multiply(dg.get(g), mc);
                sum = sum.add(term, mc);
                abs = abs.add(term.abs(), mc);
            }
            // every term and partial sum is rounded to p+10 digits (relative 10^-(p+9) each), exp and the
            // argument to better than 10^-(p+5): 10^-(p-10) of the total magnitude bounds it all
            BigDecimal err = abs.multiply(BigDecimal.ONE.movePointLeft(p - 10), mc).add(neglected, mc);
            if (sum.abs().compareTo(err.multiply(BigDecimal.valueOf(2))) > 0) return sum.signum();
        }
        return null;
    }

    private BigDecimal exp(BigDecimal arg, int level, int p, Map<BigDecimal, BigDecimal[]> cache) {
        BigDecimal key = arg.round(new MathContext(p + 20, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        BigDecimal[] byLevel = cache.computeIfAbsent(key, k -> new BigDecimal[DIGITS.length]);
        if (byLevel[level] == null)
            byLevel[level] = BigDecimalMath.exp(arg.negate(), new MathContext(p + 20, RoundingMode.HALF_EVEN));
        return byLevel[level];
    }

    private BigDecimal invSqrtH(int digits) {
        return invSqrtH.computeIfAbsent(digits, dd -> {
            MathContext mc = new MathContext(dd, RoundingMode.HALF_EVEN);
            return BigDecimal.ONE.divide(BigDecimalMath.sqrt(BigDecimal.valueOf(h), new MathContext(dd + 10)), mc);
        });
    }

    private BigDecimal expCutoff(int cutoff) {
        return expCutoff.computeIfAbsent(cutoff, c -> BigDecimalMath.exp(BigDecimal.valueOf(-c), new MathContext(30)));
    }

    /** Classifies every input. */
    public Count count() {
        long total = BigInteger.valueOf(v).pow(n).longValueExact();
        if (total > 1_000_000) throw new IllegalArgumentException("too many inputs for the oracle: " + total);
        Outcome[] per = new Outcome[(int) total];
        long c = 0, wr = 0, u = 0;
        for (int idx = 0; idx < total; idx++) {
            Outcome o = decide(input(idx, v, n));
            per[idx] = o;
            if (o == Outcome.CORRECT) c++; else if (o == Outcome.WRONG) wr++; else u++;
        }
        return new Count(c, wr, u, per);
    }

    /** Counts of all inputs (convenience). */
    public static Count exactCount(Weights w) {
        return new ExactOracle(w).count();
    }

    /** Sign evaluations that needed exp, and those that needed more than the first precision. */
    public long[] stats() { return new long[] {evaluated, escalated}; }

    /** The input with the given index in base V (position 0 least significant). */
    public static int[] input(long index, int v, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) { t[i] = (int) (index % v); index /= v; }
        return t;
    }

    /** The index of input t in base V (position 0 least significant), as in the checker's hint lists. */
    public static long index(int[] t, int v) {
        long x = 0;
        for (int i = t.length - 1; i >= 0; i--) x = x * v + t[i];
        return x;
    }
}
