package compactproofs.checker.arith;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Rigorous enclosures of the two irrational functions the checker needs, exp and 1/sqrt, computed
 * with BigDecimal and directed rounding only (FLOOR for lower bounds, CEILING for upper bounds). No
 * library transcendental function is called.
 *
 * <p><b>Lemma X (exp enclosure).</b> For {@code 0 <= y <= 1/2} and {@code N >= 1},
 * {@code S_N(y) = sum_{j<=N} y^j/j!} satisfies {@code S_N(y) <= e^y <= S_N(y) + 2 y^{N+1}/(N+1)!},
 * because the tail is at most {@code y^{N+1}/(N+1)! * sum_k (y/(N+2))^k <= 2 y^{N+1}/(N+1)!}.
 * For {@code x >= 0}, {@code e^x = (e^{x/2^k})^{2^k}}; squaring is monotone on non-negative numbers,
 * so squaring a lower (upper) bound with downward (upward) rounding gives a lower (upper) bound.
 * For {@code x < 0}, {@code e^x = 1/e^{-x}}, and division by an upper (lower) bound rounded down (up)
 * gives a lower (upper) bound. The argument is first rounded down (up) to {@code digits + 10}
 * significant digits, which is sound because exp is increasing.
 *
 * <p><b>Domain.</b> Every real {@code x <= 2^20}. Below {@code -EXP_FLOOR} the enclosure is
 * {@code [0, e^{-EXP_FLOOR}]}: exp is positive and increasing, so it is valid, and it never throws. The
 * checker only ever calls exp on arguments {@code <= 0} (every softmax shift is the largest score, SPEC
 * §5 Lemma S), so the upper limit {@code 2^20} is never reached by a verification; above it the call is
 * an internal error ({@link IllegalArgumentException}).
 */
public final class Enclosures {
    private Enclosures() {}

    private static final BigDecimal HALF = new BigDecimal("0.5");
    /** The largest argument accepted (exp of it has about 455,000 decimal digits). */
    public static final BigDecimal MAX_ARGUMENT = BigDecimal.valueOf(1L << 20);
    /** Below {@code -EXP_FLOOR} the enclosure is {@code [0, e^-EXP_FLOOR]} ({@code e^-10000 < 10^-4342}). */
    public static final BigDecimal EXP_FLOOR = BigDecimal.valueOf(10_000);

    /**
     * A lower bound of {@code e^x}, with relative error below {@code 10^(-digits+3)} for
     * {@code -EXP_FLOOR <= x <= 2^20}; 0 for {@code x < -EXP_FLOOR}.
     *
     * @throws IllegalArgumentException if {@code x > 2^20} (an internal error: no verification does this)
     */
    public static BigDecimal expLower(BigDecimal x, int digits) {
        return exp(x, digits, false);
    }

    /** An upper bound of {@code e^x}; see {@link #expLower}. */
    public static BigDecimal expUpper(BigDecimal x, int digits) {
        return exp(x, digits, true);
    }

