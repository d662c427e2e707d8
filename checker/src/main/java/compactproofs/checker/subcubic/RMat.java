package compactproofs.checker.subcubic;

import compactproofs.checker.arith.ExactMatrix;
import java.math.BigInteger;

/**
 * An exact rational matrix {@code num[i][j] * 2^exp / den} with integer numerators, one shared binary
 * exponent and one shared positive integer denominator. Ring operations are exact; the denominator
 * only grows through rank-1 projections {@code v v^T / (v^T v)} with integer v, so no gcd is ever
 * needed. Each operation charges the shared {@link Ops} counter.
 */
final class RMat {
    final BigInteger[][] num;
    final int exp;
    final BigInteger den;
    final int rows, cols;
    final Ops ops;

    RMat(BigInteger[][] num, int exp, BigInteger den, Ops ops) {
        if (den.signum() <= 0) throw new IllegalArgumentException("denominator must be positive");
        this.num = num; this.exp = exp; this.den = den; this.ops = ops;
        this.rows = num.length; this.cols = rows == 0 ? 0 : num[0].length;
    }

    /** The exact matrix of finite doubles. */
    static RMat of(double[][] a, Ops ops) {
        return fromExact(ExactMatrix.of(a), ops);
    }

    /** The same exact values as {@code m}. */
    static RMat fromExact(ExactMatrix m, Ops ops) {
        BigInteger[][] out = new BigInteger[m.rows][m.cols];
        for (int i = 0; i < m.rows; i++)
            for (int j = 0; j < m.cols; j++) out[i][j] = m.mantissa(i, j);
        return new RMat(out, m.exponent(), BigInteger.ONE, ops);
    }

    /** An integer column vector (k x 1). */
    static RMat column(BigInteger[] v, Ops ops) {
        BigInteger[][] out = new BigInteger[v.length][1];
        for (int i = 0; i < v.length; i++) out[i][0] = v[i];
        return new RMat(out, 0, BigInteger.ONE, ops);
    }

    /** Exact product. */
    RMat mul(RMat b) {
        if (cols != b.rows) throw new IllegalArgumentException("shape mismatch " + rows + "x" + cols + " * " + b.rows + "x" + b.cols);
        BigInteger[][] out = new BigInteger[rows][b.cols];
        for (int i = 0; i < rows; i++) {
            BigInteger[] ai = num[i];
            for (int j = 0; j < b.cols; j++) {
                BigInteger s = BigInteger.ZERO;
                for (int k = 0; k < cols; k++) {
                    BigInteger x = ai[k], y = b.num[k][j];
                    if (x.signum() != 0 && y.signum() != 0) s = s.add(x.multiply(y));
                }
                out[i][j] = s;
            }
        }
        ops.matmul(rows, cols, b.cols);
        return new RMat(out, exp + b.exp, den.multiply(b.den), ops);
    }

    RMat add(RMat b) { return combine(b, false); }

    RMat sub(RMat b) { return combine(b, true); }

    /** Exact sum/difference of same-shape matrices, or with a single row b broadcast over rows. */
    private RMat combine(RMat b, boolean negate) {
        boolean bc = b.rows == 1 && rows != 1;
        if (b.cols != cols || (!bc && b.rows != rows)) throw new IllegalArgumentException("shape mismatch in add");
        BigInteger fa = b.den, fb = den;
        if (den.equals(b.den)) { fa = BigInteger.ONE; fb = BigInteger.ONE; }
        int e = Math.min(exp, b.exp), sa = exp - e, sb = b.exp - e;
        BigInteger[][] out = new BigInteger[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                BigInteger x = num[i][j].shiftLeft(sa), y = b.num[bc ? 0 : i][j].shiftLeft(sb);
                if (!fa.equals(BigInteger.ONE)) x = x.multiply(fa);
                if (!fb.equals(BigInteger.ONE)) y = y.multiply(fb);
                out[i][j] = negate ? x.subtract(y) : x.add(y);
            }
        ops.add((long) rows * cols);
        return new RMat(out, e, fa.equals(BigInteger.ONE) ? den : den.multiply(b.den), ops);
    }

