package compactproofs.checker.subcubic;

/**
 * Deterministic operation counter for the proof length, charged like the paper's FLOP count
 * (SPEC §9, "Proof length"): an elementwise operation costs one per output element, a reduction of size s
 * costs s - 1, a matrix product costs (#outputs) * (2k - 1), one exp costs one.
 */
public final class Ops {
    private long n;

    /** Adds {@code k} operations. */
    public void add(long k) { n += k; }

    /** Charges a matrix product of an r x k by a k x c matrix. */
    public void matmul(long r, long k, long c) { n += r * c * Math.max(1, 2 * k - 1); }

    public long count() { return n; }
}
