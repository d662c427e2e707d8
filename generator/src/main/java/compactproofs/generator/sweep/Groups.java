package compactproofs.generator.sweep;

/** Groups of proof strategies used for tables and plot colours (the paper's Table 1 rows). */
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
            var v = compactproofs.checker.subcubic.Variant.parse(strategy.substring("subcubic:".length()));
            return v == null ? "subcubic" : "subcubic: " + v.reportGroup();
        }
        if (s.equals("subcubic")) return "subcubic";
        int colon = s.indexOf(':');
        return colon > 0 ? s.substring(0, colon) : s;
    }
}
