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
 */
public record ResultRow(String seed, String strategy, String group, String correctCount, String total, String bound,
                        String boundDecimal, String normalizedBound, String proofOps, String effectiveDimension,
                        String generatorSeconds, String checkerSeconds, String verdict, String reason) {

    /** Column names, in file order. */
    public static final List<String> HEADER = List.of("seed", "strategy", "group", "correct_count", "total", "bound",
            "bound_decimal", "normalized_bound", "proof_ops", "effective_dimension", "generator_seconds",
            "checker_seconds", "verdict", "reason");

    /** Verdict of a row whose work failed before the checker could give a verdict; such rows are retried on resume. */
    public static final String ERROR = "ERROR";

    /** Null fields become empty; line breaks in the reason become spaces (one row is one line). */
    public ResultRow {
        seed = clean(seed); strategy = clean(strategy); group = clean(group); correctCount = clean(correctCount);
        total = clean(total); bound = clean(bound); boundDecimal = clean(boundDecimal); normalizedBound = clean(normalizedBound);
        proofOps = clean(proofOps); effectiveDimension = clean(effectiveDimension); generatorSeconds = clean(generatorSeconds);
        checkerSeconds = clean(checkerSeconds); verdict = clean(verdict); reason = clean(reason);
    }

    /** An ERROR row for a failure that happened before or instead of a checker verdict. */
    public static ResultRow error(long seed, String strategy, String reason) {
        return new ResultRow(Long.toString(seed), strategy, Groups.groupOf(strategy), "", "", "", "", "", "", "", "", "",
                ERROR, reason);
    }

    /** The fields in {@link #HEADER} order. */
    public List<String> fields() {
        return List.of(seed, strategy, group, correctCount, total, bound, boundDecimal, normalizedBound, proofOps,
                effectiveDimension, generatorSeconds, checkerSeconds, verdict, reason);
    }

    /**
     * A row from fields in {@link #HEADER} order.
     *
     * @throws IllegalArgumentException if the number of fields is wrong
     */
    public static ResultRow of(List<String> f) {
        if (f.size() != HEADER.size()) throw new IllegalArgumentException("expected " + HEADER.size() + " fields, got " + f.size());
        return new ResultRow(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7), f.get(8),
                f.get(9), f.get(10), f.get(11), f.get(12), f.get(13));
    }

    /** The same row with another normalized bound. */
    public ResultRow withNormalizedBound(String normalized) {
        return new ResultRow(seed, strategy, group, correctCount, total, bound, boundDecimal, normalized, proofOps,
                effectiveDimension, generatorSeconds, checkerSeconds, verdict, reason);
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
