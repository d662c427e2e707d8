package compactproofs.checker.arith;

import java.math.RoundingMode;

/**
 * Directed rounding of double arithmetic: every operation that cannot be exact takes
 * {@link RoundingMode#FLOOR} (the result is at most the exact value) or {@link RoundingMode#CEILING}
 * (at least it). No other mode is accepted.
 *
 * <p>Accuracy: an IEEE 754 sum or product is the exact value rounded to nearest, so it is within half
 * an ulp of it; one step toward the requested side ({@link Math#nextDown} / {@link Math#nextUp})
 * makes it a bound. The bound is at most one ulp from the exact value (two when the nearest value was
 * already on the requested side). Overflow gives {@code MAX_VALUE} or infinity on the correct side, so
 * the result stays a bound; NaN inputs give NaN, which every verifier treats as "not proved".
 */
public final class Round {
    private Round() {}

    /** {@code a + b} rounded in direction {@code r}. */
    public static double add(double a, double b, RoundingMode r) {
        return step(a + b, r);
    }

    /** {@code a * b} rounded in direction {@code r}. */
    public static double mul(double a, double b, RoundingMode r) {
        return step(a * b, r);
    }

    /** The neighbour of a round-to-nearest result {@code x} on side {@code r}: a bound of the exact value. */
    public static double step(double x, RoundingMode r) {
        if (r == RoundingMode.FLOOR) return Math.nextDown(x);
        if (r == RoundingMode.CEILING) return Math.nextUp(x);
        throw new IllegalArgumentException("rounding must be FLOOR or CEILING, not " + r);
    }

    /**
     * A bound of {@code w * k} for every real {@code w} in {@code [wLo, wHi]} ({@code 0 <= wLo}) and every
     * real at most {@code kHi} (CEILING), or at least {@code kLo} (FLOOR): the extreme sits at the end of
     * the w interval that the sign of k selects.
     */
    public static double mulInterval(double wLo, double wHi, double k, RoundingMode r) {
        boolean up = r == RoundingMode.CEILING;
        return mul((k >= 0) == up ? wHi : wLo, k, r);
    }
}
