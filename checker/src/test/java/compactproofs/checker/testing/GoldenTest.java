package compactproofs.checker.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Golden} names the file that differs: the counts, the proof lengths, or both. */
class GoldenTest {
    static final List<String> COUNTS = List.of("# model\tstrategy\tproved", "m\tcubic\t7");
    static final List<String> LENGTHS = List.of("# model\tstrategy\tops", "m\tcubic\t4987");

    @Test
    void reportsWhichFileDiffers(@TempDir Path dir) throws Exception {
        Golden.check(dir, "x", COUNTS, LENGTHS, true);
        assertTrue(Files.isRegularFile(dir.resolve("x.counts.tsv")) && Files.isRegularFile(dir.resolve("x.proof-lengths.tsv")));
        assertDoesNotThrow(() -> Golden.check(dir, "x", COUNTS, LENGTHS, false));

        String onlyLengths = assertThrows(AssertionError.class,
                () -> Golden.check(dir, "x", COUNTS, List.of(LENGTHS.get(0), "m\tcubic\t4988"), false)).getMessage();
        assertTrue(onlyLengths.startsWith("x: the proof lengths differ"), onlyLengths);
        assertFalse(onlyLengths.contains("the counts differ"), onlyLengths);
        assertTrue(onlyLengths.contains("line 2: expected m\tcubic\t4987") && onlyLengths.contains("got m\tcubic\t4988"), onlyLengths);

        String onlyCounts = assertThrows(AssertionError.class,
                () -> Golden.check(dir, "x", List.of(COUNTS.get(0), "m\tcubic\t8"), LENGTHS, false)).getMessage();
        assertTrue(onlyCounts.startsWith("x: the counts differ"), onlyCounts);
        assertFalse(onlyCounts.contains("the proof lengths differ"), onlyCounts);

        String both = assertThrows(AssertionError.class,
                () -> Golden.check(dir, "x", List.of(COUNTS.get(0)), List.of(LENGTHS.get(0), "m\tcubic\t1", "extra"), false)).getMessage();
        assertTrue(both.contains("the counts differ") && both.contains("the proof lengths differ"), both);
        assertTrue(both.contains("expected m\tcubic\t7") && both.contains("got (no line)"), both);
    }
}
