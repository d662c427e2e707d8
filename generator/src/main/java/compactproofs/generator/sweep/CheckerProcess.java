package compactproofs.generator.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the checker jar in a separate JVM ({@code java -jar checker.jar verify M C --json}) so that a
 * certificate is judged by the shipped checker alone, not by generator code sharing this JVM.
 */
public final class CheckerProcess {
    private final Path jar;
    private final int threads;
    private final long timeoutSeconds;

    /**
     * @param jar            the checker jar
     * @param threads        value of the checker's {@code --threads}
     * @param timeoutSeconds the process is killed after this long (0: no limit)
     */
    public CheckerProcess(Path jar, int threads, long timeoutSeconds) {
        this.jar = jar; this.threads = Math.max(1, threads); this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * What the checker said.
     *
     * @param json        its JSON verdict (fields of {@code CheckerMain --json}), or null if it printed none
     * @param exitCode    its exit status
     * @param wallSeconds wall time of the whole process, JVM start included
     * @param problem     one line when no JSON verdict could be read (null otherwise)
     */
    public record Outcome(JsonObject json, int exitCode, double wallSeconds, String problem) {}

    /**
     * Verifies one certificate. Never throws for a checker failure: a missing or garbled verdict becomes
     * an {@link Outcome} with a {@code problem}.
     *
     * @throws InterruptedException if interrupted while waiting (the process is then killed)
     */
    public Outcome verify(Path model, Path certificate) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString(), "verify",
                model.toString(), certificate.toString(), "--json", "--threads", Integer.toString(threads)));
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            return new Outcome(null, -1, 0, "cannot start the checker: " + e.getMessage());
        }
        try {
            // stderr is drained on its own thread so a chatty checker cannot block on a full pipe
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(p.getErrorStream(), err), "checker-stderr");
            drain.setDaemon(true);
            drain.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread drainOut = new Thread(() -> copy(p.getInputStream(), out), "checker-stdout");
            drainOut.setDaemon(true);
            drainOut.start();
            boolean done = true;
            if (timeoutSeconds > 0) done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            else p.waitFor();
            if (!done) {
                p.destroyForcibly();
                return new Outcome(null, -1, seconds(t0), "checker timed out after " + timeoutSeconds + " s");
            }
            drainOut.join(5000);
            drain.join(5000);
            double wall = seconds(t0);
            String stdout = out.toString(StandardCharsets.UTF_8).strip();
            int code = p.exitValue();
            String lastLine = stdout.contains("\n") ? stdout.substring(stdout.lastIndexOf('\n') + 1) : stdout;
            try {
                JsonElement e = JsonParser.parseString(lastLine);
                if (e.isJsonObject() && e.getAsJsonObject().has("status")) return new Outcome(e.getAsJsonObject(), code, wall, null);
            } catch (RuntimeException ignored) {
                // fall through: reported as a problem below
            }
            String tail = tail(err.toString(StandardCharsets.UTF_8));
            return new Outcome(null, code, wall, "checker exited " + code + " without a JSON verdict"
                    + (tail.isEmpty() ? "" : ": " + tail));
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    /**
     * Finds the checker jar: the explicit path if given, else {@code checker/target/checker.jar} under the
     * working directory, else {@code checker.jar} next to the generator jar, else
     * {@code ../../checker/target/checker.jar} from it (the Maven layout).
     *
     * @return the jar, or null if none exists
     */
    public static Path locate(Path explicit) {
        if (explicit != null) return Files.isRegularFile(explicit) ? explicit : null;
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of("checker", "target", "checker.jar"));
        candidates.add(Path.of("..", "checker", "target", "checker.jar"));
        try {
            Path self = Path.of(CheckerProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(self) ? self : self.getParent();
            if (dir != null) {
                candidates.add(dir.resolve("checker.jar"));
                candidates.add(dir.resolve("../../checker/target/checker.jar").normalize());
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // no code source: only the working-directory candidates remain
        }
        for (Path c : candidates) if (Files.isRegularFile(c)) return c.toAbsolutePath().normalize();
        return null;
    }

    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process died; what was read is kept
        }
    }

    private static String tail(String s) {
        String t = s.strip();
        int nl = t.lastIndexOf('\n');
        t = nl >= 0 ? t.substring(nl + 1).strip() : t;
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    private static double seconds(long t0) { return (System.nanoTime() - t0) / 1e9; }
}
