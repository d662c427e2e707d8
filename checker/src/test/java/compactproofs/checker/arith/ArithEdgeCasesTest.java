package compactproofs.checker.arith;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.obermuhlner.math.big.BigDecimalMath;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** Boundary cases of the enclosures and exact matrices (added to kill surviving PIT mutants). */
class ArithEdgeCasesTest {
    @Test
    void expDomainIsEveryRealUpToTwoToTheTwenty() {
        BigDecimal limit = Enclosures.MAX_ARGUMENT, floor = Enclosures.EXP_FLOOR.negate();
        assertTrue(Enclosures.exp(limit, 10, RoundingMode.FLOOR).compareTo(Enclosures.exp(limit, 10, RoundingMode.CEILING)) <= 0);
        BigDecimal x = limit.add(BigDecimal.ONE);
        assertThrows(IllegalArgumentException.class, () -> Enclosures.exp(x, 10, RoundingMode.FLOOR));
        assertThrows(IllegalArgumentException.class, () -> Enclosures.exp(x, 10, RoundingMode.CEILING));
        // at the floor: a positive, tight enclosure; below it: [0, e^-floor], never an exception
        BigDecimal atLo = Enclosures.exp(floor, 20, RoundingMode.FLOOR), atHi = Enclosures.exp(floor, 20, RoundingMode.CEILING);
        assertTrue(atLo.signum() > 0 && atLo.compareTo(atHi) <= 0);
        BigDecimal truth = BigDecimalMath.exp(floor, new MathContext(40));
        assertTrue(atLo.compareTo(truth) <= 0 && atHi.compareTo(truth) >= 0);
        for (String s : new String[] {"-10000.0001", "-1048577", "-1e40", "-1e400"}) {
            BigDecimal y = new BigDecimal(s);
            assertEquals(0, Enclosures.exp(y, 20, RoundingMode.FLOOR).signum(), s);
            assertEquals(0, Enclosures.exp(y, 20, RoundingMode.CEILING).compareTo(atHi), s);
        }
        assertTrue(Enclosures.exp(floor, 20, RoundingMode.CEILING).compareTo(new BigDecimal("1e-4342")) < 0);
    }

    @Test
    void expOfLargeArgumentsIsTightAndEncloses() {
        // many squarings (k up to 21): the working precision must grow with k
        for (String s : new String[] {"1000.5", "-1000.5", "-9999.875", "54321.125", "1000000", "1048576"}) {
            BigDecimal x = new BigDecimal(s);
            for (int digits : new int[] {20, 30}) {
                BigDecimal lo = Enclosures.exp(x, digits, RoundingMode.FLOOR), hi = Enclosures.exp(x, digits, RoundingMode.CEILING);
                assertTrue(lo.signum() > 0 && lo.compareTo(hi) <= 0, s);
                BigDecimal width = hi.subtract(lo).divide(lo, MathContext.DECIMAL64);
                assertTrue(width.compareTo(BigDecimal.ONE.movePointLeft(digits - 3)) < 0, "x=" + s + " digits=" + digits + " width " + width);
            }
        }
        for (String s : new String[] {"1000.5", "-1000.5"}) {
            BigDecimal x = new BigDecimal(s), truth = BigDecimalMath.exp(x, new MathContext(80));
            assertTrue(Enclosures.exp(x, 30, RoundingMode.FLOOR).compareTo(truth) <= 0 && Enclosures.exp(x, 30, RoundingMode.CEILING).compareTo(truth) >= 0, s);
        }
        assertEquals(0, Enclosures.exp(BigDecimal.ZERO, 20, RoundingMode.FLOOR).compareTo(BigDecimal.ONE));
        assertEquals(0, Enclosures.exp(BigDecimal.ZERO, 20, RoundingMode.CEILING).compareTo(BigDecimal.ONE));
    }

