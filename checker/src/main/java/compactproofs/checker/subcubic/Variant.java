package compactproofs.checker.subcubic;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the paper's 100 subcubic variants (SPEC §9, strategy names): 5 EUPU handlings x 2 attention
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
        /** The two options that use EUPU exactly (cost V^2 D). */
        public boolean exact() { return this == MAX_DIFF_EXACT || this == GLOBAL_MAX_DIFF_EXACT; }
    }

    /** Attention handling (SPEC §9, Lemma G); {@code mean_query+diff} is used in its corrected form. */
    public enum Attn {
        MEAN_QUERY_DIFF("mean_query+diff"), DROP_AVERAGE("drop_average_query_per_output_logit_reasoning");
        public final String paperName;
        Attn(String s) { paperName = s; }
    }

    /** How EQKE is split into an approximation and an error (SPEC §9): Lemma I, Lemma SP, or not at all. */
    public enum Split { RANK_ONE, SUBPRODUCT, EXACT }

    /** Attention-error handling (SPEC §9, Lemmas I, SP, D, E'). */
    public enum Err {
        SVD("svd", Split.RANK_ONE), MAX_DIFF("max_diff", Split.RANK_ONE), MEAN_MAX_DIFF("mean+max_diff", Split.RANK_ONE),
        MAX_DIFF_EXACT("max_diff_exact", Split.RANK_ONE), MAX_DIFF_SUBPRODUCT("max_diff_subproduct", Split.SUBPRODUCT),
        MEAN_MAX_DIFF_SUBPRODUCT("mean+max_diff_subproduct", Split.SUBPRODUCT),
        MAX_DIFF_SUBPRODUCT_RECURSIVE("max_diff_subproduct_recursive", Split.SUBPRODUCT),
        MEAN_MAX_DIFF_SUBPRODUCT_RECURSIVE("mean+max_diff_subproduct_recursive", Split.SUBPRODUCT),
        MEAN_RECURSIVE_MAX_DIFF_SUBPRODUCT_RECURSIVE("mean_recursive+max_diff_subproduct_recursive", Split.SUBPRODUCT),
        EXACT_EQKE("exact_EQKE+max_diff_exact", Split.EXACT);
        public final String paperName;
        public final Split split;
        Err(String s, Split d) { paperName = s; split = d; }
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
