package compactproofs.generator.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import compactproofs.checker.subcubic.Variant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The paper's report groups and complexity labels of the 100 subcubic variants (moved from the checker's tests). */
class SubcubicGroupsTest {
    static Variant variant(String eupu, String err) {
        return Variant.parse("EUPU-" + eupu + "--attn-mean_query+diff--attn-err-" + err);
    }

    static final Variant FAMILY_I = variant("mean_query+max_diff", "max_diff"),
            FAMILY_X = variant("max_diff_exact", "exact_EQKE+max_diff_exact"), SVD_EUPU = variant("svd_query+max_diff", "exact_EQKE+max_diff_exact");

    @Test
    void complexityLabelsMatchThePaper() {
        List<Variant> all = Variant.all();
        assertEquals(18, all.stream().filter(v -> Groups.complexityLabel(v).equals("almost-quadratic")).count());
        assertEquals(30, all.stream().filter(v -> Groups.complexityLabel(v).equals("vocab-model-squared")).count());
        assertEquals(52, all.stream().filter(v -> Groups.complexityLabel(v).equals("subcubic")).count());
    }

    @Test
    void variantGroupsAndErrorComplexities() {
        Map<String, Long> groups = new TreeMap<>();
        for (Variant v : Variant.all()) groups.merge(Groups.reportGroup(v), 1L, Long::sum);
        assertEquals(Map.of("quadratic QK&EU", 18L, "quadratic QK", 12L, "low-rank EU", 6L, "exact", 4L,
                "low-rank QK&EU", 36L, "low-rank QK", 24L), groups);
        assertEquals("exact", Groups.reportGroup(FAMILY_X));
        assertEquals("low-rank EU", Groups.reportGroup(SVD_EUPU));
        assertEquals("low-rank QK&EU", Groups.reportGroup(FAMILY_I));
        assertEquals("low-rank QK", Groups.reportGroup(variant("global_max_diff_exact", "svd")));
        assertEquals("quadratic QK", Groups.reportGroup(variant("max_diff_exact", "max_diff_subproduct_recursive")));
        assertEquals("quadratic QK&EU", Groups.reportGroup(variant("max_diff", "mean_recursive+max_diff_subproduct_recursive")));
        assertEquals("subcubic: low-rank QK&EU", Groups.groupOf(FAMILY_I.strategy()));
        Map<Variant.Err, String> cx = new EnumMap<>(Variant.Err.class);
        for (Variant.Err e : Variant.Err.values()) cx.put(e, Groups.complexity(e));
        assertEquals("quadratic", cx.get(Variant.Err.MAX_DIFF_SUBPRODUCT_RECURSIVE));
        assertEquals("quadratic", cx.get(Variant.Err.MEAN_RECURSIVE_MAX_DIFF_SUBPRODUCT_RECURSIVE));
        assertEquals("subcubic", cx.get(Variant.Err.MAX_DIFF_EXACT));
        assertEquals("subcubic", cx.get(Variant.Err.EXACT_EQKE));
        for (Variant.Err e : new Variant.Err[] {Variant.Err.SVD, Variant.Err.MAX_DIFF, Variant.Err.MEAN_MAX_DIFF, Variant.Err.MAX_DIFF_SUBPRODUCT, Variant.Err.MEAN_MAX_DIFF_SUBPRODUCT})
            assertEquals("vocab-model-squared", cx.get(e), e.toString());
        assertEquals(3, Arrays.stream(Variant.Err.values()).filter(Groups::recursive).count());
    }
}