    private static BigDecimal exp(BigDecimal x, int digits, boolean up) {
        if (x.compareTo(MAX_ARGUMENT) > 0) throw new IllegalArgumentException("exp argument above 2^20");
        // e^x for x < -EXP_FLOOR lies in (0, e^-EXP_FLOOR]: exp is positive and increasing
        if (x.compareTo(EXP_FLOOR.negate()) < 0) return up ? exp(EXP_FLOOR.negate(), digits, true) : BigDecimal.ZERO;
        // rounding the argument toward the bound's side first keeps the bound valid (exp is monotone)
        // and keeps every later operation at a bounded number of digits
        x = x.round(new MathContext(digits + 10, up ? RoundingMode.CEILING : RoundingMode.FLOOR));
        if (x.signum() < 0) {
            BigDecimal inv = exp(x.negate(), digits, !up);
            return BigDecimal.ONE.divide(inv, new MathContext(digits, up ? RoundingMode.CEILING : RoundingMode.FLOOR));
        }
        // reduce: y = x / 2^k <= 1/2, exactly (halving a decimal is exact)
        int k = 0;
        BigDecimal y = x;
        while (y.compareTo(HALF) > 0) { y = y.multiply(HALF); k++; }
        int work = digits + 5 + (k * 3) / 10 + 1;  // extra digits absorb the 2^k error growth of squaring
        MathContext mc = new MathContext(work, up ? RoundingMode.CEILING : RoundingMode.FLOOR);
        // Taylor partial sum, every term non-negative and rounded in the same direction
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(work + 2);
        int j = 0;
        while (true) {
            j++;
            term = term.multiply(y, mc).divide(BigDecimal.valueOf(j), mc);
            sum = sum.add(term, mc);
            if (term.compareTo(eps) < 0 || y.signum() == 0) break;
        }
        if (up) {
            // remainder bound 2 * y^{j+1}/(j+1)! <= 2 * term (y <= 1/2 < j+1), rounded up
            BigDecimal next = term.multiply(y, mc).divide(BigDecimal.valueOf(j + 1), mc);
            sum = sum.add(next.multiply(BigDecimal.valueOf(2)), mc);
        }
        for (int i = 0; i < k; i++) sum = sum.multiply(sum, mc);
        return sum.round(new MathContext(digits + 2, up ? RoundingMode.CEILING : RoundingMode.FLOOR));
    }

    /**
     * Bounds {@code lo <= 1/sqrt(n) <= hi} for a positive integer {@code n}, each verified exactly by
     * squaring ({@code lo^2 * n <= 1 <= hi^2 * n}), so their correctness does not depend on any
     * square-root routine. Width below {@code 10^(-digits+2)}.
     *
     * @return {@code {lo, hi}}
     */
    public static BigDecimal[] inverseSqrt(int n, int digits) {
        if (n <= 0) throw new IllegalArgumentException("n must be positive");
        MathContext mc = new MathContext(digits + 5, RoundingMode.HALF_EVEN);
        BigDecimal nn = BigDecimal.valueOf(n);
        // Newton iteration for 1/sqrt(n) from a rational start; only its verification below matters
        BigDecimal r = BigDecimal.ONE.divide(new BigDecimal(BigInteger.valueOf(n).sqrt().add(BigInteger.ONE)), mc);
        for (int i = 0; i < 200; i++) {
            BigDecimal next = r.multiply(new BigDecimal(3).subtract(nn.multiply(r).multiply(r)), mc).multiply(HALF, mc);
            if (next.compareTo(r) == 0) break;
            r = next;
        }
        BigDecimal ulp = BigDecimal.ONE.movePointLeft(digits);
        BigDecimal lo = r.round(new MathContext(digits, RoundingMode.FLOOR));
        BigDecimal hi = r.round(new MathContext(digits, RoundingMode.CEILING));
        while (lo.multiply(lo).multiply(nn).compareTo(BigDecimal.ONE) > 0) lo = lo.subtract(ulp);
        while (hi.multiply(hi).multiply(nn).compareTo(BigDecimal.ONE) < 0) hi = hi.add(ulp);
        return new BigDecimal[] {lo, hi};
    }

    /** The largest double at most {@code x} (verified by exact comparison). */
    public static double floorDouble(BigDecimal x) {
        double d = x.doubleValue();
        if (d == Double.POSITIVE_INFINITY) d = Double.MAX_VALUE;
        while (d != Double.NEGATIVE_INFINITY && new BigDecimal(d).compareTo(x) > 0) d = Math.nextDown(d);
        return d;
    }

    /** The smallest double at least {@code x} (verified by exact comparison). */
    public static double ceilDouble(BigDecimal x) {
        double d = x.doubleValue();
        if (d == Double.NEGATIVE_INFINITY) d = -Double.MAX_VALUE;
        while (d != Double.POSITIVE_INFINITY && new BigDecimal(d).compareTo(x) < 0) d = Math.nextUp(d);
        return d;
    }
}