    @Test
    void inverseSqrtOfPerfectSquaresIsExactAndRejectsNonPositive() {
        for (int k = 1; k <= 40; k++) {
            BigDecimal[] r = Enclosures.inverseSqrt(k * k, 25);
            BigDecimal exact = BigDecimal.ONE.divide(BigDecimal.valueOf(k), new MathContext(25, java.math.RoundingMode.FLOOR));
            if (BigDecimal.ONE.divide(BigDecimal.valueOf(k), new MathContext(60)).compareTo(exact) == 0) {
                // 1/k has a finite expansion (k = 2^a 5^b): both bounds must be that number
                assertEquals(0, r[0].compareTo(exact), "lo for n=" + k * k);
                assertEquals(0, r[1].compareTo(exact), "hi for n=" + k * k);
            }
            assertTrue(r[0].multiply(r[0]).multiply(BigDecimal.valueOf((long) k * k)).compareTo(BigDecimal.ONE) <= 0);
            assertTrue(r[1].multiply(r[1]).multiply(BigDecimal.valueOf((long) k * k)).compareTo(BigDecimal.ONE) >= 0);
        }
        for (int digits = 1; digits <= 4; digits++)
            for (int n = 1; n <= 500; n++) {
                BigDecimal[] r = Enclosures.inverseSqrt(n, digits);
                BigDecimal nn = BigDecimal.valueOf(n);
                assertTrue(r[0].multiply(r[0]).multiply(nn).compareTo(BigDecimal.ONE) <= 0, "n=" + n + " digits=" + digits);
                assertTrue(r[1].multiply(r[1]).multiply(nn).compareTo(BigDecimal.ONE) >= 0, "n=" + n + " digits=" + digits);
            }
        assertThrows(IllegalArgumentException.class, () -> Enclosures.inverseSqrt(0, 10));
        assertThrows(IllegalArgumentException.class, () -> Enclosures.inverseSqrt(-4, 10));
        BigDecimal[] one = Enclosures.inverseSqrt(1, 10);
        assertEquals(0, one[0].compareTo(BigDecimal.ONE));
        assertEquals(0, one[1].compareTo(BigDecimal.ONE));
    }

    @Test
    void doubleRoundingOfRepresentableAndOutOfRangeValues() {
        for (double d : new double[] {1.5, -1.5, 0.1, -3e-310, 1e300, Double.MAX_VALUE, -Double.MAX_VALUE, 0.0}) {
            assertEquals(d, Round.toDouble(new BigDecimal(d), RoundingMode.FLOOR));
            assertEquals(d, Round.toDouble(new BigDecimal(d), RoundingMode.CEILING));
        }
        BigDecimal huge = new BigDecimal("1e400");
        assertEquals(Double.MAX_VALUE, Round.toDouble(huge, RoundingMode.FLOOR));
        assertEquals(Double.POSITIVE_INFINITY, Round.toDouble(huge, RoundingMode.CEILING));
        assertEquals(-Double.MAX_VALUE, Round.toDouble(huge.negate(), RoundingMode.CEILING));
        assertEquals(Double.NEGATIVE_INFINITY, Round.toDouble(huge.negate(), RoundingMode.FLOOR));
        // the kept delegates agree
            }

