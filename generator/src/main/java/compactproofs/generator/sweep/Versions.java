package compactproofs.generator.sweep;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The generator's and the checker jar's version strings, as recorded by a sweep. */
public final class Versions {
    private Versions() {}

    /** The generator's version: the {@code version} of the {@code generator} command (its {@code --version} line). */
    public static String generator() {
        try {
            Class<?> main = Class.forName("compactproofs.generator.cli.GeneratorMain");
            picocli.CommandLine.Command c = main.getAnnotation(picocli.CommandLine.Command.class);
            if (c != null && c.version().length > 0 && !c.version()[0].isBlank()) return c.version()[0].strip();
        } catch (ClassNotFoundException | LinkageError e) {
            // fall through
        }
        String v = Versions.class.getPackage().getImplementationVersion();
        return v != null ? "compact-proofs generator " + v : "unknown";
    }

    /**
     * The checker jar's version: the first line {@code java -jar JAR --version} prints, or
     * {@code "unknown"} if the jar does not answer within 60 s.
     */
    public static String checker(Path jar) {
        try {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(Files.isExecutable(java) ? java.toString() : "java", "-jar", jar.toString(), "--version")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "unknown";
            }
            if (p.exitValue() != 0) return "unknown";
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n"))
                if (!line.isBlank()) return line.strip();
            return "unknown";
        } catch (java.io.IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
