package compactproofs.generator.sweep;

import java.util.List;

/**
 * The configuration a row of {@code results.csv} was made with, so that rows of different sweeps can be
 * told apart. Every field is text as written; empty means unknown (for example the model hash of a row
 * whose training failed).
 *
 * @param k                sequence length K
 * @param vocab            vocabulary size V
 * @param dModel           residual width d_model
 * @param dHead            attention head width d_head
 * @param steps            training steps
 * @param modelSha256      SHA-256 of the weights file (lower-case hex)
 * @param generatorVersion the generator's version string
 * @param checkerVersion   the checker jar's {@code --version} line
 */
public record RunConfig(String k, String vocab, String dModel, String dHead, String steps, String modelSha256,
                        String generatorVersion, String checkerVersion) {
    /** Column names, in file order. */
    public static final List<String> HEADER = List.of("k", "vocab", "d_model", "d_head", "steps", "model_sha256",
            "generator_version", "checker_version");

    /** No configuration known (rows read from a results file of an older generator). */
    public static final RunConfig UNKNOWN = new RunConfig("", "", "", "", "", "", "", "");

    public RunConfig {
        k = clean(k); vocab = clean(vocab); dModel = clean(dModel); dHead = clean(dHead); steps = clean(steps);
        modelSha256 = clean(modelSha256); generatorVersion = clean(generatorVersion); checkerVersion = clean(checkerVersion);
    }

    /** The fields in {@link #HEADER} order. */
    public List<String> fields() {
        return List.of(k, vocab, dModel, dHead, steps, modelSha256, generatorVersion, checkerVersion);
    }

    /** A configuration from fields in {@link #HEADER} order. */
    public static RunConfig of(List<String> f) {
        if (f.size() != HEADER.size()) throw new IllegalArgumentException("expected " + HEADER.size() + " fields, got " + f.size());
        return new RunConfig(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7));
    }

    /** The same configuration for another model file. */
    public RunConfig withModel(String sha256) {
        return new RunConfig(k, vocab, dModel, dHead, steps, sha256, generatorVersion, checkerVersion);
    }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ');
    }
}
