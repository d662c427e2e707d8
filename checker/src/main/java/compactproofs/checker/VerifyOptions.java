package compactproofs.checker;

import java.math.BigInteger;

/**
 * Options of one verification run.
 *
 * @param threads worker threads for strategies that enumerate
 * @param maxInputs the largest number of inputs brute force may enumerate before the checker
 *     refuses with a resource-limit verdict
 * @param progress receives the number of finished work units and their total (may be null; called from
 *     worker threads)
 * @param shard {@code {index, count}} that a sharded certificate must be for, or null for any
 */
public record VerifyOptions(int threads, BigInteger maxInputs, Progress progress, int[] shard) {
    /** Progress of an enumeration: {@code done} of {@code total} work units finished. */
    public interface Progress { void done(int done, int total); }

    public static final BigInteger DEFAULT_MAX_INPUTS = BigInteger.ONE.shiftLeft(34);

    public VerifyOptions(int threads, BigInteger maxInputs, Progress progress) {
        this(threads, maxInputs, progress, null);
    }

    public static VerifyOptions defaults() {
        return new VerifyOptions(Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_INPUTS, null);
    }

    public VerifyOptions withShard(int index, int count) {
        return new VerifyOptions(threads, maxInputs, progress, new int[] {index, count});
    }
}
