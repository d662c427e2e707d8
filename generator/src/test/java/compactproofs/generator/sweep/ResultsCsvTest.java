package compactproofs.generator.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {
    static ResultRow row(long seed, String strategy, String verdict, String reason) {
        return new ResultRow(Long.toString(seed), strategy, Groups.groupOf(strategy), "10", "16", "5/8", "0.6250000000", "",
                "100", "12", "0.010", "0.500", verdict, reason);
    }

    @Test
    void quotingRoundTrips() {
        long seed = 20240611L;
        Random rnd = new Random(seed);
        String alphabet = "ab,\" x\t;'é";
        for (int t = 0; t < 500; t++) {
            String[] f = new String[14];
            for (int i = 0; i < f.length; i++) {
                StringBuilder s = new StringBuilder();
                int len = rnd.nextInt(6);
                for (int j = 0; j < len; j++) s.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                f[i] = s.toString();
            }
            List<String> fields = List.of(f);
            assertEquals(fields, ResultsCsv.parseLine(ResultsCsv.format(fields)), "seed " + seed + " case " + t);
        }
    }

    @Test
    void appendKillAndResume(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.csv");
        try (ResultsCsv csv = ResultsCsv.open(file)) {
            csv.append(row(1, "brute-force", "VERIFIED", ""));
            csv.append(row(1, "cubic", "REJECTED", "claims more than proved, \"really\""));
            csv.append(ResultRow.error(2, "brute-force", "checker crashed"));
        }
        // a kill in the middle of a write leaves a partial last line
        Files.writeString(file, "2,cubic,cubic,1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        List<ResultRow> rows = ResultsCsv.read(file);
        assertEquals(3, rows.size(), "the partial line is ignored");
        assertEquals("claims more than proved, \"really\"", rows.get(1).reason());
        assertTrue(rows.get(0).isFinal() && rows.get(1).isFinal());
        assertFalse(rows.get(2).isFinal(), "ERROR rows are redone");

        try (ResultsCsv csv = ResultsCsv.open(file)) {
            csv.append(row(2, "brute-force", "VERIFIED", ""));
        }
        String text = Files.readString(file);
        assertFalse(text.contains("2,cubic,cubic,1\n"), "the partial line was cut off");
        rows = ResultsCsv.read(file);
        assertEquals(4, rows.size());
        List<ResultRow> latest = ResultsCsv.latest(rows);
        assertEquals(3, latest.size());
        assertTrue(latest.stream().allMatch(ResultRow::isFinal));
    }

    @Test
    void partialHeaderIsRewritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, "seed,stra");
        try (ResultsCsv csv = ResultsCsv.open(file)) {
            csv.append(row(3, "brute-force", "VERIFIED", ""));
        }
        assertEquals(1, ResultsCsv.read(file).size());
    }

    @Test
    void foreignFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, "a,b,c\n1,2,3\n");
        IOException e = assertThrows(IOException.class, () -> ResultsCsv.open(file));
        assertTrue(e.getMessage().contains("header"));
        assertThrows(IOException.class, () -> ResultsCsv.read(file));
    }

    @Test
    void sweepSkipsFinishedRowsOnResume(@TempDir Path dir) throws Exception {
        // every pair already has a final row: a rerun does no work and needs neither a model nor a checker
        Path out = dir.resolve("out");
        try (ResultsCsv csv = ResultsCsv.open(out.resolve("results.csv"))) {
            csv.append(row(1, "brute-force", "VERIFIED", ""));
            csv.append(row(2, "brute-force", "REJECTED", "x"));
        }
        SweepConfig cfg = new SweepConfig(2, 4, 4, 10, List.of(1L, 2L), List.of("brute-force"), out, 2, 1,
                dir.resolve("no-checker.jar"), 0);
        Sweep.Summary s = new Sweep(cfg, (d, t, n) -> { }).run();
        assertEquals(0, s.rowsWritten());
        assertEquals(2, s.skipped());
        assertEquals(0, s.trained());
        assertEquals(2, ResultsCsv.read(out.resolve("results.csv")).size());
    }

    @Test
    void missingCheckerBecomesErrorRowsNotACrash(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        SweepConfig cfg = new SweepConfig(2, 4, 4, 10, List.of(5L), List.of("brute-force"), out, 1, 1,
                dir.resolve("no-checker.jar"), 0);
        Sweep.Summary s = new Sweep(cfg, (d, t, n) -> { }).run();
        assertEquals(1, s.rowsWritten());
        assertEquals(0, s.verified());
        ResultRow r = ResultsCsv.read(out.resolve("results.csv")).get(0);
        assertEquals(ResultRow.ERROR, r.verdict());
        assertFalse(r.reason().isBlank());
        assertTrue(Files.exists(cfg.modelFile(5)) && Files.exists(cfg.certificateFile(5, "brute-force")));
    }
}
