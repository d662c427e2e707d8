package compactproofs.generator.search;

import com.google.gson.JsonObject;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * Untrusted proof search for one strategy: finds the hints and the largest count it expects the
 * checker to prove. Soundness never depends on it; the checker re-verifies everything.
 */
public interface ProofSearch {
    /** The certificate's strategy name, e.g. {@code brute-force}. */
    String strategy();

    /** Searches a proof for the model. */
    Result search(Weights weights, Options options) throws Exception;

    /** The claim and the hints to write. */
    record Result(BigInteger correctCount, JsonObject hints) {}

    /**
     * Search options: threads, a progress callback (units done, units total), a budget of counted
     * operations for strategies that can trade proof length for tightness (cascade), and the shard
     * {@code shardIndex/shardCount} of the classes to prove (cascade; 0/1 is everything), and whether to
     * prove the exact count (cascade: every class with a rest is enumerated, so the checker also proves
     * every other input wrong), and the separable strategy's grid resolution and number of wrong logits tested
     * alone per class (0 and -1: the search's defaults).
     */
    record Options(int threads, Progress progress, long maxOps, int shardIndex, int shardCount, boolean exact, int resolution, int splitLogits) {
        public Options(int threads, Progress progress, long maxOps, int shardIndex, int shardCount, boolean exact) {
            this(threads, progress, maxOps, shardIndex, shardCount, exact, 0, -1);
        }

        public Options(int threads, Progress progress, long maxOps, int shardIndex, int shardCount) {
            this(threads, progress, maxOps, shardIndex, shardCount, false);
        }

        public Options(int threads, Progress progress) { this(threads, progress, Long.MAX_VALUE); }

        public Options(int threads, Progress progress, long maxOps) { this(threads, progress, maxOps, 0, 1); }

        public static Options defaults() { return new Options(Runtime.getRuntime().availableProcessors(), null); }
    }

    interface Progress { void update(long done, long total); }
}
