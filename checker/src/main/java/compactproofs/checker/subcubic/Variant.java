package compactproofs.checker.subcubic;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the paper's 100 subcubic variants (SPEC §9): 5 EUPU handlings x 2 attention
 * handlings x 10 attention-error handlings, named {@code EUPU-<eupu>--attn-<attn>--attn-err-<err>}.
 * The certificate strategy name is {@code subcubic:<name>}.
 */
public record Variant(Eupu eupu, Attn attn, Err err) {
    public static final String PREFIX = "subcubic:";

    /** EUPU handling (SPEC §9, Lemma EU). */
    public enum Eupu {
        MEAN_QUERY_MAX_DIFF("mean_query+max_diff"), SVD_QUERY_MAX_DIFF("svd_query+max_diff"), MAX_DIFF("max_diff"),
        MAX_DIFF_EXACT("max_diff_exact"), GLOBAL_MAX_DIFF_EXACT("global_max_diff_exact");
        public final String paperName;
        Eupu(String s) { paperName = s; }
        /** The two exact options cost V^2 D (label "subcubic"); the others are "quadratic". */
        public boolean exact() { return this == MAX_DIFF_EXACT || this == GLOBAL_MAX_DIFF_EXACT; }
    }

    /** Attention handling (SPEC §9, Lemma G); {@code mean_query+diff} is used in its corrected form. */
    public enum Attn {
        MEAN_QUERY_DIFF("mean_query+diff"), DROP_AVERAGE("drop_average_query_per_output_logit_reasoning");
        public final String paperName;
        Attn(String s) { paperName = s; }
    }

    /** Attention-error handling (SPEC §9, Lemmas I, SP, D, E'): decomposition (I) SVD split, (II) subproduct peeling, (III) exact. */
    public enum Err {
        SVD("svd", 'I'), MAX_DIFF("max_diff", 'I'), MEAN_MAX_DIFF("mean+max_diff", 'I'), MAX_DIFF_EXACT("max_diff_exact", 'I'),
        MAX_DIFF_SUBPRODUCT("max_diff_subproduct", 'P'), MEAN_MAX_DIFF_SUBPRODUCT("mean+max_diff_subproduct", 'P'),
        MAX_DIFF_SUBPRODUCT_RECURSIVE("max_diff_subproduct_recursive", 'P'),
        MEAN_MAX_DIFF_SUBPRODUCT_RECURSIVE("mean+max_diff_subproduct_recursive", 'P'),
        MEAN_RECURSIVE_MAX_DIFF_SUBPRODUCT_RECURSIVE("mean_recursive+max_diff_subproduct_recursive", 'P'),
        EXACT_EQKE("exact_EQKE+max_diff_exact", 'X');
        public final String paperName;
        /** 'I' = rank-1 SVD split, 'P' = subproduct peeling, 'X' = exact EQKE. */
        public final char decomposition;
        Err(String s, char d) { paperName = s; decomposition = d; }
        public boolean recursive() { return paperName.endsWith("_recursive"); }
        /** The paper's complexity label of the error part: "quadratic", "vocab-model-squared" or "subcubic". */
        public String complexity() {
            if (recursive()) return "quadratic";
            if (this == MAX_DIFF_EXACT || this == EXACT_EQKE) return "subcubic";
            return "vocab-model-squared";
        }
    }

    /** The paper's variant name. */
    public String name() {
        return "EUPU-" + eupu.paperName + "--attn-" + attn.paperName + "--attn-err-" + err.paperName;
    }

    /** The certificate strategy name. */
    public String strategy() { return PREFIX + name(); }

    /** Parses a variant name (without the prefix); null if it is not one of the 100. */
    public static Variant parse(String name) {
        for (Variant v : all()) if (v.name().equals(name)) return v;
        return null;
    }

    /** All 100 variants, EUPU-major in the paper's option order. */
    public static List<Variant> all() {
        List<Variant> out = new ArrayList<>();
        for (Eupu e : Eupu.values()) for (Attn a : Attn.values()) for (Err r : Err.values()) out.add(new Variant(e, a, r));
        return out;
    }

    /**
     * The paper's leading-complexity label: "almost-quadratic" when both the EUPU and the error
     * handling are quadratic (18 variants), "vocab-model-squared" when the error part costs V D^2 and
     * EUPU is quadratic (30), otherwise "subcubic" (52).
     */
    public String complexityLabel() {
        if (eupu.exact()) return "subcubic";
        return switch (err.complexity()) {
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
    public String reportGroup() {
        boolean eu = !eupu.exact();
        if (err.recursive()) return eu ? "quadratic QK&EU" : "quadratic QK";
        if (err == Err.EXACT_EQKE) return eu ? "low-rank EU" : "exact";
        return eu ? "low-rank QK&EU" : "low-rank QK";
    }

    /** The paper's effective dimension (SPEC §9): EUPU part + error part + V (PVOU) + V^2 (EVOU). */
    public long effectiveDimension(int v, int dModel) {
        long eu = switch (eupu) {
            case GLOBAL_MAX_DIFF_EXACT -> 2;
            case MAX_DIFF_EXACT -> 2L * v;
            case MEAN_QUERY_MAX_DIFF, SVD_QUERY_MAX_DIFF -> v + (long) v * dModel + 2;
            case MAX_DIFF -> (long) v * dModel + 2;
        };
        long er = switch (err) {
            case SVD -> 2L * v;
            case MAX_DIFF, MAX_DIFF_SUBPRODUCT, MAX_DIFF_SUBPRODUCT_RECURSIVE -> 2L * v + 2L * dModel;
            case MEAN_MAX_DIFF, MEAN_MAX_DIFF_SUBPRODUCT, MEAN_MAX_DIFF_SUBPRODUCT_RECURSIVE,
                 MEAN_RECURSIVE_MAX_DIFF_SUBPRODUCT_RECURSIVE -> 3L * v + 2L * dModel;
            case MAX_DIFF_EXACT -> 4L * v;
            case EXACT_EQKE -> (long) v * v;
        };
        return eu + er + v + (long) v * v;
    }
}
