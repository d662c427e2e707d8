package compactproofs.generator.sweep;

import java.util.List;

/**
 * One row of {@code results.csv}: one (model seed, strategy) pair. Every field is kept as the text
 * written, so reading and re-writing a file changes nothing. Empty text means "unknown".
 *
 * @param bound           exact accuracy bound {@code p/q} (empty unless the checker verified the certificate)
 * @param boundDecimal    the bound rounded down to 10 decimals
 * @param normalizedBound bound ÷ the same seed's brute-force accuracy, rounded down to 10 decimals (empty if unknown)
 * @param verdict         the checker's exit status name ({@code VERIFIED}, {@code REJECTED}, ...) or {@code ERROR}
 * @param reason          one line: why a row is not verified (empty when verified)
 * @param config          K, V, d_model, d_head, steps, model SHA-256, generator and checker versions of the row
 */
public record ResultRow(String seed, String strategy, String group, String correctCount, String total, String bound,
                        String boundDecimal, String normalizedBound, String proofOps, String effectiveDimension,
                        String generatorSeconds, String checkerSeconds, String verdict, String reason, RunConfig config) {

    /** The result columns of the first format (generator before issue 13), in file order. */
    public static final List<String> LEGACY_HEADER = List.of("seed", "strategy", "group", "correct_count", "total", "bound",
            "bound_decimal", "normalized_bound", "proof_ops", "effective_dimension", "generator_seconds",
            "checker_seconds", "verdict", "reason");

    /** Column names, in file order: seed, strategy, group, the configuration ({@link RunConfig#HEADER}), then the results. */
    public static final List<String> HEADER;
    static {
        List<String> h = new java.util.ArrayList<>(LEGACY_HEADER.subList(0, 3));
        h.addAll(RunConfig.HEADER);
        h.addAll(LEGACY_HEADER.subList(3, LEGACY_HEADER.size()));
        HEADER = List.copyOf(h);
    }

    /** A row without configuration (tests, legacy files). */
    public ResultRow(String seed, String strategy, String group, String correctCount, String total, String bound,
                     String boundDecimal, String normalizedBound, String proofOps, String effectiveDimension,
                     String generatorSeconds, String checkerSeconds, String verdict, String reason) {
        this(seed, strategy, group, correctCount, total, bound, boundDecimal, normalizedBound, proofOps, effectiveDimension,
                generatorSeconds, checkerSeconds, verdict, reason, RunConfig.UNKNOWN);
    }

    /** Verdict of a row whose work failed before the checker could give a verdict; such rows are retried on resume. */
    public static final String ERROR = "ERROR";

    /** Null fields become empty; line breaks in the reason become spaces (one row is one line). */
    public ResultRow {
        seed = clean(seed); strategy = clean(strategy); group = clean(group); correctCount = clean(correctCount);
        total = clean(total); bound = clean(bound); boundDecimal = clean(boundDecimal); normalizedBound = clean(normalizedBound);
        proofOps = clean(proofOps); effectiveDimension = clean(effectiveDimension); generatorSeconds = clean(generatorSeconds);
        checkerSeconds = clean(checkerSeconds); verdict = clean(verdict); reason = clean(reason);
        if (config == null) config = RunConfig.UNKNOWN;
    }

    /** An ERROR row for a failure that happened before or instead of a checker verdict. */
    public static ResultRow error(long seed, String strategy, String reason) {
        return new ResultRow(Long.toString(seed), strategy, Groups.groupOf(strategy), "", "", "", "", "", "", "", "", "",
                ERROR, reason);
    }

    /** The fields in {@link #HEADER} order. */
    public List<String> fields() {
        List<String> f = new java.util.ArrayList<>(List.of(seed, strategy, group));
        f.addAll(config.fields());
        f.addAll(List.of(correctCount, total, bound, boundDecimal, normalizedBound, proofOps,
                effectiveDimension, generatorSeconds, checkerSeconds, verdict, reason));
        return f;
    }

    /**
     * A row from fields in {@link #HEADER} order.
     *
     * @throws IllegalArgumentException if the number of fields is wrong
     */
    public static ResultRow of(List<String> f) {
        if (f.size() != HEADER.size()) throw new IllegalArgumentException("expected " + HEADER.size() + " fields, got " + f.size());
        int c = 3 + RunConfig.HEADER.size();
        return new ResultRow(f.get(0), f.get(1), f.get(2), f.get(c), f.get(c + 1), f.get(c + 2), f.get(c + 3), f.get(c + 4),
                f.get(c + 5), f.get(c + 6), f.get(c + 7), f.get(c + 8), f.get(c + 9), f.get(c + 10), RunConfig.of(f.subList(3, c)));
    }

    /**
     * A row from fields in {@link #LEGACY_HEADER} order (configuration unknown).
     *
     * @throws IllegalArgumentException if the number of fields is wrong
     */
    public static ResultRow ofLegacy(List<String> f) {
        if (f.size() != LEGACY_HEADER.size()) throw new IllegalArgumentException("expected " + LEGACY_HEADER.size() + " fields, got " + f.size());
        return new ResultRow(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7), f.get(8),
                f.get(9), f.get(10), f.get(11), f.get(12), f.get(13));
    }

    /** The same row with another normalized bound. */
    public ResultRow withNormalizedBound(String normalized) {
        return new ResultRow(seed, strategy, group, correctCount, total, bound, boundDecimal, normalized, proofOps,
                effectiveDimension, generatorSeconds, checkerSeconds, verdict, reason, config);
    }

    /** The same row with another configuration. */
    public ResultRow withConfig(RunConfig c) {
        return new ResultRow(seed, strategy, group, correctCount, total, bound, boundDecimal, normalizedBound, proofOps,
                effectiveDimension, generatorSeconds, checkerSeconds, verdict, reason, c);
    }

    /** The resume key: seed and strategy. */
    public String key() { return seed + "\u0000" + strategy; }

    /** True when the checker gave a verdict (anything but ERROR): the row is not redone on resume. */
    public boolean isFinal() { return !verdict.isEmpty() && !verdict.equals(ERROR); }

    public boolean verified() { return verdict.equals("VERIFIED"); }

    private static String clean(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ');
    }
}
