package compactproofs.generator.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Up-front checks of output paths, run before any work so that a long search or training run is never
 * lost to an unusable {@code --out}: each failure is a {@link CliError} with exit code 2 and one line
 * naming the option, the path and the reason. Nothing is created.
 */
public final class OutputPaths {
    private OutputPaths() {}

    /** {@code path} must be a file that can be created or replaced: not a directory, in a writable directory. */
    public static void requireWritableFile(String command, String option, Path path) {
        String what = command + ": " + option + " " + path;
        if (Files.isDirectory(path))
            throw CliError.usage(what + " is a directory; give a file name, e.g. " + path.resolve("out" + suffix(option, command)));
        if (Files.exists(path) && !Files.isRegularFile(path)) throw CliError.usage(what + " exists and is not a regular file");
        Path parent = path.toAbsolutePath().normalize().getParent();
        if (parent == null) throw CliError.usage(what + " is not a file path");
        requireCreatableDirectory(what, parent);
    }

    /** {@code path} must be a directory, or absent with a writable existing ancestor directory. */
    public static void requireWritableDirectory(String command, String option, Path path) {
        String what = command + ": " + option + " " + path;
        if (Files.exists(path) && !Files.isDirectory(path)) throw CliError.usage(what + " is a file, not a directory");
        requireCreatableDirectory(what, path.toAbsolutePath().normalize());
    }

    /** {@code dir} exists as a writable directory, or its nearest existing ancestor is one. */
    private static void requireCreatableDirectory(String what, Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) throw CliError.usage(what + ": no existing parent directory");
        if (!Files.isDirectory(p)) throw CliError.usage(what + ": " + p + " is a file, not a directory");
        // the only reliable test of writability (root, read-only mounts, /proc): create and remove a file
        try {
            Path probe = Files.createTempFile(p, ".write-test-", ".tmp");
            Files.deleteIfExists(probe);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw CliError.usage(what + ": cannot create files in " + p + " (" + reason(e) + ")");
        }
    }

    private static String suffix(String option, String command) {
        return command.startsWith("train") ? ".safetensors" : ".json";
    }

    /** A one-line reason without Java class names. */
    static String reason(Throwable e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file or directory";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof java.nio.file.FileSystemException) return "file system error";
        String m = e.getMessage();
        return m == null || m.isBlank() ? "unknown reason" : m.replaceAll("\\s+", " ");
    }
}
