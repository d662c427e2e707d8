package compactproofs.checker.proof;

import compactproofs.checker.arith.Enclosures;
import compactproofs.checker.model.PathMatrices;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Decides one input at high precision (the fallback for inputs the fast brute-force pass leaves
 * undecided).
 *
 * <p><b>Lemma D1 (decision by enclosure).</b> Let {@code w_i = exp(s_i)} be the softmax numerators of
 * input t and {@code dL_i = L_i[m] - L_i[x]} with {@code L_i[y] = EVOU[t_i][y] + PVOU[i][y] + EUPU[q][y]}.
 * Then {@code Z (logit[m] - logit[x]) = sum_i w_i dL_i} with {@code Z = sum_i w_i > 0}. If for every
 * {@code x != m} a lower bound of that sum is positive, the model is correct on t; if for some x an
 * upper bound is at most 0, it is wrong on t (ties count as wrong). The {@code dL_i} are exact; each
 * {@code w_i} is enclosed by {@link Enclosures}; products and sums are rounded outward.
 */
public final class InputDecider {
    public enum Outcome { CORRECT, WRONG, UNRESOLVED }

    private final PathMatrices pm;
    private final BigDecimal rLo, rHi;
    private final int digits;
    private final BigDecimal[][] eqke, eqkp, evou, pvou, eupu;

    public InputDecider(PathMatrices pm, int digits) {
        this.pm = pm;
        this.digits = digits;
        eqke = exact(pm.eqke); eqkp = exact(pm.eqkp); evou = exact(pm.evou); pvou = exact(pm.pvou); eupu = exact(pm.eupu);
        BigDecimal[] r = Enclosures.inverseSqrt(pm.dHead, digits + 5);
        rLo = r[0]; rHi = r[1];
    }

    /** Decides input {@code t} (length n, tokens in 0..V-1). */
    public Outcome decide(int[] t) {
        int n = pm.nCtx, v = pm.vocab, q = t[n - 1];
        int m = 0;
        for (int x : t) m = Math.max(m, x);
        MathContext down = new MathContext(digits, RoundingMode.FLOOR), up = new MathContext(digits, RoundingMode.CEILING);
        BigDecimal[] wLo = new BigDecimal[n], wHi = new BigDecimal[n];
        BigDecimal shift = null;
        for (int i = 0; i < n; i++) {
            BigDecimal s = eqke[q][t[i]].add(eqkp[q][i]);
            BigDecimal a = s.multiply(rLo), b = s.multiply(rHi);
            if (shift == null) shift = a.round(new MathContext(12));
            wLo[i] = Enclosures.expLower(a.min(b).subtract(shift), digits);
            wHi[i] = Enclosures.expUpper(a.max(b).subtract(shift), digits);
        }
        boolean allPositive = true;
        for (int x = 0; x < v; x++) {
            if (x == m) continue;
            BigDecimal lo = BigDecimal.ZERO, hi = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                BigDecimal d = evou[t[i]][m].subtract(evou[t[i]][x])
                        .add(pvou[i][m]).subtract(pvou[i][x])
                        .add(eupu[q][m]).subtract(eupu[q][x]);
                // w in [wLo, wHi], w > 0: the product's extremes depend on the sign of d
                BigDecimal pl = (d.signum() >= 0 ? wLo[i] : wHi[i]).multiply(d, down);
                BigDecimal ph = (d.signum() >= 0 ? wHi[i] : wLo[i]).multiply(d, up);
                lo = lo.add(pl, down);
                hi = hi.add(ph, up);
            }
            if (hi.signum() <= 0) return Outcome.WRONG;
            if (lo.signum() <= 0) allPositive = false;
        }
        return allPositive ? Outcome.CORRECT : Outcome.UNRESOLVED;
    }

    private static BigDecimal[][] exact(compactproofs.checker.arith.ExactMatrix m) {
        BigDecimal[][] out = new BigDecimal[m.rows][m.cols];
        for (int i = 0; i < m.rows; i++)
            for (int j = 0; j < m.cols; j++) out[i][j] = m.exact(i, j);
        return out;
    }
}
