package compactproofs.testdata;

import static compactproofs.testdata.testing.CheckerRun.JAR;
import static compactproofs.testdata.testing.CheckerRun.assumeJarBuilt;
import static compactproofs.testdata.testing.CheckerRun.checkerJar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.testdata.testing.CorpusIndex;
import compactproofs.testdata.testing.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checker/bin/checker}, the jar with start-up flags: every verdict (status, counts, proof length, exit code)
 * is the jar's own, and the flags are the ones its header promises (the class-data archive the build wrote; the
 * quick compiler only for up to 3 cubic or subcubic certificates or certificates of models with at most 2^24 inputs).
 */
@Tag("slow")
class LauncherTest {
    static final Path LAUNCHER = CorpusIndex.ROOT.resolve("../checker/bin/checker").normalize();
    static final Path MODEL = CorpusIndex.ROOT.resolve("models/tiny-v8-n3.safetensors");
    static final String VALID = "certificates/valid/";

    @BeforeAll
    static void jarBuilt() throws IOException {
        assumeJarBuilt();
    }

    /** {@code bash bin/checker ARGS} with CHECKER_SHOW_COMMAND set: the outcome, and the java command on the first stderr line. */
    static Outcome launch(String... args) throws IOException, InterruptedException {
        return launchWith(Map.of(), args);
    }

    /** {@link #launch(String...)} with CHECKER_QUICK set to {@code quick}. */
    static Outcome launchQuick(String quick, String... args) throws IOException, InterruptedException {
        return launchWith(Map.of("CHECKER_QUICK", quick), args);
    }

