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
        return verifyAll(model, List.of(certificate)).get(0);
    }

    /**
     * Verifies certificates of one model in one checker JVM ({@code verify M C1 C2 ... --json}: the weights
     * are read once, one JSON verdict line per certificate, in order). Each outcome's
     * {@code wallSeconds} is the checker's own time for that certificate, plus, for the first, the
     * JVM's start. The timeout applies per certificate. Never throws for a checker failure: a
     * certificate without its verdict line gets an {@link Outcome} with a {@code problem}.
     *
     * @throws InterruptedException if interrupted while waiting (the process is then killed)
     */
    public List<Outcome> verifyAll(Path model, List<Path> certificates) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-jar", jar.toString(), "verify", model.toString()));
        for (Path c : certificates) cmd.add(c.toString());
        cmd.addAll(List.of("--json", "--threads", Integer.toString(threads)));
        long t0 = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            return failed(certificates.size(), 0, "cannot start the checker: " + e.getMessage());
        }
        try {
            // stdout and stderr are drained on their own threads so a chatty checker cannot block on a full pipe
            ByteArrayOutputStream err = new ByteArrayOutputStream(), out = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> copy(p.getErrorStream(), err), "checker-stderr");
            Thread drainOut = new Thread(() -> copy(p.getInputStream(), out), "checker-stdout");
            for (Thread t : List.of(drain, drainOut)) { t.setDaemon(true); t.start(); }
            boolean done = true;
            if (timeoutSeconds > 0) done = p.waitFor(Math.multiplyExact(timeoutSeconds, (long) certificates.size()), TimeUnit.SECONDS);
            else p.waitFor();
            if (!done) {
                p.destroyForcibly();
                return failed(certificates.size(), seconds(t0), "checker timed out after " + timeoutSeconds + " s per certificate");
            }
            drainOut.join(5000);
            drain.join(5000);
            double wall = seconds(t0);
            int code = p.exitValue();
            List<JsonObject> verdicts = new ArrayList<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                try {
                    JsonElement e = JsonParser.parseString(line.strip());
                    if (e.isJsonObject() && e.getAsJsonObject().has("status")) verdicts.add(e.getAsJsonObject());
                } catch (RuntimeException ignored) {
                    // not a verdict line: skipped; a certificate left without one is reported below
                }
            }
            List<Outcome> outcomes = new ArrayList<>();
            double inside = 0;
            for (JsonObject v : verdicts) inside += v.has("seconds") ? v.get("seconds").getAsDouble() : 0;
            String tail = tail(err.toString(StandardCharsets.UTF_8));
            for (int i = 0; i < certificates.size(); i++) {
                if (i >= verdicts.size() || verdicts.size() != certificates.size()) {
                    outcomes.add(new Outcome(null, code, i == 0 ? wall : 0, "checker exited " + code + " with " + verdicts.size() + " JSON verdicts for "
                            + certificates.size() + " certificates" + (tail.isEmpty() ? "" : ": " + tail)));
                    continue;
                }
                JsonObject v = verdicts.get(i);
                double own = v.has("seconds") ? v.get("seconds").getAsDouble() : 0;
                // the JVM start and the weights' reading are charged to the first certificate
                outcomes.add(new Outcome(v, v.has("exit_code") ? v.get("exit_code").getAsInt() : code, i == 0 ? Math.max(own, wall - inside + own) : own, null));
            }
            return outcomes;
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
    }

    private static List<Outcome> failed(int n, double wall, String problem) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new Outcome(null, -1, i == 0 ? wall : 0, problem));
        return out;
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
