package compactproofs.checker.format;

/**
 * The strategy-specific hints of a certificate (SPEC §3, §6–§10), read in full when the certificate is parsed.
 * Parsing checks what needs no model (JSON types, syntax, sizes); whatever depends on the model's dimensions
 * is checked by the verifier after the certificate is matched to the weights (SPEC §4), so a certificate
 * for another model is rejected rather than malformed.
 */
public sealed interface Hints permits Hints.BruteForce, Hints.Cubic, Hints.Cascade, Hints.Separable, SubcubicHints.Parsed {
    /** {@code brute-force}: the listed inputs not proved correct (token ids, arity unchecked), or null when absent. */
    record BruteForce(int[][] incorrectInputs) implements Hints {
        /** At most this many listed inputs are read (a longer list is a resource limit). */
        public static final int MAX_LISTED = 1 << 20;
    }

    /** {@code cubic} takes no hints. */
    record Cubic() implements Hints {}

    /** {@code cascade}: the {@code [q, m, c]} triples to enumerate (unchecked against the model) and the shard. */
    record Cascade(int[][] enumerate, int shardIndex, int shardCount) implements Hints {}

    /**
     * {@code separable}: the grid resolution, the {@code [q, m, x]} wrong logits tested alone (unchecked against the
     * model), and whether the inputs failing a test are enumerated and decided (Lemma SE).
     */
    record Separable(int resolution, int[][] splitLogits, boolean enumerateFailing) implements Hints {
        /** Largest grid resolution (a larger one is a resource limit). */
        public static final int MAX_RESOLUTION = 1 << 18;
    }
}
