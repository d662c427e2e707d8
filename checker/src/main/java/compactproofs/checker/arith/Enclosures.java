package compactproofs.checker.arith;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Rigorous enclosures of the two irrational functions the checker needs, exp and 1/sqrt; every call
 * names its direction ({@link RoundingMode#FLOOR} for a lower bound, {@link RoundingMode#CEILING} for an
 * upper one). No library transcendental function is called.
 *
 * <p><b>Lemma X (exp enclosure, SPEC §5)</b>, {@link #exp(BigDecimal, int, RoundingMode)}. For
 * {@code 0 <= y <= 1/2} and {@code N >= 1}, {@code S_N(y) = sum_{j<=N} y^j/j!} satisfies
 * {@code S_N(y) <= e^y <= S_N(y) + 2 y^{N+1}/(N+1)!}, because the tail is at most
 * {@code y^{N+1}/(N+1)! * sum_k (y/(N+2))^k <= 2 y^{N+1}/(N+1)!}.
 * For {@code x >= 0}, {@code e^x = (e^{x/2^k})^{2^k}}; squaring is monotone on non-negative numbers,
 * so squaring a lower (upper) bound with downward (upward) rounding gives a lower (upper) bound.
 * For {@code x < 0}, {@code e^x = 1/e^{-x}}, and division by an upper (lower) bound rounded down (up)
 * gives a lower (upper) bound. The argument is first rounded in the bound's direction to
 * {@code digits + 10} significant digits, which is sound because exp is increasing.
 * <i>Domain:</i> every real {@code x <= 2^20}. Below {@code -EXP_FLOOR} the enclosure is
 * {@code [0, e^{-EXP_FLOOR}]}: exp is positive and increasing, so it is valid, and it never throws. The
 * checker only ever calls exp on arguments {@code <= 0} (every softmax shift is the largest score, SPEC
 * §5 Lemma S), so the upper limit {@code 2^20} is never reached by a verification; above it the call is
 * an internal error ({@link IllegalArgumentException}).
 *
 * <p><b>Lemma DE (double exp, SPEC §9)</b>, {@link #exp(double, RoundingMode)}. With integer k and
 * {@code r = x - k ln2} enclosed by outward rounding ({@code |r| <= 0.35} up to rounding),
 * {@code e^x = 2^k e^r} and e^r is increasing, so {@code 2^k p(rLo)(1 - 1e-13) <= e^x <= 2^k p(rHi)(1 + 1e-13)},
 * where p is the degree-17 Taylor polynomial evaluated by Horner in doubles. Its truncation error is
 * below {@code 2|r|^18/18! < 1e-20}, and the rounding error of Horner with inexact coefficients 1/j! is
 * at most {@code (2*17+1) u sum_j |r|^j/j! <= 35 * 2^-53 * e^0.36 < 6e-15} absolute, while
 * {@code e^r >= 0.69}: both together are far below the relative slack 1e-13. The final scaling by 2^k
 * and the slack product are each followed by one outward ulp step (Lemma R).
 *
 * <p><b>Lemma Q (inverse square root, SPEC §5)</b>, {@link #inverseSqrt}.
 */
public final class Enclosures {
    private Enclosures() {}

    private static final BigDecimal HALF = new BigDecimal("0.5");
    /** The largest argument accepted (exp of it has about 455,000 decimal digits). */
    public static final BigDecimal MAX_ARGUMENT = BigDecimal.valueOf(1L << 20);
    /** Below {@code -EXP_FLOOR} the enclosure is {@code [0, e^-EXP_FLOOR]} ({@code e^-10000 < 10^-4342}). */
    public static final BigDecimal EXP_FLOOR = BigDecimal.valueOf(10_000);

    /**
     * A bound of {@code e^x} in direction {@code r} (Lemma X), with relative error below
     * {@code 10^(-digits+3)} for {@code -EXP_FLOOR <= x <= 2^20}; the lower bound is 0 for {@code x < -EXP_FLOOR}.
     *
     * @throws IllegalArgumentException if {@code x > 2^20} (an internal error: no verification does this)
     */
    public static BigDecimal exp(BigDecimal x, int digits, RoundingMode r) {
        boolean up = Round.isCeiling(r);
        if (x.compareTo(MAX_ARGUMENT) > 0) throw new IllegalArgumentException("exp argument above 2^20");
        // e^x for x < -EXP_FLOOR lies in (0, e^-EXP_FLOOR]: exp is positive and increasing
        if (x.compareTo(EXP_FLOOR.negate()) < 0) return up ? exp(EXP_FLOOR.negate(), digits, r) : BigDecimal.ZERO;
        // rounding the argument toward the bound's side first keeps the bound valid (exp is monotone)
        // and keeps every later operation at a bounded number of digits
        x = x.round(new MathContext(digits + 10, r));
        if (x.signum() < 0) // e^x = 1/e^-x, with e^-x bounded in the other direction
            return BigDecimal.ONE.divide(exp(x.negate(), digits, up ? RoundingMode.FLOOR : RoundingMode.CEILING), new MathContext(digits, r));
        // reduce: y = x / 2^k <= 1/2, exactly (halving a decimal is exact)
        int k = 0;
        BigDecimal y = x;
        while (y.compareTo(HALF) > 0) { y = y.multiply(HALF); k++; }
        int work = digits + 5 + (k * 3) / 10 + 1;  // extra digits absorb the 2^k error growth of squaring
        MathContext mc = new MathContext(work, r);
        // Taylor partial sum, every term non-negative and rounded in the same direction
        BigDecimal sum = BigDecimal.ONE, term = BigDecimal.ONE;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(work + 2);
        int j = 0;
        do {
            j++;
            term = term.multiply(y, mc).divide(BigDecimal.valueOf(j), mc);
            sum = sum.add(term, mc);
        } while (term.compareTo(eps) >= 0 && y.signum() != 0);
        // remainder bound 2 * y^{j+1}/(j+1)! (y <= 1/2 < j+1), rounded up
        if (up) sum = sum.add(term.multiply(y, mc).divide(BigDecimal.valueOf(j + 1), mc).multiply(BigDecimal.valueOf(2)), mc);
        for (int i = 0; i < k; i++) sum = sum.multiply(sum, mc);
        return sum.round(new MathContext(digits + 2, r));
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

    /** ln 2 lies strictly between these adjacent doubles (ln 2 = 0x1.62E42FEFA39EF357...p-1). */
    public static final double LN2_LO = 0x1.62e42fefa39efp-1, LN2_HI = 0x1.62e42fefa39f0p-1;
    private static final double INV_LN2 = 1.4426950408889634;
    private static final int TERMS = 17;
    /** {@code 1/j!} for {@code j <= TERMS}, each rounded once ({@code j! < 2^53} is exact). */
    private static final double[] INV_FACT = java.util.stream.IntStream.rangeClosed(0, TERMS)
            .mapToDouble(j -> 1.0 / java.util.stream.LongStream.rangeClosed(1, j).reduce(1, Math::multiplyExact)).toArray();
    /** Relative slack covering truncation and all rounding errors of the Horner sum (Lemma DE). */
    private static final double SLACK = 1e-13;

    /**
     * A bound of {@code e^x} in direction {@code r} (Lemma DE), within about {@code 1e-13} relative: the
     * lower bound is 0 for NaN (which arises only from overflowed enclosures) and below -745.5, the upper
     * bound {@code +Infinity} for NaN and above 709.
     */
    public static double exp(double x, RoundingMode r) {
        boolean up = Round.isCeiling(r);
        if (Double.isNaN(x)) return up ? Double.POSITIVE_INFINITY : 0.0; // an unknown argument
        if (x < -745.5) return up ? Double.MIN_VALUE : 0.0;
        if (x > 709.0) return up ? Double.POSITIVE_INFINITY : exp(709.0, r);
        int k = (int) Math.rint(x * INV_LN2);
        double kLn2 = Round.mul(k, (k >= 0) == up ? LN2_LO : LN2_HI, up ? RoundingMode.FLOOR : RoundingMode.CEILING);
        double y = Round.sub(x, kLn2, r), p = INV_FACT[TERMS];
        for (int j = TERMS - 1; j >= 0; j--) p = p * y + INV_FACT[j]; // Horner, rounded to nearest: within SLACK
        p = Round.mul(p, up ? 1 + SLACK : 1 - SLACK, r);
        double e = Round.step(Math.scalb(p, k), r);
        return up ? e : Math.max(0.0, e);
    }
}
