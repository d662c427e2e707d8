package compactproofs.checker.bruteforce;

import compactproofs.checker.arith.Enclosures;
import compactproofs.checker.arith.ExactMatrix;
import compactproofs.checker.model.PathMatrices;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeSet;

/**
 * Decides one input at high precision (the fallback for inputs the fast brute-force tiers leave
 * undecided, and for every input that uses a row whose double enclosure is not finite).
 *
 * <p><b>Lemma D1 (decision by enclosure, grouped).</b> For input t with query q and max m, let
 * {@code sigma_i = EQKE[q][t_i] + EQKP[q][i]} (exact; the score is {@code sigma_i r} with
 * {@code r = 1/sqrt(d_head)}) and {@code dL_i = L_i[m] - L_i[x]} with
 * {@code L_i[y] = EVOU[t_i][y] + PVOU[i][y] + EUPU[q][y]} (exact). Then
 * {@code Z (logit[m] - logit[x]) = sum_i e^{sigma_i r} dL_i} with {@code Z > 0}. Group the positions by
 * equal sigma (distinct values {@code s_0 > s_1 > ...}) and let {@code D_g} be the exact sum of dL over
 * group g. If every {@code D_g} is 0, {@code logit[m] = logit[x]} exactly (a tie: wrong). Otherwise, with
 * j the first group with {@code D_j != 0}, the sign of the sum is that of
 * {@code D_j + sum_{g > j} e^{-(s_j - s_g) r} D_g} (the groups before j contribute 0, and dividing by
 * {@code e^{s_j r} > 0} keeps the sign). Every exponent is at most 0, so each exp is enclosed without
 * overflow (Lemma X); products and sums are rounded outward. A positive lower bound for every
 * {@code x != m} proves the input correct; a non-positive upper bound for some x proves it wrong.
 *
 * <p><b>Lemma D2 (escalation).</b> By the Lindemann-Weierstrass theorem, {@code e^{a_0}, ..., e^{a_k}}
 * are linearly independent over the algebraic numbers for distinct algebraic {@code a_i}; the
 * exponents {@code -(s_j - s_g) r} are distinct algebraic numbers and {@code D_j != 0}, so the bracket
 * above is never 0: an input that is not an exact tie is decided by a sufficiently precise enclosure.
 * The decider tries {@code digits}, {@code 4 digits} and {@code 16 digits} significant digits (the stated
 * bound) and leaves the input unresolved (counted as not proved) only if all three fail.
 */
public final class InputDecider {
    public enum Outcome { CORRECT, WRONG, UNRESOLVED }

    /** Precision levels, as multiples of the base precision. */
    private static final int[] LEVELS = {1, 4, 16};

    private final PathMatrices pm;
    private final int digits;
    /** Per level: {@code {rLo, rHi}} with {@code rLo <= 1/sqrt(d_head) <= rHi} (Lemma Q). */
    private final BigDecimal[][] r = new BigDecimal[LEVELS.length][];
    private final BigDecimal[][] eqke, eqkp, evou, pvou, eupu;

    public InputDecider(PathMatrices pm, int digits) {
        this.pm = pm;
        this.digits = digits;
        eqke = exact(pm.eqke()); eqkp = exact(pm.eqkp); evou = exact(pm.evou); pvou = exact(pm.pvou); eupu = exact(pm.eupu);
        for (int l = 0; l < LEVELS.length; l++) r[l] = Enclosures.inverseSqrt(pm.dHead, digits * LEVELS[l] + 5);
    }

    /** Decides input {@code t} (length n, tokens in 0..V-1). */
    public Outcome decide(int[] t) {
        int n = pm.nCtx, v = pm.vocab, q = t[n - 1];
        int m = Arrays.stream(t).max().getAsInt();
        // exact scores, their distinct values in decreasing order, and each position's group
        BigDecimal[] sigma = new BigDecimal[n];
        for (int i = 0; i < n; i++) sigma[i] = eqke[q][t[i]].add(eqkp[q][i]);
        TreeSet<BigDecimal> distinct = new TreeSet<>(Comparator.reverseOrder());
        distinct.addAll(Arrays.asList(sigma));
        BigDecimal[] s = distinct.toArray(new BigDecimal[0]);
        int groups = s.length;
        int[] group = new int[n];
        for (int i = 0; i < n; i++) group[i] = Arrays.binarySearch(s, sigma[i], Comparator.reverseOrder());
        // exact group sums D[x][g] and the first nonzero one, lead[x]; if there is none, an exact tie
        BigDecimal[][] d = new BigDecimal[v][groups];
        int[] lead = new int[v];
        boolean[] open = new boolean[v];
        int openCount = v - 1;
        for (int x = 0; x < v; x++) {
            if (x == m) continue;
            open[x] = true;
            Arrays.fill(d[x], BigDecimal.ZERO);
            for (int i = 0; i < n; i++) {
                BigDecimal dl = evou[t[i]][m].subtract(evou[t[i]][x]).add(pvou[i][m]).subtract(pvou[i][x])
                        .add(eupu[q][m]).subtract(eupu[q][x]);
                d[x][group[i]] = d[x][group[i]].add(dl);
            }
            while (lead[x] < groups && d[x][lead[x]].signum() == 0) lead[x]++;
            if (lead[x] == groups) return Outcome.WRONG;
        }
        // an x with a single nonzero group sum gets the exact bounds lo = hi = D_j at the first level
        for (int l = 0; l < LEVELS.length && openCount > 0; l++) {
            int p = digits * LEVELS[l];
            MathContext down = new MathContext(p, RoundingMode.FLOOR), up = new MathContext(p, RoundingMode.CEILING);
            BigDecimal[][][] e = new BigDecimal[groups][groups][]; // e[j][g] = {lo, hi} of e^{-(s_j - s_g) r}, lazily
            for (int x = 0; x < v; x++) {
                if (!open[x]) continue;
                int j = lead[x];
                BigDecimal lo = d[x][j], hi = d[x][j];
                for (int g = j + 1; g < groups; g++) {
                    BigDecimal dg = d[x][g];
                    if (dg.signum() == 0) continue;
                    if (e[j][g] == null) e[j][g] = expOfGap(s[j].subtract(s[g]), l, p);
                    BigDecimal[] eg = e[j][g];
                    // e^{...} in [eLo, eHi], eLo >= 0: the product's extremes depend on the sign of D_g
                    lo = lo.add((dg.signum() > 0 ? eg[0] : eg[1]).multiply(dg, down), down);
                    hi = hi.add((dg.signum() > 0 ? eg[1] : eg[0]).multiply(dg, up), up);
                }
                if (hi.signum() <= 0) return Outcome.WRONG;
                if (lo.signum() > 0) { open[x] = false; openCount--; }
            }
        }
        return openCount == 0 ? Outcome.CORRECT : Outcome.UNRESOLVED;
    }

    /** Encloses {@code e^{-delta r}} for an exact {@code delta > 0}: {@code -delta r} lies in {@code [-delta rHi, -delta rLo]}. */
    private BigDecimal[] expOfGap(BigDecimal delta, int level, int p) {
        return new BigDecimal[] {
            Enclosures.exp(delta.multiply(r[level][1]).negate(), p, RoundingMode.FLOOR),
            Enclosures.exp(delta.multiply(r[level][0]).negate(), p, RoundingMode.CEILING)};
    }

    private static BigDecimal[][] exact(ExactMatrix m) {
        BigDecimal[][] out = new BigDecimal[m.rows][m.cols];
        for (int i = 0; i < m.rows; i++)
            for (int j = 0; j < m.cols; j++) out[i][j] = m.exact(i, j);
        return out;
    }
}
