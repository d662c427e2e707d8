package compactproofs.checker.arith;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact matrix of dyadic rationals: entry (i, j) is {@code mant[i][j] * 2^exp}, with one binary
 * exponent shared by the whole matrix. Ring operations (add, subtract, multiply) are exact; nothing
 * is ever rounded. Every finite double is such a dyadic, so a matrix built with {@link #of(double[][])}
 * holds the stored weights exactly.
 *
 * <p>Instances are immutable.
 */
public final class ExactMatrix {
    private final BigInteger[][] mant;
    private final int exp;
    public final int rows, cols;

    private ExactMatrix(BigInteger[][] mant, int exp) {
        this.mant = mant;
        this.exp = exp;
        this.rows = mant.length;
        this.cols = rows == 0 ? 0 : mant[0].length;
    }

    /**
     * The exact matrix with the given finite entries.
     *
     * @throws IllegalArgumentException if an entry is NaN or infinite
     */
    public static ExactMatrix of(double[][] a) {
        int r = a.length, c = r == 0 ? 0 : a[0].length;
        long[][] m = new long[r][c];
        int[][] e = new int[r][c];
        int minExp = Integer.MAX_VALUE;
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++) {
                double x = a[i][j];
                if (!Double.isFinite(x)) throw new IllegalArgumentException("non-finite entry");
                if (x == 0) continue;
                int ex = Math.max(Math.getExponent(x), Double.MIN_EXPONENT);
                long mm = (long) Math.scalb(x, 52 - ex); // exact: |x| * 2^(52-ex) < 2^53 is an integer
                int tz = Long.numberOfTrailingZeros(mm);
                m[i][j] = mm >> tz;
                e[i][j] = ex - 52 + tz;
                minExp = Math.min(minExp, e[i][j]);
            }
        if (minExp == Integer.MAX_VALUE) minExp = 0;
        BigInteger[][] out = new BigInteger[r][c];
        for (int i = 0; i < r; i++)
            for (int j = 0; j < c; j++)
                out[i][j] = BigInteger.valueOf(m[i][j]).shiftLeft(m[i][j] == 0 ? 0 : e[i][j] - minExp);
        return new ExactMatrix(out, minExp);
    }

    /** The exact 1 x n row matrix holding {@code v}. */
    public static ExactMatrix ofRow(double[] v) {
        return of(new double[][] {v});
    }

    /** Exact product {@code this * b}. */
    public ExactMatrix multiply(ExactMatrix b) {
        if (cols != b.rows) throw new IllegalArgumentException("shape mismatch " + rows + "x" + cols + " * " + b.rows + "x" + b.cols);
        BigInteger[][] out = new BigInteger[rows][b.cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < b.cols; j++) {
                BigInteger s = BigInteger.ZERO;
                for (int k = 0; k < cols; k++) {
                    BigInteger x = mant[i][k], y = b.mant[k][j];
                    if (x.signum() != 0 && y.signum() != 0) s = s.add(x.multiply(y));
                }
                out[i][j] = s;
            }
        return new ExactMatrix(out, Math.addExact(exp, b.exp));
    }

    /** Exact sum; {@code b} must have the same shape, or be a single row that is added to every row. */
    public ExactMatrix add(ExactMatrix b) {
        return combine(b, false);
    }

    /** Exact difference; {@code b} must have the same shape, or be a single row subtracted from every row. */
    public ExactMatrix subtract(ExactMatrix b) {
        return combine(b, true);
    }

    private ExactMatrix combine(ExactMatrix b, boolean negate) {
        boolean broadcast = b.rows == 1 && rows != 1;
        if (b.cols != cols || (!broadcast && b.rows != rows)) throw new IllegalArgumentException("shape mismatch in add");
        int e = Math.min(exp, b.exp);
        int sa = Math.subtractExact(exp, e), sb = Math.subtractExact(b.exp, e);
        BigInteger[][] out = new BigInteger[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                BigInteger y = b.mant[broadcast ? 0 : i][j].shiftLeft(sb);
                out[i][j] = mant[i][j].shiftLeft(sa).add(negate ? y.negate() : y);
            }
        return new ExactMatrix(out, e);
    }

    /**
     * The least k with {@code |entry| < 2^k} for every entry ({@code Integer.MIN_VALUE} if every entry is 0):
     * {@code |m 2^e| < 2^(bitLength(m) + e)}.
     */
    public int magnitudeBound() {
        int k = Integer.MIN_VALUE;
        for (BigInteger[] row : mant)
            for (BigInteger m : row) if (m.signum() != 0) k = Math.max(k, Math.addExact(m.bitLength(), exp));
        return k;
    }

    /** This matrix times {@code 2^k}, exactly. */
    public ExactMatrix timesPowerOfTwo(int k) {
        return new ExactMatrix(mant, Math.addExact(exp, k));
    }

    /** Exact transpose. */
    public ExactMatrix transpose() {
        BigInteger[][] out = new BigInteger[cols][rows];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[j][i] = mant[i][j];
        return new ExactMatrix(out, exp);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), exactly. */
    public ExactMatrix rowRange(int from, int to) {
        BigInteger[][] out = new BigInteger[to - from][];
        for (int i = from; i < to; i++) out[i - from] = mant[i].clone();
        return new ExactMatrix(out, exp);
    }

    /** The integer mantissa of entry (i, j); the entry is {@code mantissa(i, j) * 2^exponent()}. */
    public BigInteger mantissa(int i, int j) { return mant[i][j]; }

    /** The binary exponent shared by all entries. */
    public int exponent() { return exp; }

    /** The exact 1 x rows row whose entry i is entry (i, {@code colOfRow[i]}) of this matrix. */
    public ExactMatrix pickPerRow(int[] colOfRow) {
        BigInteger[][] out = new BigInteger[1][rows];
        for (int i = 0; i < rows; i++) out[0][i] = mant[i][colOfRow[i]];
        return new ExactMatrix(out, exp);
    }

    /** Sign of entry (i, j): -1, 0 or 1. */
    public int signum(int i, int j) { return mant[i][j].signum(); }

    /** Compares entries (i, j) and (k, l) exactly. */
    public int compare(int i, int j, int k, int l) { return mant[i][j].compareTo(mant[k][l]); }

    /** Entry (i, j) as an exact BigDecimal (a dyadic has a finite decimal expansion). */
    public BigDecimal exact(int i, int j) {
        BigDecimal m = new BigDecimal(mant[i][j]);
        return exp >= 0 ? m.multiply(scale()) : m.multiply(scale()).scaleByPowerOfTen(exp);
    }

    private BigDecimal scale;

    /** 2^exp if exp >= 0, else 5^-exp (then 2^exp = 5^-exp * 10^exp); cached, racy but idempotent. */
    private BigDecimal scale() {
        BigDecimal s = scale;
        if (s == null) scale = s = exp >= 0 ? BigDecimal.valueOf(2).pow(exp) : BigDecimal.valueOf(5).pow(-exp);
        return s;
    }

    /** The largest double that is at most entry (i, j). */
    public double floor(int i, int j) { return toDouble(mant[i][j], exp, false); }

    /** The smallest double that is at least entry (i, j). */
    public double ceil(int i, int j) { return toDouble(mant[i][j], exp, true); }

    /**
     * A double bound of {@code m * 2^e}: at most the value when {@code up} is false, at least it when
     * true. Accuracy: within two ulps (one from the correctly rounded conversion, one from widening).
     */
    public static double toDouble(BigInteger m, int e, boolean up) {
        if (m.signum() == 0) return 0.0;
        int extra = m.bitLength() - 62;
        long top;
        if (extra > 0) {
            // floor(m / 2^extra), then round toward the requested direction
            BigInteger q = m.shiftRight(extra);
            top = q.longValueExact();
            if (up && q.shiftLeft(extra).compareTo(m) != 0) top += 1;
            e = Math.addExact(e, extra);
        } else {
            top = m.longValueExact();
        }
        // (double) top and scalb each round to nearest (error < 1 ulp together, as each is correctly
        // rounded and at most one of them rounds except in the subnormal range, where scalb's error is
        // below one subnormal ulp); one step outward makes the bound valid.
        double d = Math.scalb((double) top, e);
        return up ? Math.nextUp(d) : Math.nextDown(d);
    }
}
