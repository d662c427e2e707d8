package compactproofs.checker.arith;

import static java.math.RoundingMode.CEILING;
import static java.math.RoundingMode.FLOOR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Directed rounding ({@link Round}) against exact {@link BigDecimal} arithmetic, as properties
 * (QuickTheories, fixed seed): FLOOR is at most and CEILING at least the exact sum or product, each
 * within two ulps of it, and an overflow stays on its side.
 */
class RoundTest {
    /** Finite doubles: any bit pattern, small integers and dyadics (exact cases), and values near overflow. */
    static final Gen<Double> FINITE = doubles().any().assuming(Double::isFinite)
            .mix(integers().between(-1000, 1000).map(i -> i / 8.0))
            .mix(doubles().between(-Double.MAX_VALUE, -0x1p1000).mix(doubles().between(0x1p1000, Double.MAX_VALUE)), 20);

    static void bounds(String op, double a, double b, double lo, double hi, BigDecimal exact) {
        String ctx = op + "(" + a + ", " + b + ") = " + exact + " in [" + lo + ", " + hi + "]";
        assertTrue(lo <= hi, ctx);
        if (Double.isFinite(lo)) assertTrue(new BigDecimal(lo).compareTo(exact) <= 0, "FLOOR is at most the exact value: " + ctx);
        else assertEquals(Double.NEGATIVE_INFINITY, lo, ctx);
        if (Double.isFinite(hi)) assertTrue(new BigDecimal(hi).compareTo(exact) >= 0, "CEILING is at least the exact value: " + ctx);
        else assertEquals(Double.POSITIVE_INFINITY, hi, ctx);
        if (Double.isFinite(lo) && Double.isFinite(hi)) {
            // two ulps of the larger end at most, each side
            BigDecimal ulp = new BigDecimal(Math.max(Math.ulp(lo), Math.ulp(hi))).multiply(BigDecimal.valueOf(2));
            assertTrue(exact.subtract(new BigDecimal(lo)).compareTo(ulp) <= 0 && new BigDecimal(hi).subtract(exact).compareTo(ulp) <= 0,
                    "within two ulps: " + ctx);
        }
    }

    static void check(String op, double a, double b, BinaryOperator<BigDecimal> exact, RoundedOp f) {
        bounds(op, a, b, f.apply(a, b, FLOOR), f.apply(a, b, CEILING), exact.apply(new BigDecimal(a), new BigDecimal(b)));
    }

    interface RoundedOp { double apply(double a, double b, RoundingMode r); }

    @Test
    void addIsBoundedOnTheRequestedSide() {
        qt().withFixedSeed(20261203L).withExamples(500).forAll(FINITE, FINITE)
                .checkAssert((a, b) -> check("add", a, b, BigDecimal::add, Round::add));
    }

    @Test
    void mulIsBoundedOnTheRequestedSide() {
        qt().withFixedSeed(20261203L).withExamples(500).forAll(FINITE, FINITE)
                .checkAssert((a, b) -> check("mul", a, b, BigDecimal::multiply, Round::mul));
    }

    /** mulInterval bounds w * k for every w in [wLo, wHi] (here both ends and the midpoint). */
    @Test
    void mulIntervalBoundsEveryProductOfTheInterval() {
        qt().withFixedSeed(20261203L).withExamples(1000)
                .forAll(doubles().between(0, 1e6), doubles().between(0, 1e6), doubles().between(-1e6, 1e6))
                .checkAssert((x, y, k) -> {
                    double wLo = Math.min(x, y), wHi = Math.max(x, y);
                    double lo = Round.mulInterval(wLo, wHi, k, FLOOR), hi = Round.mulInterval(wLo, wHi, k, CEILING);
                    for (double w : new double[] {wLo, wHi, wLo + (wHi - wLo) / 2}) {
                        BigDecimal exact = new BigDecimal(w).multiply(new BigDecimal(k));
                        String ctx = "w=" + w + " in [" + wLo + ", " + wHi + "], k=" + k + ": [" + lo + ", " + hi + "]";
                        assertTrue(new BigDecimal(lo).compareTo(exact) <= 0 && new BigDecimal(hi).compareTo(exact) >= 0, ctx);
                    }
                });
    }

    @Test
    void onlyFloorAndCeilingAreAccepted() {
        for (RoundingMode r : RoundingMode.values())
            if (r != FLOOR && r != CEILING) assertThrows(IllegalArgumentException.class, () -> Round.step(1.0, r), r.toString());
    }
}
