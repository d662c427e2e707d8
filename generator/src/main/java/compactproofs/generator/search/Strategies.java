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
    }

    /** The search for a strategy name, or null if unknown. */
    public static ProofSearch of(String name) {
        Supplier<ProofSearch> s = ALL.get(name);
        return s == null ? null : s.get();
    }

    public static Iterable<String> names() { return ALL.keySet(); }
}
