package compactproofs.generator.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import compactproofs.checker.format.SafetensorsReader;
import compactproofs.generator.cli.GeneratorMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep records its configuration (sweep.json and the configuration columns of results.csv) and
 * refuses to extend a directory made with another one (issue 13, item 4). Tiny settings: seconds.
 */
@Tag("slow")
class SweepConfigTest {
    /** The columns of results.csv, in order. */
    static final List<String> COLUMNS = List.of("seed", "strategy", "group", "k", "vocab", "d_model", "d_head", "steps",
            "model_sha256", "generator_version", "checker_version", "correct_count", "total", "bound", "bound_decimal",
            "normalized_bound", "proof_ops", "effective_dimension", "generator_seconds", "checker_seconds", "verdict", "reason");

    record Run(int code, String err) {}

    static Run sweep(Path jar, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--k", "3", "--vocab", "5", "--d-model", "8", "--seeds", "1",
                "--steps", "40", "--strategies", "cubic", "--jobs", "1", "--threads", "1", "--quiet",
                "--checker-jar", jar.toString(), "--out", out.toString()));
        for (int i = 0; i < extra.length; i += 2) {
            int at = args.indexOf(extra[i]);
            if (at >= 0) args.set(at + 1, extra[i + 1]);
            else { args.add(extra[i]); args.add(extra[i + 1]); }
        }
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = GeneratorMain.commandLine().execute(args.toArray(new String[0]));
            return new Run(code, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(old);
        }
    }

    static Path checkerJar() {
        Path jar = CheckerProcess.locate(null);
        assumeTrue(jar != null, "checker jar not built (mvn -pl checker package); skipping");
        return jar;
    }

    @Test
    void csvHasTheConfigurationColumnsAndSweepJsonIsWritten(@TempDir Path dir) throws Exception {
        Path jar = checkerJar();
        Path out = dir.resolve("s");
        Run r = sweep(jar, out);
        assertEquals(0, r.code(), r.err());
        String header = Files.readAllLines(out.resolve("results.csv")).get(0);
        assertEquals(String.join(",", COLUMNS), header);
        assertEquals(COLUMNS, ResultRow.HEADER);
        List<ResultRow> rows = ResultsCsv.read(out.resolve("results.csv"));
        assertEquals(1, rows.size());
        RunConfig c = rows.get(0).config();
        assertEquals("3", c.k());
        assertEquals("5", c.vocab());
        assertEquals("8", c.dModel());
        assertEquals("8", c.dHead());
        assertEquals("40", c.steps());
        assertEquals(SafetensorsReader.read(out.resolve("models/seed-1.safetensors")).sha256(), c.modelSha256());
        assertTrue(c.generatorVersion().startsWith("compact-proofs generator"), c.generatorVersion());
        assertTrue(c.checkerVersion().startsWith("compact-proofs checker"), c.checkerVersion());
        Map<String, String> m = SweepManifest.read(out.resolve("sweep.json"));
        assertEquals("40", m.get("steps"));
        assertEquals("5", m.get("vocab"));
        assertEquals(c.checkerVersion(), m.get("checker_version"));
        // the same configuration extends the directory (another strategy), and nothing is redone
        r = sweep(jar, out, "--strategies", "cubic,cascade");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, ResultsCsv.read(out.resolve("results.csv")).size());
    }

    @Test
    void aChangedConfigurationIsRefusedNamingTheSetting(@TempDir Path dir) throws Exception {
        Path jar = checkerJar();
        Path out = dir.resolve("s");
        assertEquals(0, sweep(jar, out).code());
        byte[] before = Files.readAllBytes(out.resolve("results.csv"));

        Run r = sweep(jar, out, "--steps", "60");
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--steps: directory made with 40, this run has 60"), r.err());

        r = sweep(jar, out, "--vocab", "6", "--d-model", "4");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--vocab: directory made with 5, this run has 6"), r.err());
        assertTrue(r.err().contains("--d-model: directory made with 8, this run has 4"), r.err());
        assertTrue(r.err().contains("d_head: directory made with 8, this run has 4"), r.err());
        assertFalse(r.err().contains("--steps"), r.err());

        r = sweep(jar, out, "--k", "2");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--k: directory made with 3, this run has 2"), r.err());

        // nothing was written by the refused runs
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("results.csv"))));
        assertFalse(Files.exists(out.resolve("models/seed-1.safetensors.tmp")));

        // a lost sweep.json: the rows' own configuration columns still refuse a change
        Files.delete(out.resolve("sweep.json"));
        r = sweep(jar, out, "--steps", "60");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--steps: directory has rows made with 40, this run has 60"), r.err());
        assertFalse(Files.exists(out.resolve("sweep.json")));
    }

    @Test
    void aResultsFileOfAnOlderGeneratorIsRefusedButReportStillReadsIt(@TempDir Path dir) throws Exception {
        Path jar = checkerJar();
        Path out = dir.resolve("old");
        Files.createDirectories(out);
        String legacy = String.join(",", ResultRow.LEGACY_HEADER) + "\n"
                + "1,cubic,cubic,100,125,4/5,0.8000000000,,1234,56,0.010,0.200,VERIFIED,\n";
        Files.writeString(out.resolve("results.csv"), legacy, StandardCharsets.UTF_8);
        Run r = sweep(jar, out);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("older generator") && r.err().contains("new --out directory"), r.err());
        assertEquals(legacy, Files.readString(out.resolve("results.csv")));
        List<ResultRow> rows = ResultsCsv.read(out.resolve("results.csv"));
        assertEquals(1, rows.size());
        assertEquals("1234", rows.get(0).proofOps());
        assertEquals(RunConfig.UNKNOWN, rows.get(0).config());
    }
}