    /** {@link #launch(String...)} with these environment variables (CHECKER_QUICK and JAVA_OPTS unset otherwise). */
    static Outcome launchWith(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CHECKER_SHOW_COMMAND", "1");
        pb.environment().remove("CHECKER_QUICK");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().putAll(env);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile("launcher-out", ".txt"), err = Files.createTempFile("launcher-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The JSON verdict without its wall time. */
    static JsonObject verdict(Outcome o) {
        JsonObject v = JsonParser.parseString(o.stdout().strip()).getAsJsonObject();
        v.remove("seconds");
        return v;
    }

    @Test
    void verdictsAreTheJars() throws Exception {
        boolean archive = Files.isRegularFile(JAR.resolveSibling("checker.jsa"));
        for (String name : List.of("tiny-v8-n3.brute-force", "tiny-v8-n3.cascade", "tiny-v8-n3.cubic", "tiny-v8-n3.separable",
                "tiny-v8-n3.subcubic-default", "variant-tiny-v8-n3.cubic.claim-one-less", "variant-tiny-v8-n3.brute-force.claim-zero")) {
            Path cert = CorpusIndex.ROOT.resolve(VALID + name + ".json");
            Outcome jar = checkerJar(List.of(), MODEL, cert, true), launched = launch("verify", MODEL.toString(), cert.toString(), "--json");
            assertEquals(jar.exit(), launched.exit(), name);
            assertEquals(verdict(jar), verdict(launched), name);
            String command = launched.stderr().lines().findFirst().orElse("");
            assertTrue(command.contains("-XX:TieredStopAtLevel=1"), name + " (8^3 inputs): " + command);
            assertEquals(archive, command.contains("-XX:SharedArchiveFile="), name + ": " + command);
            assertEquals(1, launched.stderr().lines().count(), name + " printed more than the command on stderr: " + launched.stderr());
        }
    }

    /** The quick compiler alone exactly when at most 3 certificates are named and each is cubic, subcubic, or about at most 2^24 inputs. */
    @Test
    void quickCompilerOnlyForShortChecks(@TempDir Path dir) throws Exception {
        Path big = Files.writeString(dir.resolve("big-cubic.json"), "{\"format\": \"x\", \"model\": {\"vocab\": 64, \"n_ctx\": 8},\n \"strategy\": \"cubic\"}");
        Path bigSub = Files.writeString(dir.resolve("big-subcubic.json"), "{\"strategy\":\"subcubic:EUPU-mean_query\",\"model\":{\"vocab\":64,\"n_ctx\":8}}");
        Path bigBf = Files.writeString(dir.resolve("big-bf.json"), "{\"strategy\":\"brute-force\",\"model\":{\"vocab\":65,\"n_ctx\":4}}");
        Path noStrategy = Files.writeString(dir.resolve("late.json"), " {\"model\":{\"vocab\":8,\"n_ctx\":3}," + " ".repeat(5000) + "\"strategy\":\"cubic\"}");
        Path scale = CorpusIndex.ROOT.resolve("scale"), valid = CorpusIndex.ROOT.resolve(VALID);
        Object[][] cases = {
            {valid.resolve("maxof4-v64-seed3.brute-force.json"), true}, // 64^4 = 2^24 inputs
            {valid.resolve("maxof4-v64-seed3.separable.json"), true},
            {scale.resolve("maxof5-v64-seed1.cascade-exact.json"), false},
            {scale.resolve("maxof8-v64-seed1.separable-r1024-split2.json"), false},
            {big, true}, {bigSub, true}, {bigBf, false}, {noStrategy, false}, {MODEL, true}};
        for (Object[] c : cases) {
            String command = launch("verify", MODEL.toString(), c[0].toString(), "--version").stderr().lines().findFirst().orElse("");
            assertEquals(c[1], command.contains("-XX:TieredStopAtLevel=1"), c[0] + ": " + command);
        }
        String both = launch("verify", MODEL.toString(), big.toString(), bigBf.toString(), "--version").stderr();
        assertFalse(both.contains("-XX:TieredStopAtLevel=1"), "one long check among short ones: " + both);
        String three = launch("verify", MODEL.toString(), big.toString(), bigSub.toString(), big.toString(), "--version").stderr();
        assertTrue(three.contains("-XX:TieredStopAtLevel=1"), "three short checks: " + three);
        String four = launch("verify", MODEL.toString(), big.toString(), bigSub.toString(), big.toString(), bigSub.toString(), "--version").stderr();
        assertFalse(four.contains("-XX:TieredStopAtLevel=1"), "a batch of four: " + four);
        assertTrue(launchQuick("1", "verify", MODEL.toString(), bigBf.toString(), "--version").stderr().contains("-XX:TieredStopAtLevel=1"), "CHECKER_QUICK=1");
        Outcome off = launchQuick("0", "verify", MODEL.toString(), big.toString(), "--version");
        assertFalse(off.stderr().contains("-XX:TieredStopAtLevel=1"), "CHECKER_QUICK=0: " + off.stderr());
        assertEquals(0, off.exit(), "the tiered compilers start: " + off.stderr());
    }

    /** The archive the build wrote fits the jar: with -Xshare:on the JVM would refuse to start otherwise. */
    @Test
    void theArchiveIsUsable() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR.resolveSibling("checker.jsa")), "no class-data archive on this system");
        Path cert = CorpusIndex.ROOT.resolve(VALID + "tiny-v8-n3.cubic.json");
        Outcome o = launchWith(Map.of("JAVA_OPTS", "-Xshare:on"), "verify", MODEL.toString(), cert.toString());
        assertTrue(o.stderr().lines().findFirst().orElse("").contains("-XX:SharedArchiveFile="), o.stderr());
        assertEquals(0, o.exit(), "the JVM could not map the archive: " + o.stderr() + o.stdout());
        Outcome userFlags = launchWith(Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=4"), "verify", MODEL.toString(), cert.toString());
        assertEquals(0, userFlags.exit(), "compiler options in JAVA_OPTS turn the quick mode off: " + userFlags.stderr());
    }

    @Test
    void usageErrorsAndHelpAreTheJars() throws Exception {
        Outcome help = launch("--help"), bad = launch("verify", MODEL.toString());
        assertEquals(0, help.exit());
        assertTrue(help.stdout().startsWith("Usage: java -jar checker.jar"), help.stdout());
        assertEquals(2, bad.exit());
        assertTrue(bad.stderr().contains("verify needs MODEL.safetensors and CERTIFICATE.json"), bad.stderr());
    }
}
