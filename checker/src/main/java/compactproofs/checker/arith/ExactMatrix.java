package compactproofs.checker.arith;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * An exact rational matrix (SPEC §5 "Exact dyadics", §9 Lemmas I, SP): entry (i, j) is
 * {@code num[i][j] * 2^exp / den}, with one binary exponent and one positive integer denominator
 * shared by the whole matrix. Ring operations are exact and nothing is ever rounded, except in the
 * methods that say so ({@link #meanRow}, {@link #toDouble}). Every finite double is a dyadic, so a matrix
 * built with {@link #of(double[][])} holds the stored weights exactly, with denominator 1; the
 * denominator only grows through {@link #scale}, so no gcd is ever needed. Instances are immutable
 * (the arrays given to {@link #of(BigInteger[][], int, BigInteger)} must not be changed afterwards).
 */
public final class ExactMatrix {
    private final BigInteger[][] num;
    private final int exp;
    private final BigInteger den;
    public final int rows, cols;

    private ExactMatrix(BigInteger[][] num, int exp, BigInteger den) {
        this.num = num;
        this.exp = exp;
        this.den = den;
        this.rows = num.length;
        this.cols = rows == 0 ? 0 : num[0].length;
    }

    /**
     * The exact matrix {@code num * 2^exp / den} (the arrays are not copied).
     *
     * @throws IllegalArgumentException if {@code den <= 0}
     */
    public static ExactMatrix of(BigInteger[][] num, int exp, BigInteger den) {
        if (den.signum() <= 0) throw new IllegalArgumentException("denominator must be positive");
        return new ExactMatrix(num, exp, den);
    }

    /** The exact k x 1 column holding the integers {@code v}. */
    public static ExactMatrix column(BigInteger[] v) {
        return new ExactMatrix(table(v.length, 1, (i, j) -> v[i]), 0, BigInteger.ONE);
    }

    /**
     * The exact matrix with the given finite entries.
     *
     * @throws IllegalArgumentException if an entry is NaN or infinite
     */
    public static ExactMatrix of(double[][] a) {
        int r = a.length, c = r == 0 ? 0 : a[0].length, minExp = Integer.MAX_VALUE;
        for (double[] row : a)
            for (double x : row) {
                if (!Double.isFinite(x)) throw new IllegalArgumentException("non-finite entry");
                if (x != 0) minExp = Math.min(minExp, exponent(x) - 52 + Long.numberOfTrailingZeros(mantissa(x)));
            }
        int e = minExp == Integer.MAX_VALUE ? 0 : minExp;
        // exact: e is at most the exponent of the lowest set bit of every non-zero entry
        BigInteger[][] out = table(r, c, (i, j) -> BigInteger.valueOf(mantissa(a[i][j])).shiftLeft(exponent(a[i][j]) - 52 - e));
        return new ExactMatrix(out, e, BigInteger.ONE);
    }

    /** {@code x = mantissa(x) * 2^(exponent(x) - 52)} exactly, since {@code |x| * 2^(52 - exponent(x)) < 2^53} is an integer. */
    private static long mantissa(double x) { return (long) Math.scalb(x, 52 - exponent(x)); }

    private static int exponent(double x) { return Math.max(Math.getExponent(x), Double.MIN_EXPONENT); }

    /** The exact 1 x n row matrix holding {@code v}. */
    public static ExactMatrix ofRow(double[] v) {
        return of(new double[][] {v});
    }

    /** Exact product {@code this * b}. */
    public ExactMatrix multiply(ExactMatrix b) {
        if (cols != b.rows) throw new IllegalArgumentException("shape mismatch " + rows + "x" + cols + " * " + b.rows + "x" + b.cols);
        return new ExactMatrix(product(num, b.num, b.cols), Math.addExact(exp, b.exp), den.multiply(b.den));
    }

    /**
     * The exact integer product of {@code x} (r x k) and {@code y} (k x c). With {@code -2^bx <= x <= 2^bx} (bx the
     * largest bitLength), likewise by, and {@code k < 2^bk}, every partial sum of a dot product is below
     * {@code 2^(bx+by+bk)} in magnitude; when that is at most 2^126 and both operands fit a {@code long}, each dot
     * product is summed exactly in 128-bit two's complement ({@link Math#multiplyHigh}, SPEC §5). Otherwise the wider
     * operand is split exactly as {@code hi 2^s + lo} ({@code hi = floor(x / 2^s)}, {@code lo = x mod 2^s}) and the two
     * narrower products are combined.
     */
    private static BigInteger[][] product(BigInteger[][] x, BigInteger[][] y, int c) {
        int k = y.length, bx = bits(x), by = bits(y), s = Math.max(bx, by) / 2;
        if (bx <= 63 && by <= 63 && bx + by + 32 - Integer.numberOfLeadingZeros(k) <= 126) {
            long[][] xl = longs(x), yl = longs(y);
            return table(x.length, c, (i, j) -> {
                long hi = 0, lo = 0;
                for (int t = 0; t < k; t++) {
                    long a = xl[i][t], b = yl[t][j], sum = lo + a * b;
                    hi += Math.multiplyHigh(a, b) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
                    lo = sum;
                }
                return new BigInteger(java.nio.ByteBuffer.allocate(16).putLong(hi).putLong(lo).array());
            });
        }
        BigInteger[][] w = bx >= by ? x : y; // not empty: an empty operand has bits 0
        BigInteger[][] hi = table(w.length, w[0].length, (i, j) -> w[i][j].shiftRight(s));
        BigInteger[][] lo = table(w.length, w[0].length, (i, j) -> w[i][j].subtract(hi[i][j].shiftLeft(s))); // x - floor(x / 2^s) 2^s
        BigInteger[][] ph = w == x ? product(hi, y, c) : product(x, hi, c), pl = w == x ? product(lo, y, c) : product(x, lo, c);
        return table(x.length, c, (i, j) -> ph[i][j].shiftLeft(s).add(pl[i][j]));
    }

    /** The largest bitLength of an entry: every entry e satisfies {@code -2^b <= e < 2^b}. */
    private static int bits(BigInteger[][] a) {
        int b = 0;
        for (BigInteger[] row : a) for (BigInteger e : row) b = Math.max(b, e.bitLength());
        return b;
    }

    /** The entries as longs ({@link BigInteger#longValueExact}: each must fit). */
    private static long[][] longs(BigInteger[][] a) {
        long[][] out = new long[a.length][a.length == 0 ? 0 : a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < out[i].length; j++) out[i][j] = a[i][j].longValueExact();
        return out;
    }

    /** Exact sum; {@code b} must have the same shape, or be a single row added to every row, or a single column added to every column. */
    public ExactMatrix add(ExactMatrix b) {
        boolean rowB = b.rows == 1 && rows != 1, colB = b.cols == 1 && cols != 1;
        if (!colB && b.cols != cols || !rowB && b.rows != rows) throw new IllegalArgumentException("shape mismatch in add");
        boolean sameDen = den.equals(b.den);
        int e = Math.min(exp, b.exp), sa = Math.subtractExact(exp, e), sb = Math.subtractExact(b.exp, e);
        BigInteger[][] out = table(rows, cols, (i, j) -> {
            BigInteger x = num[i][j].shiftLeft(sa), y = b.num[rowB ? 0 : i][colB ? 0 : j].shiftLeft(sb);
            return sameDen ? x.add(y) : x.multiply(b.den).add(y.multiply(den));
        });
        return new ExactMatrix(out, e, sameDen ? den : den.multiply(b.den));
    }

    /** Exact difference; {@code b} must have the same shape, or be a single row or column subtracted from every row or column. */
    public ExactMatrix subtract(ExactMatrix b) {
        return add(b.scale(BigInteger.ONE.negate(), BigInteger.ONE));
    }

    /**
     * {@code this * k / d}, exactly, for integers {@code k} and {@code d > 0}.
     *
     * @throws IllegalArgumentException if {@code d <= 0}
     */
    public ExactMatrix scale(BigInteger k, BigInteger d) {
        return of(table(rows, cols, (i, j) -> num[i][j].multiply(k)), exp, den.multiply(d));
    }

    /** This matrix times {@code 2^k}, exactly. */
    public ExactMatrix timesPowerOfTwo(int k) {
        return new ExactMatrix(num, Math.addExact(exp, k), den);
    }

    /** Entrywise absolute value. */
    public ExactMatrix abs() {
        return new ExactMatrix(table(rows, cols, (i, j) -> num[i][j].abs()), exp, den);
    }

    /** Exact transpose. */
    public ExactMatrix transpose() {
        return new ExactMatrix(table(cols, rows, (i, j) -> num[j][i]), exp, den);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), exactly (rows are shared: instances are immutable). */
    public ExactMatrix rowRange(int from, int to) {
        return new ExactMatrix(Arrays.copyOfRange(num, from, to), exp, den);
    }

    /** Per-row range {@code max_j M[i][j] - min_j M[i][j]} as an exact column. */
    public ExactMatrix rangePerRow() {
        BigInteger[][] out = table(rows, 1, (i, j) -> Arrays.stream(num[i]).reduce(BigInteger::max).get()
                .subtract(Arrays.stream(num[i]).reduce(BigInteger::min).get()));
        return new ExactMatrix(out, exp, den);
    }

    /** The range {@code max M - min M} over all entries as an exact 1 x 1 matrix. */
    public ExactMatrix range() {
        BigInteger[] all = Arrays.stream(num).flatMap(Arrays::stream).toArray(BigInteger[]::new);
        return new ExactMatrix(new BigInteger[][] {all}, exp, den).rangePerRow();
    }

    /**
     * A centring row, <i>not</i> exact: the mean of the rows rounded toward zero to {@code 2^(exp-32)/den}.
     * Callers use it only where any centring row is sound, so the rounding costs tightness, never soundness.
     */
    public ExactMatrix meanRow() {
        BigInteger r = BigInteger.valueOf(rows);
        BigInteger[][] out = table(1, cols, (i, j) -> Arrays.stream(num).map(row -> row[j])
                .reduce(BigInteger.ZERO, BigInteger::add).shiftLeft(32).divide(r));
        return new ExactMatrix(out, Math.subtractExact(exp, 32), den);
    }

    /**
     * The least k with {@code |entry| < 2^k} for every entry ({@code Integer.MIN_VALUE} if every entry is 0):
     * {@code |m 2^e / d| < 2^(bitLength(|m|) + e - bitLength(d) + 1)}, since {@code d >= 2^(bitLength(d) - 1)}.
     */
    public int magnitudeBound() {
        int top = Arrays.stream(num).flatMap(Arrays::stream).mapToInt(m -> m.abs().bitLength()).max().orElse(0);
        return top == 0 ? Integer.MIN_VALUE : Math.addExact(top, Math.subtractExact(exp, den.bitLength() - 1));
    }

    /** The integer numerator of entry (i, j): the entry is {@code numerator(i, j) * 2^exponent() / denominator()}. */
    public BigInteger numerator(int i, int j) { return num[i][j]; }

    /** The binary exponent shared by all entries. */
    public int exponent() { return exp; }

    /** The positive denominator shared by all entries (1 for a matrix of doubles and its ring operations). */
    public BigInteger denominator() { return den; }

    /** Compares entries (i, j) and (k, l) exactly. */
    public int compare(int i, int j, int k, int l) { return num[i][j].compareTo(num[k][l]); }

    /**
     * Entry (i, j) as an exact BigDecimal (a dyadic has a finite decimal expansion).
     *
     * @throws ArithmeticException if the denominator is not 1
     */
    public BigDecimal exact(int i, int j) {
        if (!den.equals(BigInteger.ONE)) throw new ArithmeticException("not a dyadic matrix");
        // pow = 2^exp if exp >= 0, else 5^-exp (then 2^exp = 5^-exp * 10^exp); cached, racy but idempotent
        BigDecimal p = pow;
        if (p == null) pow = p = exp >= 0 ? BigDecimal.valueOf(2).pow(exp) : BigDecimal.valueOf(5).pow(-exp);
        return new BigDecimal(num[i][j]).multiply(p).scaleByPowerOfTen(Math.min(exp, 0));
    }

    private BigDecimal pow;

    /** The {@code r x c} array with entry (i, j) {@code f.at(i, j)}. */
    private static BigInteger[][] table(int r, int c, Entry f) {
        BigInteger[][] out = new BigInteger[r][c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) out[i][j] = f.at(i, j);
        return out;
    }

    private interface Entry { BigInteger at(int i, int j); }

    /** Every entry rounded to a double in direction {@code r} ({@link #toDouble(int, int, RoundingMode)}). */
    public double[][] toDoubles(RoundingMode r) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[i][j] = toDouble(i, j, r);
        return out;
    }

    /** A double bound of entry (i, j) in direction {@code r} ({@link Round#toDouble(BigInteger, int, BigInteger, RoundingMode)}). */
    public double toDouble(int i, int j, RoundingMode r) { return Round.toDouble(num[i][j], exp, den, r); }
}
