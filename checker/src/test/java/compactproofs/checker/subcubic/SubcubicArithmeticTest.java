package compactproofs.checker.subcubic;

import static org.junit.jupiter.api.Assertions.*;

import compactproofs.checker.arith.Enclosures;
import compactproofs.checker.arith.ExactMatrix;
import compactproofs.checker.arith.Round;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import static java.math.RoundingMode.CEILING;
import static java.math.RoundingMode.FLOOR;
import org.junit.jupiter.api.Test;

/**
 * Unit tests of the exact rational matrices ({@link ExactMatrix} with a denominator), their charges
 * ({@link ProofLength}) and the outward-rounded doubles ({@link Round}, {@link Enclosures#exp(double, RoundingMode)}),
 * each result checked against an independent exact computation (BigInteger / BigDecimal).
 */
class SubcubicArithmeticTest {
    static BigInteger bi(long x) { return BigInteger.valueOf(x); }

    static ExactMatrix mat(long[][] a, int exp, long den) {
        BigInteger[][] n = new BigInteger[a.length][];
        for (int i = 0; i < a.length; i++) {
            n[i] = new BigInteger[a[i].length];
            for (int j = 0; j < a[i].length; j++) n[i][j] = bi(a[i][j]);
        }
        return ExactMatrix.of(n, exp, bi(den));
    }

    /** The exact value of entry (i, j) as a BigDecimal fraction numerator/denominator pair {p, q}. */
    static BigInteger[] value(ExactMatrix m, int i, int j) {
        BigInteger p = m.numerator(i, j), q = m.denominator();
        if (m.exponent() >= 0) p = p.shiftLeft(m.exponent());
        else q = q.shiftLeft(-m.exponent());
        BigInteger g = p.gcd(q);
        return g.signum() == 0 ? new BigInteger[] {p, q} : new BigInteger[] {p.divide(g), q.divide(g)};
    }

    /** Asserts entry (i, j) of m equals p/q exactly. */
    static void assertValue(long p, long q, ExactMatrix m, int i, int j) {
        BigInteger[] v = value(m, i, j);
        assertEquals(0, v[0].multiply(bi(q)).compareTo(bi(p).multiply(v[1])), "entry " + i + "," + j + " = " + v[0] + "/" + v[1] + ", not " + p + "/" + q);
    }

    // ------------------------------------------------------------------ ExactMatrix with a denominator