    @Test
    void emptyAndDegenerateMatrices() {
        ExactMatrix e = ExactMatrix.of(new double[0][0]);
        assertEquals(0, e.rows);
        assertEquals(0, e.cols);
        ExactMatrix z = ExactMatrix.of(new double[][] {{0.0, -0.0}, {0.0, 0.0}});
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 2; j++) {
                assertEquals(0, z.numerator(i, j).signum());
                assertEquals(0.0, z.toDouble(i, j, RoundingMode.FLOOR));
                assertEquals(0.0, z.toDouble(i, j, RoundingMode.CEILING));
                assertEquals(0, z.exact(i, j).signum());
            }
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
            assertThrows(IllegalArgumentException.class, () -> ExactMatrix.of(new double[][] {{1.0, bad}}));
    }

    @Test
    void positiveExponentsSignsAndComparisons() {
        double big = 0x1p60, odd = 3 * 0x1p70;
        ExactMatrix m = ExactMatrix.of(new double[][] {{big, -odd}, {0.0, 1e300}});
        assertEquals(0, m.exact(0, 0).compareTo(new BigDecimal(BigInteger.ONE.shiftLeft(60))));
        assertEquals(0, m.exact(0, 1).compareTo(new BigDecimal(BigInteger.valueOf(-3).shiftLeft(70))));
        assertEquals(0, m.exact(1, 1).compareTo(new BigDecimal(1e300)));
        assertEquals(1, m.numerator(0, 0).signum());
        assertEquals(-1, m.numerator(0, 1).signum());
        assertEquals(0, m.numerator(1, 0).signum());
        assertTrue(m.compare(0, 0, 0, 1) > 0 && m.compare(0, 1, 0, 0) < 0 && m.compare(1, 0, 1, 0) == 0);
        assertTrue(m.toDouble(0, 0, RoundingMode.FLOOR) <= big && m.toDouble(0, 0, RoundingMode.CEILING) >= big && m.toDouble(0, 0, RoundingMode.FLOOR) > 0);
        ExactMatrix t = m.transpose();
        assertEquals(0, t.exact(1, 0).compareTo(m.exact(0, 1)));
        ExactMatrix rows = m.rowRange(1, 2);
        assertEquals(1, rows.rows);
        assertEquals(0, rows.exact(0, 1).compareTo(new BigDecimal(1e300)));
    }

    @Test
    void additionShapesAndBroadcasting() {
        ExactMatrix a = ExactMatrix.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
        ExactMatrix row = ExactMatrix.ofRow(new double[] {0.5, -1});
        ExactMatrix s = a.add(row), d = a.subtract(row);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, s.exact(i, 0).compareTo(BigDecimal.valueOf(2 * i + 1.5)));
            assertEquals(0, d.exact(i, 1).compareTo(BigDecimal.valueOf(2 * i + 3)));
        }
        ExactMatrix one = ExactMatrix.of(new double[][] {{2}}), sum = one.add(ExactMatrix.of(new double[][] {{0.25}}));
        assertEquals(1, sum.rows);
        assertEquals(0, sum.exact(0, 0).compareTo(new BigDecimal("2.25")));
        assertThrows(IllegalArgumentException.class, () -> row.add(a));
        assertThrows(IllegalArgumentException.class, () -> a.add(ExactMatrix.of(new double[][] {{1, 2}, {3, 4}})));
        assertThrows(IllegalArgumentException.class, () -> a.add(ExactMatrix.ofRow(new double[] {1, 2, 3})));
        assertThrows(IllegalArgumentException.class, () -> a.multiply(a));
        ExactMatrix p = a.multiply(ExactMatrix.of(new double[][] {{1}, {0}}));
        assertEquals(3, p.rows);
        assertEquals(1, p.cols);
        assertEquals(0, p.exact(2, 0).compareTo(BigDecimal.valueOf(5)));
    }

    @Test
    void toDoubleOfWideMantissasIsDirected() {
        // mantissas wider than 62 bits take the shifted path; check against exact BigDecimal
        BigInteger[] ms = {BigInteger.ONE.shiftLeft(62), BigInteger.ONE.shiftLeft(100).add(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(100).subtract(BigInteger.ONE), new BigInteger("123456789012345678901234567890123"),
                BigInteger.ONE.shiftLeft(70).negate().add(BigInteger.ONE)};
        for (BigInteger m : ms)
            for (int e : new int[] {-1100, -200, 0, 5}) {
                BigDecimal exact = new BigDecimal(m).multiply(e >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(e))
                        : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e))));
                double lo = Round.toDouble(m, e, BigInteger.ONE, RoundingMode.FLOOR), hi = Round.toDouble(m, e, BigInteger.ONE, RoundingMode.CEILING);
                assertTrue(new BigDecimal(lo).compareTo(exact) <= 0, m + " e=" + e);
                assertTrue(new BigDecimal(hi).compareTo(exact) >= 0, m + " e=" + e);
                if (e > -1000) assertTrue(Math.nextUp(Math.nextUp(Math.nextUp(lo))) >= hi, "within a few ulps: " + m + " e=" + e);
            }
        assertArrayEquals(new double[] {0.0, 0.0}, new double[] {Round.toDouble(BigInteger.ZERO, 7, BigInteger.ONE, RoundingMode.FLOOR), Round.toDouble(BigInteger.ZERO, 7, BigInteger.ONE, RoundingMode.CEILING)});
    }

    @Test
    void onlyFloorAndCeilingAreAccepted() {
        for (RoundingMode r : new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.UP, RoundingMode.DOWN}) {
            assertThrows(IllegalArgumentException.class, () -> Round.add(1, 2, r));
            assertThrows(IllegalArgumentException.class, () -> Round.toDouble(BigDecimal.ONE, r));
            assertThrows(IllegalArgumentException.class, () -> Round.toDouble(BigInteger.TWO, 0, BigInteger.ONE, r));
            assertThrows(IllegalArgumentException.class, () -> Enclosures.exp(1.0, r));
            assertThrows(IllegalArgumentException.class, () -> Enclosures.exp(BigDecimal.ONE, 10, r));
        }
    }
}
