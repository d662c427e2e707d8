package compactproofs.generator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.generator.cli.GeneratorMain;
import compactproofs.generator.sweep.ResultRow;
import compactproofs.generator.sweep.ResultsCsv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
    /** A synthetic sweep: brute force, cubic and 12 subcubic variants on 5 seeds, plus one rejected and one ERROR row. */
    static Path syntheticResults(Path dir, long seed) throws Exception {
        Random rnd = new Random(seed);
        Path file = dir.resolve("results.csv");
        long total = 64L * 64 * 64 * 64;
        try (ResultsCsv csv = ResultsCsv.open(file)) {
            for (long s = 1; s <= 5; s++) {
                long bf = total - 1000 - rnd.nextInt(5000);
                // non-brute-force rows first: the report must normalize regardless of order
                csv.append(row(s, "cubic", (long) (bf * (0.9 + 0.05 * rnd.nextDouble())), total, 2.5e7, 12800));
                for (int v = 0; v < 12; v++)
                    csv.append(row(s, "subcubic:v" + v, (long) (bf * (0.3 + 0.5 * rnd.nextDouble())), total,
                            3e5 * (1 + v), 6000 + 200 * v));
                csv.append(row(s, "brute-force", bf, total, 1.1e10, 1073741824));
            }
            csv.append(new ResultRow("1", "cascade", "cascade", "5", "16777216", "", "", "", "", "", "0.1", "0.2", "REJECTED", "claims more, than proved"));
            csv.append(ResultRow.error(2, "cascade", "boom"));
        }
        return file;
    }

    static ResultRow row(long seed, String strategy, long correct, long total, double ops, long ed) {
        String dec = String.format(java.util.Locale.ROOT, "%.10f", (double) correct / total);
        return new ResultRow(Long.toString(seed), strategy, "", Long.toString(correct), Long.toString(total),
                correct + "/" + total, dec, "", Long.toString((long) ops), Long.toString(ed), "0.1", "0.2", "VERIFIED", "");
    }

    @Test
    void normalizesFromBruteForceWhateverTheOrder(@TempDir Path dir) throws Exception {
        ReportData d = ReportData.read(syntheticResults(dir, 7));
        assertTrue(d.hasNormalized());
        for (ReportData.Point p : d.points())
            if (p.verified()) {
                assertTrue(p.normalized() > 0 && p.normalized() <= 1.0, p.toString());
                if (p.strategy().equals("brute-force")) assertEquals(1.0, p.normalized());
            }
        List<ReportData.Stats> g = d.byGroup();
        assertEquals("brute-force", g.get(0).name(), "largest proofs first");
        ReportData.Stats cascade = g.stream().filter(s -> s.name().equals("cascade")).findFirst().orElseThrow();
        assertEquals(2, cascade.rows());
        assertEquals(0, cascade.verified());
        ReportData.Stats sub = g.stream().filter(s -> s.name().equals("subcubic")).findFirst().orElseThrow();
        assertEquals(60, sub.rows());
    }

    @Test
    void writesTablesAndPlots(@TempDir Path dir) throws Exception {
        Path csv = syntheticResults(dir, 11);
        Path out = dir.resolve("report");
        assertEquals(0, GeneratorMain.commandLine().execute("report", csv.toString(), "--out", out.toString()));
        String md = Files.readString(out.resolve("table.md"));
        assertTrue(md.contains("| brute-force | 5 | 5 | "), md);
        assertTrue(md.contains("| subcubic | 60 | 60 | "), md);
        assertTrue(md.contains("1.0000 ± 0.0000"), md);
        String html = Files.readString(out.resolve("table.html"));
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<td>subcubic</td>") && html.contains("bound-vs-proof-length.png"));
        for (String stem : new String[] {"bound-vs-proof-length", "bound-vs-effective-dimension"}) {
            byte[] png = Files.readAllBytes(out.resolve(stem + ".png"));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', stem);
            String svg = Files.readString(out.resolve(stem + ".svg"), StandardCharsets.UTF_8);
            assertTrue(svg.startsWith("<svg") || svg.startsWith("<?xml"), stem);
            assertTrue(svg.contains("</svg>"), stem);
        }
    }

    @Test
    void singleProofLengthStillPlots(@TempDir Path dir) throws Exception {
        // brute force alone: every point has the same x, which JFreeChart's log auto-range cannot handle
        Path file = dir.resolve("results.csv");
        try (ResultsCsv csv = ResultsCsv.open(file)) {
            for (long s = 1; s <= 3; s++) csv.append(row(s, "brute-force", 16_000_000 + s, 16_777_216, 4.4e9, 1073741824));
        }
        Path out = dir.resolve("report");
        assertEquals(0, GeneratorMain.commandLine().execute("report", file.toString(), "--out", out.toString()));
        assertTrue(Files.size(out.resolve("bound-vs-effective-dimension.png")) > 1000);
    }

    @Test
    void missingFileIsAOneLineError(@TempDir Path dir) {
        assertEquals(2, GeneratorMain.commandLine().execute("report", dir.resolve("nope.csv").toString(), "--out", dir.toString()));
    }
}
