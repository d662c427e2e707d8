package compactproofs.checker.arith;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * <b>Lemma R (directed doubles, SPEC §5).</b> Every double operation that cannot be exact takes
 * {@link RoundingMode#FLOOR} (the result is at most the exact value) or {@link RoundingMode#CEILING}
 * (at least it); no other mode is accepted.
 *
 * <p>An IEEE 754 {@code + - * /} or {@code sqrt} is the exact value rounded to nearest, so it is within
 * half an ulp of it; one step toward the requested side ({@link Math#nextDown} / {@link Math#nextUp})
 * makes it a bound, at most two ulps from the exact value. Overflow gives {@code MAX_VALUE} or infinity
 * on the correct side, so the result stays a bound; NaN inputs give NaN, which every verifier treats as
 * "not proved".
 */
public final class Round {
    private Round() {}

    /** {@code a + b} rounded in direction {@code r}. */
    public static double add(double a, double b, RoundingMode r) { return step(a + b, r); }

    /** {@code a - b} rounded in direction {@code r}. */
    public static double sub(double a, double b, RoundingMode r) { return step(a - b, r); }

    /** {@code a * b} rounded in direction {@code r}. */
    public static double mul(double a, double b, RoundingMode r) { return step(a * b, r); }

    /** {@code a / b} rounded in direction {@code r}. */
    public static double div(double a, double b, RoundingMode r) { return step(a / b, r); }

    /** {@code sqrt(a)} rounded in direction {@code r}, for {@code a >= 0}. */
    public static double sqrt(double a, RoundingMode r) { return step(Math.sqrt(a), r); }

    /** The neighbour of a round-to-nearest result {@code x} on side {@code r}: a bound of the exact value. */
    public static double step(double x, RoundingMode r) {
        return isCeiling(r) ? Math.nextUp(x) : Math.nextDown(x);
    }

    /**
     * A bound of {@code w * k} for every real {@code w} in {@code [wLo, wHi]} ({@code 0 <= wLo}) and every
     * real at most {@code k} (CEILING), or at least {@code k} (FLOOR): the extreme sits at the end of the
     * w interval that the sign of k selects.
     */
    public static double mulInterval(double wLo, double wHi, double k, RoundingMode r) {
        return mul((k >= 0) == (r == RoundingMode.CEILING) ? wHi : wLo, k, r);
    }

    /** The largest double at most {@code x} (FLOOR) or the smallest at least it (CEILING), by exact comparison. */
    public static double toDouble(BigDecimal x, RoundingMode r) {
        boolean up = isCeiling(r);
        double d = x.doubleValue();
        if (Double.isInfinite(d) && (d > 0) != up) d = up ? -Double.MAX_VALUE : Double.MAX_VALUE;
        while (!Double.isInfinite(d) && new BigDecimal(d).compareTo(x) * (up ? 1 : -1) < 0) d = step(d, r);
        return d;
    }

    /**
     * A double bound of {@code m * 2^e / d} ({@code d > 0}) in direction {@code r}, within two ulps. Unless
     * {@code d = 1}, the quotient is first taken on a grid of {@code 2^-s} fine enough for 64 significant bits
     * and rounded toward {@code r} (exact integer division). Then the top 62 bits of the dyadic {@code m * 2^e}
     * are rounded toward r (a checked {@code long}), and {@code (double)} and {@code scalb} round to nearest
     * with less than one ulp in total (at most one of them rounds, except in the subnormal range, where scalb's
     * error is below one subnormal ulp), then one outward step.
     */
    public static double toDouble(BigInteger m, int e, BigInteger d, RoundingMode r) {
        if (m.signum() == 0) return 0.0;
        if (!d.equals(BigInteger.ONE)) {
            int s = Math.max(0, d.bitLength() + 66 - m.bitLength());
            BigInteger[] qr = m.shiftLeft(s).divideAndRemainder(d);
            boolean away = qr[1].signum() != 0 && (m.signum() > 0) == isCeiling(r); // truncation went the wrong way
            m = away ? qr[0].add(BigInteger.valueOf(m.signum())) : qr[0];
            e = Math.subtractExact(e, s);
        }
        int extra = Math.max(0, m.bitLength() - 62);
        BigInteger top = m.shiftRight(extra); // floor(m / 2^extra)
        if (isCeiling(r) && m.getLowestSetBit() < extra) top = top.add(BigInteger.ONE); // some bit below 2^extra is set
        return step(Math.scalb((double) top.longValueExact(), Math.addExact(e, extra)), r);
    }

    /** True for CEILING, false for FLOOR; any other mode is an internal error. */
    static boolean isCeiling(RoundingMode r) {
        if (r != RoundingMode.FLOOR && r != RoundingMode.CEILING) throw new IllegalArgumentException("rounding must be FLOOR or CEILING, not " + r);
        return r == RoundingMode.CEILING;
    }
}
