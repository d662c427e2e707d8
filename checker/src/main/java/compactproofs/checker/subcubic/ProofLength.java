package compactproofs.checker.subcubic;

import compactproofs.checker.arith.ExactMatrix;
import java.math.BigInteger;

/**
 * The proof length of a subcubic proof (SPEC §9 "Proof length"), charged like the paper's FLOP count:
 * an elementwise operation costs one per output element, a reduction of size s costs s - 1, a matrix
 * product of an r x k by a k x c matrix costs {@code r c (2k - 1)}, one exp costs one. The exact matrix
 * operations below are {@link ExactMatrix}'s, each charged here; the count never affects a bound.
 */
final class ProofLength {
    private long n;

    /** Adds {@code k} operations. */
    void charge(long k) { n += k; }

    /** Charges a matrix product of an r x k by a k x c matrix. */
    void matmul(long r, long k, long c) { n += r * c * Math.max(1, 2 * k - 1); }

    long count() { return n; }

    ExactMatrix mul(ExactMatrix a, ExactMatrix b) { matmul(a.rows, a.cols, b.cols); return a.multiply(b); }

    ExactMatrix add(ExactMatrix a, ExactMatrix b) { charge((long) a.rows * a.cols); return a.add(b); }

    ExactMatrix sub(ExactMatrix a, ExactMatrix b) { charge((long) a.rows * a.cols); return a.subtract(b); }

    /** {@code a * k / d}. */
    ExactMatrix scale(ExactMatrix a, BigInteger k, BigInteger d) { charge((long) a.rows * a.cols); return a.scale(k, d); }

    ExactMatrix abs(ExactMatrix a) { charge((long) a.rows * a.cols); return a.abs(); }

    ExactMatrix rangePerRow(ExactMatrix a) { charge((long) a.rows * (2L * a.cols - 1)); return a.rangePerRow(); }

    ExactMatrix meanRow(ExactMatrix a) { charge((long) a.rows * a.cols); return a.meanRow(); }
}
