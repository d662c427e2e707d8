package compactproofs.checker.statement;

import java.math.BigInteger;

/**
 * The counting step of the cubic strategy (<b>Lemma C</b>, SPEC §7), separated from the
 * bounds so that its coverage can be tested on its own.
 *
 * <p>Cases are {@code (m, q, k, c)}: max token {@code m}, query token {@code q <= m}, and {@code c}
 * non-query positions that hold a token below {@code m} (the other non-query positions hold
 * {@code m}). {@code c} ranges over {@code 0..n-1} when {@code q = m} and over {@code 0..n-2} when
 * {@code q < m} (then some non-query position must hold {@code m}). For {@code c = 0} the case is the
 * single input {@code (m, ..., m, q)}, asked as {@code k = m}. For {@code c >= 1}, with
 * {@code S = {k < m : case (m, q, k, c) proved}}, Lemma C says every input whose {@code c} non-max
 * non-query tokens are drawn (possibly different) from {@code S} is correct; there are
 * {@code C(n-1, c) |S|^c} of them, and these sets are disjoint across {@code (m, q, c)}.
 *
 * <p>Coverage: if every case is proved the total is
 * {@code sum_m [(m+1)^(n-1) + m((m+1)^(n-1) - m^(n-1))] = sum_m ((m+1)^n - m^n) = V^n}.
 */
public final class CubicCount {
    private CubicCount() {}

    /** Decides one case; called with {@code m} non-decreasing, and {@code k = m} exactly when {@code c = 0}. */
    public interface Cases {
        boolean proved(int m, int q, int k, int c);
    }

    /**
     * The number of inputs that the proved cases cover (Lemma C). Calls {@code cases} in the order
     * {@code m} ascending, then {@code q} ascending ({@code q <= m}), then {@code c} ascending, then
     * {@code k} ascending; this order is part of the contract (callers may cache per {@code m} and
     * per {@code (m, q)}).
     *
     * @param v vocabulary size (at least 1)
     * @param n context length (at least 1)
     */
    public static BigInteger count(int v, int n, Cases cases) {
        BigInteger[] binom = new BigInteger[n];
        binom[0] = BigInteger.ONE;
        for (int c = 1; c < n; c++) binom[c] = binom[c - 1].multiply(BigInteger.valueOf(n - c)).divide(BigInteger.valueOf(c));
        BigInteger total = BigInteger.ZERO;
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++) {
                int cMax = q == m ? n - 1 : n - 2;
                for (int c = 0; c <= cMax; c++) {
                    if (c == 0) {
                        if (cases.proved(m, q, m, 0)) total = total.add(BigInteger.ONE);
                        continue;
                    }
                    int s = 0;
                    for (int k = 0; k < m; k++) if (cases.proved(m, q, k, c)) s++;
                    if (s > 0) total = total.add(binom[c].multiply(BigInteger.valueOf(s).pow(c)));
                }
            }
        return total;
    }
}