    /** {@code this * k / d} for integers {@code k} and {@code d > 0}. */
    RMat scale(BigInteger k, BigInteger d) {
        BigInteger[][] out = new BigInteger[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[i][j] = num[i][j].multiply(k);
        ops.add((long) rows * cols);
        return new RMat(out, exp, den.multiply(d), ops);
    }

    RMat transpose() {
        BigInteger[][] out = new BigInteger[cols][rows];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[j][i] = num[i][j];
        return new RMat(out, exp, den, ops);
    }

    /** Entrywise absolute value. */
    RMat abs() {
        BigInteger[][] out = new BigInteger[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) out[i][j] = num[i][j].abs();
        ops.add((long) rows * cols);
        return new RMat(out, exp, den, ops);
    }

    /** This matrix with a column of ones appended. */
    RMat withOnesColumn() {
        int e = Math.min(exp, 0), s = exp - e;
        BigInteger[][] out = new BigInteger[rows][cols + 1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i][j] = num[i][j].shiftLeft(s);
            out[i][cols] = den.shiftLeft(-e);
        }
        return new RMat(out, e, den, ops);
    }

    /** This matrix with the row vector {@code r} (1 x cols) appended below, exactly. */
    RMat withRow(RMat r) {
        boolean same = den.equals(r.den);
        BigInteger fa = same ? BigInteger.ONE : r.den, fb = same ? BigInteger.ONE : den;
        int e = Math.min(exp, r.exp);
        BigInteger[][] out = new BigInteger[rows + 1][cols];
        for (int i = 0; i <= rows; i++)
            for (int j = 0; j < cols; j++)
                out[i][j] = i < rows ? num[i][j].shiftLeft(exp - e).multiply(fa) : r.num[0][j].shiftLeft(r.exp - e).multiply(fb);
        return new RMat(out, e, same ? den : den.multiply(r.den), ops);
    }

    /** Per-row range {@code max_j M[i][j] - min_j M[i][j]} as an exact column vector. */
    RMat rowRange() {
        BigInteger[][] out = new BigInteger[rows][1];
        for (int i = 0; i < rows; i++) {
            BigInteger mx = num[i][0], mn = num[i][0];
            for (int j = 1; j < cols; j++) { mx = mx.max(num[i][j]); mn = mn.min(num[i][j]); }
            out[i][0] = mx.subtract(mn);
        }
        ops.add((long) rows * (2L * cols - 1));
        return new RMat(out, exp, den, ops);
    }

    /**
     * A centring row: the mean of the rows rounded toward zero to {@code 2^(exp-32)}. Callers use it
     * only where any centring vector is sound, so the rounding costs tightness, never soundness.
     */
    RMat meanRow() {
        BigInteger[][] out = new BigInteger[1][cols];
        BigInteger r = BigInteger.valueOf(rows);
        for (int j = 0; j < cols; j++) {
            BigInteger s = BigInteger.ZERO;
            for (int i = 0; i < rows; i++) s = s.add(num[i][j]);
            out[0][j] = s.shiftLeft(32).divide(r);
        }
        ops.add((long) rows * cols);
        return new RMat(out, exp - 32, den, ops);
    }

    /** Exact comparison of entries (i, j) and (k, l). */
    int compare(int i, int j, int k, int l) { return num[i][j].compareTo(num[k][l]); }

    /** A double at least entry (i, j). */
    double up(int i, int j) { return toDouble(num[i][j], exp, den, true); }

    /** A double at most entry (i, j). */
    double down(int i, int j) { return toDouble(num[i][j], exp, den, false); }

    /** A double bound of {@code m * 2^e / d}: an upper bound when {@code up}, else a lower bound. */
    static double toDouble(BigInteger m, int e, BigInteger d, boolean up) {
        if (m.signum() == 0) return 0.0;
        if (d.equals(BigInteger.ONE)) return dyadicToDouble(m, e, up);
        int s = Math.max(0, d.bitLength() + 66 - m.bitLength());
        BigInteger[] qr = m.shiftLeft(s).divideAndRemainder(d);
        BigInteger q = qr[0];
        if (qr[1].signum() != 0) {
            if (up && m.signum() > 0) q = q.add(BigInteger.ONE);
            if (!up && m.signum() < 0) q = q.subtract(BigInteger.ONE);
        }
        return dyadicToDouble(q, e - s, up);
    }

    /** A double bound of {@code m * 2^e} in the requested direction (within two ulps). */
    static double dyadicToDouble(BigInteger m, int e, boolean up) {
        return compactproofs.checker.arith.ExactMatrix.toDouble(m, e, up);
    }
}
