package compactproofs.generator.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import compactproofs.generator.cli.GeneratorMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny real sweep through the command line, verified by the real checker jar in its own JVM. */
@Tag("slow")
class SweepEndToEndTest {
    @Test
    void tinySweepVerifiesAndResumes(@TempDir Path dir) throws Exception {
        Path jar = CheckerProcess.locate(null);
        assumeTrue(jar != null, "checker jar not built (mvn -pl checker package); skipping the end-to-end sweep");
        Path out = dir.resolve("sweep");
        String[] args = {"sweep", "--k", "3", "--vocab", "6", "--d-model", "8", "--seeds", "1-2", "--steps", "300",
                "--strategies", "brute-force", "--jobs", "2", "--quiet", "--checker-jar", jar.toString(), "--out", out.toString()};
        assertEquals(0, GeneratorMain.commandLine().execute(args));
        List<ResultRow> rows = ResultsCsv.read(out.resolve("results.csv"));
        assertEquals(2, rows.size());
        for (ResultRow r : rows) {
            assertEquals("VERIFIED", r.verdict(), r.reason());
            assertEquals("216", r.total());
            assertEquals("1.0000000000", r.normalizedBound());
            assertTrue(Long.parseLong(r.proofOps()) > 0);
            assertEquals("1296", r.effectiveDimension()); // V^(n+1)
            assertTrue(Files.exists(out.resolve("certificates/seed-" + r.seed() + "/brute-force.json")));
        }
        // rerun with one more seed: only the new seed is trained and certified
        args[8] = "1-3";
        assertEquals(0, GeneratorMain.commandLine().execute(args));
        rows = ResultsCsv.read(out.resolve("results.csv"));
        assertEquals(3, rows.size());
        assertEquals("3", rows.get(2).seed());
        // a sweep killed after writing certificates but before their rows: the certificates are reused, not searched again
        Path cert = out.resolve("certificates/seed-1/brute-force.json");
        var before = Files.getLastModifiedTime(cert);
        String genSeconds = rows.get(0).seed().equals("1") ? rows.get(0).generatorSeconds() : rows.get(1).generatorSeconds();
        Files.delete(out.resolve("results.csv"));
        assertEquals(0, GeneratorMain.commandLine().execute(args));
        assertEquals(before, Files.getLastModifiedTime(cert));
        rows = ResultsCsv.read(out.resolve("results.csv"));
        assertEquals(3, rows.size());
        assertEquals(genSeconds, rows.stream().filter(r -> r.seed().equals("1")).findFirst().orElseThrow().generatorSeconds());
    }

    /** Several strategies of one seed: one checker JVM verifies all of them; brute force comes first, so cubic's normalized bound is known. */
    @Test
    void oneCheckerProcessPerSeed(@TempDir Path dir) throws Exception {
        Path jar = CheckerProcess.locate(null);
        assumeTrue(jar != null, "checker jar not built (mvn -pl checker package); skipping the end-to-end sweep");
        Path out = dir.resolve("sweep");
        String[] args = {"sweep", "--k", "3", "--vocab", "6", "--d-model", "8", "--seeds", "1", "--steps", "300",
                "--strategies", "cubic,brute-force", "--jobs", "2", "--quiet", "--checker-jar", jar.toString(), "--out", out.toString()};
        assertEquals(0, GeneratorMain.commandLine().execute(args));
        List<ResultRow> rows = ResultsCsv.read(out.resolve("results.csv"));
        assertEquals(List.of("brute-force", "cubic"), rows.stream().map(ResultRow::strategy).toList());
        for (ResultRow r : rows) assertEquals("VERIFIED", r.verdict(), r.reason());
        assertTrue(!rows.get(1).normalizedBound().isEmpty(), "cubic's normalized bound");
    }

    /** A batch with a broken certificate in the middle: each certificate gets its own outcome. */
    @Test
    void batchVerdictsStayPerCertificate(@TempDir Path dir) throws Exception {
        Path jar = CheckerProcess.locate(null);
        assumeTrue(jar != null, "checker jar not built (mvn -pl checker package)");
        Path model = Path.of("../testdata/models/tiny-v8-n3.safetensors");
        assumeTrue(Files.exists(model));
        Path good = dir.resolve("good.json"), bad = dir.resolve("bad.json");
        assertEquals(0, GeneratorMain.commandLine().execute("certify", "--strategy", "cubic", "--model", model.toString(),
                "--out", good.toString(), "--quiet", "--no-self-check"));
        Files.writeString(bad, "{ not json");
        List<CheckerProcess.Outcome> o = new CheckerProcess(jar, 1, 60).verifyAll(model, List.of(good, bad, good));
        assertEquals(3, o.size());
        assertEquals(List.of(0, 2, 0), o.stream().map(CheckerProcess.Outcome::exitCode).toList());
        assertEquals("VERIFIED", o.get(2).json().get("status").getAsString());
        assertEquals("MALFORMED", o.get(1).json().get("status").getAsString());
    }
}
