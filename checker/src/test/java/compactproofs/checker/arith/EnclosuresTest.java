package compactproofs.checker.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The checker's exp and 1/sqrt enclosures against big-math at 100 digits (an independent oracle). */
class EnclosuresTest {
    static final MathContext ORACLE = new MathContext(100);

    static BigDecimal randomArg(SplittableRandom r) {
        double mag = Math.pow(10, r.nextInt(-12, 3)) * r.nextDouble();
        return new BigDecimal(r.nextBoolean() ? mag : -mag);
    }

    @Test
    void expEnclosesTheTrueValue() {
        long seed = 7;
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < 400; k++) {
            BigDecimal x = k == 0 ? BigDecimal.ZERO : k == 1 ? new BigDecimal("700") : k == 2 ? new BigDecimal("-745.5") : randomArg(r);
            BigDecimal truth = BigDecimalMath.exp(x, ORACLE);
            for (int digits : new int[] {20, 40}) {
                BigDecimal lo = Enclosures.exp(x, digits, RoundingMode.FLOOR), hi = Enclosures.exp(x, digits, RoundingMode.CEILING);
                String ctx = "seed " + seed + " x=" + x + " digits=" + digits;
                assertTrue(lo.compareTo(truth) <= 0, "lower " + ctx);
                assertTrue(hi.compareTo(truth) >= 0, "upper " + ctx);
                // tight: relative width below 10^(3-digits)
                BigDecimal width = hi.subtract(lo).divide(truth, MathContext.DECIMAL64);
                assertTrue(width.compareTo(BigDecimal.ONE.movePointLeft(digits - 3)) < 0, "width " + width + " " + ctx);
            }
        }
    }

    @Test
    void enclosuresAtTwoPrecisionsOverlapAndProductsOverlapSums() {
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 200; k++) {
            BigDecimal a = randomArg(r), b = randomArg(r);
            assertTrue(Enclosures.exp(a, 20, RoundingMode.FLOOR).compareTo(Enclosures.exp(a, 45, RoundingMode.CEILING)) <= 0);
            assertTrue(Enclosures.exp(a, 45, RoundingMode.FLOOR).compareTo(Enclosures.exp(a, 20, RoundingMode.CEILING)) <= 0);
            // exp(a) * exp(b) and exp(a + b) are the same number, so the enclosures must overlap
            BigDecimal pLo = Enclosures.exp(a, 30, RoundingMode.FLOOR).multiply(Enclosures.exp(b, 30, RoundingMode.FLOOR));
            BigDecimal pHi = Enclosures.exp(a, 30, RoundingMode.CEILING).multiply(Enclosures.exp(b, 30, RoundingMode.CEILING));
            BigDecimal sLo = Enclosures.exp(a.add(b), 30, RoundingMode.FLOOR), sHi = Enclosures.exp(a.add(b), 30, RoundingMode.CEILING);
            assertTrue(pLo.compareTo(sHi) <= 0 && sLo.compareTo(pHi) <= 0, "a=" + a + " b=" + b);
        }
    }

    @Test
    void inverseSqrtIsVerifiedBySquaring() {
        for (int n = 1; n <= 300; n++) {
            BigDecimal[] r = Enclosures.inverseSqrt(n, 30);
            BigDecimal truth = BigDecimal.ONE.divide(BigDecimalMath.sqrt(BigDecimal.valueOf(n), ORACLE), ORACLE);
            assertTrue(r[0].compareTo(truth) <= 0 && truth.compareTo(r[1]) <= 0, "n=" + n);
            assertTrue(r[1].subtract(r[0]).compareTo(new BigDecimal("1e-28")) < 0, "n=" + n);
        }
    }

    @Test
    void doubleRoundingIsDirected() {
        SplittableRandom r = new SplittableRandom(3);
        for (int k = 0; k < 1000; k++) {
            BigDecimal x = randomArg(r).multiply(new BigDecimal("1.000000000000000000000001"));
            double lo = Round.toDouble(x, RoundingMode.FLOOR), hi = Round.toDouble(x, RoundingMode.CEILING);
            assertTrue(new BigDecimal(lo).compareTo(x) <= 0 && new BigDecimal(hi).compareTo(x) >= 0, x.toString());
            assertTrue(Math.nextUp(lo) >= hi, "at most one ulp apart: " + x);
        }
        assertEquals(0.0, Round.toDouble(new BigDecimal("1e-400"), RoundingMode.FLOOR));
        assertEquals(Double.MIN_VALUE, Round.toDouble(new BigDecimal("1e-400"), RoundingMode.CEILING));
    }
}
