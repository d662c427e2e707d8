package compactproofs.generator.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedListTest {
    @Test
    void rangesListsAndMixes() {
        assertEquals(List.of(1L, 2L, 3L, 4L), SeedList.parse("1-4"));
        assertEquals(List.of(1L, 5L, 9L), SeedList.parse("1,5,9"));
        assertEquals(List.of(7L, 1L, 2L), SeedList.parse(" 7 , 1-2,7"));
        assertEquals(List.of(0L), SeedList.parse("0-0"));
    }

    @Test
    void paperSeeds() {
        List<Long> p = SeedList.parse("paper");
        assertEquals(151, p.size());
        assertEquals(50L, p.get(0));
        assertEquals(32382L, p.get(150));
        assertTrue(p.contains(123L));
        for (int i = 1; i < p.size(); i++) assertTrue(p.get(i - 1) < p.get(i), "sorted and distinct");
        assertEquals(151, SeedList.parse("paper,123").size());
    }

    @Test
    void badListsHaveOneLineReasons() {
        for (String bad : new String[] {"", " ", "a", "1-", "-3", "5-2", "1,,2", "1.5", "0-100000", "99999999999999999999"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeedList.parse(bad), bad);
            assertTrue(!e.getMessage().contains("\n") && !e.getMessage().isBlank(), bad);
        }
    }

    @Test
    void groups() {
        assertEquals("brute-force", Groups.groupOf("brute-force"));
        assertEquals("cubic", Groups.groupOf("cubic"));
        assertEquals("cascade", Groups.groupOf("cascade"));
        // the paper's report groups: non-exact EUPU with a low-rank QK error is "low-rank QK&EU"
        assertEquals("subcubic: low-rank QK&EU", Groups.groupOf("subcubic:EUPU-max_diff--attn-mean_query+diff--attn-err-svd"));
        assertEquals("subcubic: quadratic QK", Groups.groupOf("subcubic:EUPU-max_diff_exact--attn-mean_query+diff--attn-err-max_diff_subproduct_recursive"));
        assertEquals("subcubic", Groups.groupOf("subcubic:no-such-variant"));
        assertEquals("other", Groups.groupOf("other:x"));
    }
}
