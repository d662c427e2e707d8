package compactproofs.generator.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The proof searches the generator knows, by certificate strategy name. Add new strategies here. */
public final class Strategies {
    private Strategies() {}

    private static final Map<String, Supplier<ProofSearch>> ALL = new LinkedHashMap<>();
    static {
        ALL.put("brute-force", BruteForceSearch::new);
        ALL.put("cascade", CascadeSearch::new);
        ALL.put("cubic", CubicSearch::new);
        ALL.put("separable", SeparableSearch::new);
    }

    /** The search for a strategy name, or null if unknown. */
    public static ProofSearch of(String name) {
        if (name.startsWith(compactproofs.checker.subcubic.Variant.PREFIX)) return SubcubicSearch.forName(name);
        Supplier<ProofSearch> s = ALL.get(name);
        return s == null ? null : s.get();
    }

    /**
     * Every concrete strategy a certificate can name, in a stable order: brute-force, cascade, cubic,
     * then the 100 subcubic variants.
     */
    public static java.util.List<String> concrete() {
        java.util.List<String> out = new java.util.ArrayList<>(ALL.keySet());
        for (compactproofs.checker.subcubic.Variant v : compactproofs.checker.subcubic.Variant.all()) out.add(v.strategy());
        return out;
    }

    /** Names for help and error messages (patterns, not a list of concrete strategies; see {@link #concrete()}). */
    public static Iterable<String> names() {
        java.util.List<String> out = new java.util.ArrayList<>(ALL.keySet());
        out.add("subcubic:<variant> (100 variants, e.g. " + new compactproofs.checker.subcubic.Variant(
                compactproofs.checker.subcubic.Variant.Eupu.MEAN_QUERY_MAX_DIFF, compactproofs.checker.subcubic.Variant.Attn.MEAN_QUERY_DIFF,
                compactproofs.checker.subcubic.Variant.Err.MAX_DIFF).strategy() + ")");
        out.add(SubcubicSearch.ALL + " (with --out DIR)");
        return out;
    }
}
