package compactproofs.testdata.testing;

import compactproofs.checker.cli.CheckerMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the checker and records what it printed and returned ({@link Outcome}): in process through
 * {@link CheckerMain#run}, or as a separate JVM on the real, shaded {@code checker/target/checker.jar}.
 *
 * <p>The jar is built in the checker module's package phase, which Maven runs before the testdata
 * module's tests in {@code mvn verify}; under {@code mvn test} (no package phase) the jar tests are
 * skipped by {@link #assumeJarBuilt}.
 */
public final class CheckerRun {
    private CheckerRun() {}

    public static final Path JAR = CorpusIndex.ROOT.resolve("../checker/target/checker.jar").normalize();
    public static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    /** The checker's command line in this JVM. */
    public static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = CheckerMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Skips the calling test class unless {@link #JAR} exists and is newer than the checker's classes. */
    public static void assumeJarBuilt() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), JAR + " not built (run mvn verify, not mvn test)");
        Path classes = CorpusIndex.ROOT.resolve("../checker/target/classes");
        if (Files.isDirectory(classes)) {
            long newest;
            try (Stream<Path> s = Files.walk(classes)) {
                newest = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
            }
            Assumptions.assumeTrue(JAR.toFile().lastModified() >= newest, JAR + " is older than the checker's classes (run mvn verify)");
        }
    }

    /** {@code java JVMARGS ARGS} in a new process; fails the test after the timeout. */
    public static Outcome java(List<String> jvmArgs, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA.toString());
        cmd.addAll(jvmArgs);
        cmd.addAll(args);
        Path out = Files.createTempFile("checker-out", ".txt"), err = Files.createTempFile("checker-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            return new Outcome(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code java JVMARGS -jar checker.jar verify MODEL CERT [--json]}. */
    public static Outcome checkerJar(List<String> jvmArgs, Path model, Path cert, boolean json) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-jar", JAR.toString(), "verify", model.toString(), cert.toString()));
        if (json) args.add("--json");
        return java(jvmArgs, args, 120);
    }
}