    @Test
    void constructorRejectsNonPositiveDenominatorsAndAcceptsEmptyMatrices() {
        assertThrows(IllegalArgumentException.class, () -> mat(new long[][] {{1}}, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> mat(new long[][] {{1}}, 0, -3));
        ExactMatrix one = mat(new long[][] {{1}}, 0, 1);
        assertEquals(1, one.rows);
        assertEquals(1, one.cols);
        ExactMatrix empty = ExactMatrix.of(new BigInteger[0][], 0, BigInteger.ONE);
        assertEquals(0, empty.rows);
        assertEquals(0, empty.cols);
        ExactMatrix wide = mat(new long[][] {{1, 2, 3}}, 0, 1);
        assertEquals(3, wide.cols);
    }

    @Test
    void shapeMismatchesAreRejected() {
        ExactMatrix a = mat(new long[][] {{1, 2}, {3, 4}}, 0, 1), b = mat(new long[][] {{1, 2, 3}}, 0, 1), c = mat(new long[][] {{1}, {2}, {3}}, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> a.multiply(c));   // 2x2 * 3x1
        assertThrows(IllegalArgumentException.class, () -> a.add(b));        // cols differ (2 vs 3)
        assertThrows(IllegalArgumentException.class, () -> a.subtract(c));   // 2x2 - 3x1
        ExactMatrix three = mat(new long[][] {{1, 1}, {1, 1}, {1, 1}}, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> a.add(three));    // rows differ, not a broadcast row
        ExactMatrix row = mat(new long[][] {{10, 20}}, 0, 1);
        ExactMatrix s = three.add(row);                                             // broadcast of one row
        assertValue(11, 1, s, 2, 0);
        assertValue(21, 1, s, 2, 1);
    }

    @Test
    void sumsKeepACommonDenominatorAndCrossMultiplyOtherwise() {
        ExactMatrix a = mat(new long[][] {{1, 2}}, 0, 3), b = mat(new long[][] {{4, -5}}, -1, 3);
        ProofLength len = new ProofLength();
        ExactMatrix s = len.add(a, b);
        assertEquals(bi(3), s.denominator(), "equal denominators are not multiplied");
        assertValue(1 * 2 + 4, 6, s, 0, 0);   // 1/3 + 4/6 = 1
        assertValue(4 - 5, 6, s, 0, 1);       // 2/3 - 5/6 = -1/6
        assertEquals(2, len.count());
        ExactMatrix c = mat(new long[][] {{1, 1}}, 2, 5);
        ExactMatrix d = a.subtract(c);        // 1/3 - 4/5, 2/3 - 4/5
        assertEquals(bi(15), d.denominator());
        assertValue(5 - 12, 15, d, 0, 0);
        assertValue(10 - 12, 15, d, 0, 1);
        ExactMatrix e = c.subtract(a);                    // the other order: c has exponent 2
        assertValue(12 - 5, 15, e, 0, 0);
    }

    @Test
    void productsScalesAndRangesAreExact() {
        ExactMatrix a = mat(new long[][] {{1, -2}, {0, 3}}, -1, 3), b = mat(new long[][] {{5, 0}, {7, -1}}, 1, 2);
        ProofLength len = new ProofLength();
        ExactMatrix p = len.mul(a, b);                             // (a/6)(2b/2) = a b / 6
        assertValue(5 - 14, 6, p, 0, 0);
        assertValue(2, 6, p, 0, 1);
        assertValue(21, 6, p, 1, 0);
        assertValue(-3, 6, p, 1, 1);
        assertEquals(2 * 2 * 3, len.count());
        ExactMatrix s = a.scale(bi(-4), bi(7));
        assertValue(-4, 42, s, 0, 0);
        ExactMatrix r = mat(new long[][] {{3, -1, 7}, {0, 0, 0}}, 0, 2).rangePerRow();
        assertValue(8, 2, r, 0, 0);
        assertValue(0, 1, r, 1, 0);
        ExactMatrix t = a.transpose();
        assertValue(-2, 6, t, 1, 0);
        ExactMatrix ab = a.abs();
        assertValue(2, 6, ab, 0, 1);
    }

    @Test
    void meanRowIsTheMeanRoundedTowardZeroOnTheStatedGrid() {
        ExactMatrix a = mat(new long[][] {{1, -1, 6}, {2, -1, 0}, {4, -2, 0}}, 0, 5);
        ExactMatrix c = a.meanRow();
        assertEquals(-32, c.exponent());
        assertEquals(bi(5), c.denominator());
        // column sums 7, -4, 6 over 3 rows, times 2^32, divided toward zero
        assertEquals(BigInteger.valueOf(7L << 32).divide(bi(3)), c.numerator(0, 0));
        assertEquals(BigInteger.valueOf(-4L << 32).divide(bi(3)), c.numerator(0, 1));
        assertEquals(BigInteger.valueOf(2L << 32), c.numerator(0, 2));
    }

    /** m 2^e / d as an exact BigDecimal comparison with a double: sign of (x - m 2^e / d). */
    static int cmp(double x, BigInteger m, int e, BigInteger d) {
        BigDecimal lhs = new BigDecimal(x).multiply(new BigDecimal(d));
        BigDecimal rhs = new BigDecimal(m);
        rhs = e >= 0 ? rhs.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(e))) : rhs.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-e)));
        return lhs.compareTo(rhs);
    }

    @Test
    void toDoubleIsADirectedBoundWithinTwoUlps() {
        SplittableRandom r = new SplittableRandom(5);
        for (int t = 0; t < 3000; t++) {
            BigInteger m = new BigInteger(1 + r.nextInt(200), new java.util.Random(r.nextLong()));
            if (r.nextBoolean()) m = m.negate();
            BigInteger d = t % 5 == 0 ? BigInteger.ONE : new BigInteger(1 + r.nextInt(200), new java.util.Random(r.nextLong())).add(BigInteger.ONE);
            int e = r.nextInt(200) - 100;
            double up = Round.toDouble(m, e, d, CEILING), down = Round.toDouble(m, e, d, FLOOR);
            String what = m + " 2^" + e + " / " + d;
            if (m.signum() == 0) { assertEquals(0.0, up); assertEquals(0.0, down); continue; }
            assertTrue(cmp(up, m, e, d) >= 0, "up " + what);
            assertTrue(cmp(down, m, e, d) <= 0, "down " + what);
            assertTrue(down <= up);
            // within two ulps of each other's side: at most 4 ulps apart
            assertTrue(up - down <= 4 * Math.ulp(up), what + ": " + down + " .. " + up);
        }
        // 1/3 and -1/3
        double u = Round.toDouble(bi(1), 0, bi(3), CEILING), l = Round.toDouble(bi(1), 0, bi(3), FLOOR);
        assertTrue(u > 1.0 / 3 - 1e-17 && u <= Math.nextUp(Math.nextUp(1.0 / 3)), "" + u);
        assertTrue(l < 1.0 / 3 + 1e-17 && l >= Math.nextDown(Math.nextDown(1.0 / 3)), "" + l);
        assertEquals(-l, Round.toDouble(bi(-1), 0, bi(3), CEILING));
        assertEquals(0.0, Round.toDouble(BigInteger.ZERO, 5, bi(7), CEILING));
    }

    /**
     * The construction of {@link Round#toDouble(BigInteger, int, BigInteger, RoundingMode)}: the quotient on a grid of {@code 2^-s} with
     * {@code s = max(0, bits(d) + 66 - bits(m))}, rounded outward (ceiling for an upper bound, floor for a
     * lower one), then converted as a dyadic (denominator 1). Pinned at quotients whose rounding
     * decides a half-way case of the conversion, where a quotient off by one gives a different double.
     */
    @Test
    void toDoubleRoundsTheQuotientOutwardBeforeConverting() {
        BigInteger three = bi(3);
        int hits = 0;
        for (long low : new long[] {256, 767})
            for (int sign : new int[] {1, -1}) {
                // T: 62 bits, T = low (mod 1024); q = T * 32 (67 bits); m = 3 q + 1 (so s = 0, remainder 1)
                BigInteger t = BigInteger.ONE.shiftLeft(61).add(BigInteger.valueOf(0x5a5a5L << 10)).add(bi(low));
                BigInteger q = t.shiftLeft(5);
                for (BigInteger m : new BigInteger[] {q.multiply(three).add(BigInteger.ONE), q.multiply(three).subtract(BigInteger.ONE)}) {
                    m = sign > 0 ? m : m.negate();
                    for (RoundingMode mode : new RoundingMode[] {CEILING, FLOOR}) {
                        boolean up = mode == CEILING;
                        int s = Math.max(0, three.bitLength() + 66 - m.bitLength());
                        BigDecimal exact = new BigDecimal(m.shiftLeft(s)).divide(new BigDecimal(three), 0, up ? RoundingMode.CEILING : RoundingMode.FLOOR);
                        double want = Round.toDouble(exact.toBigIntegerExact(), -7 - s, BigInteger.ONE, mode);
                        double got = Round.toDouble(m, -7, three, mode);
                        assertEquals(want, got, m + " up=" + up);
                        BigInteger trunc = m.shiftLeft(s).divide(three); // toward zero
                        if (Round.toDouble(trunc.add(up ? BigInteger.ONE.negate() : BigInteger.ONE), -7 - s, BigInteger.ONE, mode) != want
                                || Round.toDouble(trunc, -7 - s, BigInteger.ONE, mode) != want) hits++;
                    }
                }
            }
        assertTrue(hits >= 4, "the cases must distinguish a quotient off by one: " + hits);
    }

    // ------------------------------------------------------------------ Round, Enclosures.exp(double)

    /** Exact comparison of a double with the exact result of a double operation. */
    static BigDecimal bd(double x) { return new BigDecimal(x); }

    @Test
    void basicOperationsAreOneUlpOutward() {
        double[] xs = {0.1, -0.3, 1.0 / 3, 7.0, -2.5e-300, 1e300, 3.0};
        for (double a : xs)
            for (double b : xs) {
                assertEquals(Math.nextUp(a + b), Round.add(a, b, CEILING));
                assertEquals(Math.nextDown(a + b), Round.add(a, b, FLOOR));
                assertEquals(Math.nextUp(a - b), Round.sub(a, b, CEILING));
                assertEquals(Math.nextDown(a - b), Round.sub(a, b, FLOOR));
                assertEquals(Math.nextUp(a * b), Round.mul(a, b, CEILING));
                assertEquals(Math.nextDown(a * b), Round.mul(a, b, FLOOR));
                assertEquals(Math.nextUp(a / b), Round.div(a, b, CEILING));
                assertEquals(Math.nextDown(a / b), Round.div(a, b, FLOOR));
                // and they are bounds of the exact results
                assertTrue(bd(Round.add(a, b, CEILING)).compareTo(bd(a).add(bd(b))) >= 0);
                assertTrue(bd(Round.sub(a, b, FLOOR)).compareTo(bd(a).subtract(bd(b))) <= 0);
                if (Double.isFinite(a * b) && a * b != 0) {
                    assertTrue(bd(Round.mul(a, b, CEILING)).compareTo(bd(a).multiply(bd(b))) >= 0);
                    assertTrue(bd(Round.mul(a, b, FLOOR)).compareTo(bd(a).multiply(bd(b))) <= 0);
                }
                if (Double.isFinite(a / b) && a / b != 0) {
                    BigDecimal q = bd(a).divide(bd(b), new MathContext(60));
                    assertTrue(bd(Round.div(a, b, CEILING)).compareTo(q) > 0);
                    assertTrue(bd(Round.div(a, b, FLOOR)).compareTo(q) < 0);
                }
            }
        assertEquals(Math.nextUp(Math.sqrt(2.0)), Round.sqrt(2.0, CEILING));
        assertTrue(bd(Round.sqrt(2.0, CEILING)).pow(2).compareTo(BigDecimal.valueOf(2)) > 0);
    }

    @Test
    void scaleUsesTheEndpointThatBoundsTheProduct() {
        double lo = 0.5, hi = 2.0;
        assertEquals(Math.nextUp(3.0 * hi), Round.mulInterval(lo, hi, 3.0, CEILING));
        assertEquals(Math.nextUp(-3.0 * lo), Round.mulInterval(lo, hi, -3.0, CEILING));
        assertEquals(Math.nextDown(3.0 * lo), Round.mulInterval(lo, hi, 3.0, FLOOR));
        assertEquals(Math.nextDown(-3.0 * hi), Round.mulInterval(lo, hi, -3.0, FLOOR));
        // with the real factor anywhere in [lo, hi], x r lies between the two
        for (double x : new double[] {-5.5, -1e-3, 1e-3, 7.25})
            for (double r : new double[] {lo, 1.0, hi}) {
                assertTrue(Round.mulInterval(lo, hi, x, FLOOR) <= x * r && x * r <= Round.mulInterval(lo, hi, x, CEILING), x + " * " + r);
            }
        double r1 = 1 / Math.sqrt(8);
        assertTrue(Round.mulInterval(Math.nextDown(r1), Math.nextUp(r1), 1.0, CEILING) > r1);
        assertTrue(Round.mulInterval(Math.nextDown(r1), Math.nextUp(r1), 1.0, FLOOR) < r1);
    }

    @Test
    void expEnclosureHandlesItsSpecialArguments() {
        assertEquals(0.0, Enclosures.exp(Double.NaN, FLOOR));
        assertEquals(Double.POSITIVE_INFINITY, Enclosures.exp(Double.NaN, CEILING));
        assertEquals(0.0, Enclosures.exp(-800, FLOOR));
        assertEquals(0.0, Enclosures.exp(Double.NEGATIVE_INFINITY, FLOOR));
        assertEquals(Double.MIN_VALUE, Enclosures.exp(-800, CEILING));
        assertEquals(Double.MIN_VALUE, Enclosures.exp(Double.NEGATIVE_INFINITY, CEILING));
        // above 709 the lower bound is the one at 709 (finite), the upper bound is infinite
        double at709 = Enclosures.exp(709.0, FLOOR);
        assertTrue(at709 > 8.2e307 && Double.isFinite(at709), "" + at709);
        assertEquals(at709, Enclosures.exp(710.0, FLOOR));
        assertEquals(at709, Enclosures.exp(1e6, FLOOR));
        assertEquals(at709, Enclosures.exp(Double.POSITIVE_INFINITY, FLOOR));
        assertEquals(Double.POSITIVE_INFINITY, Enclosures.exp(709.5, CEILING));
        assertEquals(Double.POSITIVE_INFINITY, Enclosures.exp(Double.POSITIVE_INFINITY, CEILING));
        double up709 = Enclosures.exp(709.0, CEILING);
        assertTrue(Double.isFinite(up709) && up709 >= at709 && up709 < 8.3e307, "" + up709);
        // exact enclosures at and near the ends of the range, checked with the BigDecimal exp of the arithmetic package
        for (double x : new double[] {709.0, 708.5, -700.0, -744.0, -745.0, 0.0, 1e-10, -1e-10, 0.5, -0.5, 100.25, -100.25}) {
            BigDecimal lo = bd(Enclosures.exp(x, FLOOR)), hi = bd(Enclosures.exp(x, CEILING));
            assertTrue(lo.compareTo(Enclosures.exp(bd(x), 30, CEILING)) <= 0, "lower " + x);
            assertTrue(hi.compareTo(Enclosures.exp(bd(x), 30, FLOOR)) >= 0, "upper " + x);
        }
        assertEquals(1.0, Enclosures.exp(0.0, FLOOR), 1e-12);
        assertTrue(Enclosures.exp(0.0, FLOOR) < 1.0 && Enclosures.exp(0.0, CEILING) > 1.0);
    }
}
