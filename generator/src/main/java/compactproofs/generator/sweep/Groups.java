package compactproofs.generator.sweep;

import compactproofs.checker.subcubic.Variant;

/**
 * Groups of proof strategies used for tables and plot colours (the paper's Table 1 rows), and the
 * paper's labels of the subcubic variants (report-only: the checker never reads them).
 */
public final class Groups {
    private Groups() {}

    /**
     * The group of a strategy name: {@code brute-force}, {@code cubic}, {@code cascade},
     * {@code subcubic: <the paper's group>} for {@code subcubic:<variant>} (low-rank QK, low-rank EU,
     * low-rank QK&EU, quadratic QK, quadratic QK&EU, exact), or the name's prefix before {@code ':'}.
     */
    public static String groupOf(String strategy) {
        if (strategy == null || strategy.isEmpty()) return "unknown";
        String s = strategy.toLowerCase(java.util.Locale.ROOT);
        if (s.equals("brute-force")) return "brute-force";
        if (s.equals("cubic") || s.startsWith("cubic:")) return "cubic";
        if (s.equals("cascade") || s.startsWith("cascade:")) return "cascade";
        if (s.startsWith("subcubic:")) {
            Variant v = Variant.parse(strategy.substring("subcubic:".length()));
            return v == null ? "subcubic" : "subcubic: " + reportGroup(v);
        }
        if (s.equals("subcubic")) return "subcubic";
        int colon = s.indexOf(':');
        return colon > 0 ? s.substring(0, colon) : s;
    }

    /** True for the three {@code *_recursive} error options. */
    public static boolean recursive(Variant.Err e) { return e.paperName.endsWith("_recursive"); }

    /** The paper's complexity label of an error option: "quadratic", "vocab-model-squared" or "subcubic". */
    public static String complexity(Variant.Err e) {
        if (recursive(e)) return "quadratic";
        if (e == Variant.Err.MAX_DIFF_EXACT || e == Variant.Err.EXACT_EQKE) return "subcubic";
        return "vocab-model-squared";
    }

    /**
     * The paper's leading-complexity label of a variant: "almost-quadratic" when both the EUPU and the
     * error handling are quadratic (18 variants), "vocab-model-squared" when the error part costs V D^2
     * and EUPU is quadratic (30), otherwise "subcubic" (52).
     */
    public static String complexityLabel(Variant v) {
        if (v.eupu().exact()) return "subcubic";
        return switch (complexity(v.err())) {
            case "quadratic" -> "almost-quadratic";
            case "vocab-model-squared" -> "vocab-model-squared";
            default -> "subcubic";
        };
    }

    /**
     * The report group of the paper's plots, defined from the option names: "quadratic QK&EU" (error
     * recursive and EUPU non-exact), "quadratic QK" (error recursive, EUPU exact), "low-rank QK&EU"
     * (error non-recursive and not exact, EUPU non-exact), "low-rank QK" (error low-rank, EUPU exact),
     * "low-rank EU" (exact EQKE, EUPU non-exact), "exact" (exact EQKE and exact EUPU).
     */
    public static String reportGroup(Variant v) {
        boolean eu = !v.eupu().exact();
        if (recursive(v.err())) return eu ? "quadratic QK&EU" : "quadratic QK";
        if (v.err() == Variant.Err.EXACT_EQKE) return eu ? "low-rank EU" : "exact";
        return eu ? "low-rank QK&EU" : "low-rank QK";
    }
}
