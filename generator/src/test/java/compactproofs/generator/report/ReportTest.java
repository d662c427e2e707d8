package compactproofs.generator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void tableLinksThePlotsAndFormatsEveryCountWithThousandsSeparators(@TempDir Path dir) throws Exception {
        Path csv = syntheticResults(dir, 13);
        Path out = dir.resolve("report");
        assertEquals(0, GeneratorMain.commandLine().execute("report", csv.toString(), "--out", out.toString()));
        String md = Files.readString(out.resolve("table.md"));
        for (String stem : ReportPlots.STEMS) {
            assertTrue(md.contains("](" + stem + ".png)"), "table.md links " + stem + ".png:\n" + md);
            assertTrue(md.contains("](" + stem + ".svg)"), "table.md links " + stem + ".svg:\n" + md);
            assertTrue(Files.exists(out.resolve(stem + ".png")));
        }
        // one format for counts: 11,000,000,000 and 300,000, never 1.100e10
        assertTrue(md.contains("| 11,000,000,000 | 1,073,741,824 |"), md);
        assertFalse(java.util.regex.Pattern.compile("\\d\\.\\d+e\\d").matcher(md).find(), "scientific notation in\n" + md);
        assertEquals("1,247,000", ReportTables.big(1_247_000));
        assertEquals("337,463", ReportTables.big(337_463));
        assertEquals("3,884,691,008", ReportTables.big(3_884_691_008.0));
    }

    @Test
    void groupColoursAreFixedAndCascadeIsDrawnOnTop() {
        // the same colour for a group whatever else a report holds
        assertEquals(new java.awt.Color(0x2CA02C), ReportPlots.colorOf("cascade"));
        assertEquals(new java.awt.Color(0xFF7F0E), ReportPlots.colorOf("cubic"));
        assertEquals(ReportPlots.colorOf("subcubic: low-rank QK"), ReportPlots.colorOf("subcubic: low-rank QK"));
        assertEquals(ReportPlots.colorOf("someday-strategy"), ReportPlots.colorOf(new String("someday-strategy")));
        java.util.Set<java.awt.Color> distinct = new java.util.HashSet<>(ReportPlots.GROUP_COLORS.values());
        assertEquals(ReportPlots.GROUP_COLORS.size(), distinct.size(), "known groups have distinct colours");
        for (String g : new String[] {"brute-force", "cubic", "cascade", "subcubic: exact", "subcubic: low-rank QK",
                "subcubic: low-rank EU", "subcubic: low-rank QK&EU", "subcubic: quadratic QK", "subcubic: quadratic QK&EU"})
            assertTrue(ReportPlots.GROUP_COLORS.containsKey(g), g);
        // series order does not depend on the order rows appear in; cascade is last (drawn on top of cubic)
        List<String> a = ReportPlots.seriesOrder(List.of("cascade", "subcubic: exact", "cubic", "zeta", "brute-force"));
        List<String> b = ReportPlots.seriesOrder(List.of("zeta", "brute-force", "cubic", "subcubic: exact", "cascade"));
        assertEquals(a, b);
        assertEquals("cascade", a.get(a.size() - 1));
        assertTrue(a.indexOf("cubic") < a.indexOf("cascade"));
        // cascade's marker differs from cubic's
        assertTrue(!ReportPlots.shapeOf("cascade").getBounds2D().equals(ReportPlots.shapeOf("cubic").getBounds2D()));
    }

    @Test
    void aReportOfAnOldResultsFileStillWorks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, String.join(",", ResultRow.LEGACY_HEADER) + "\n"
                + "1,brute-force,brute-force,100,125,4/5,0.8000000000,1.0000000000,4000000,15625,0.010,0.200,VERIFIED,\n"
                + "1,cubic,cubic,90,125,18/25,0.7200000000,0.9000000000,12000,75,0.010,0.200,VERIFIED,\n");
        Path out = dir.resolve("report");
        assertEquals(0, GeneratorMain.commandLine().execute("report", file.toString(), "--out", out.toString()));
        assertTrue(Files.readString(out.resolve("table.md")).contains("4,000,000"));
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
