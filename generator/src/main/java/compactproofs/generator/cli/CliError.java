package compactproofs.generator.cli;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An error a command reports as one line on stderr with its exit code (no stack trace); handled by
 * {@link GeneratorMain#commandLine()}.
 */
final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    CliError(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** A usage error (exit 2). */
    static CliError usage(String message) {
        return new CliError(ExitCodes.USAGE, message);
    }

    /** Refuses {@code value < min} with a message naming the option and the value (exit 2). */
    static void atLeast(String command, String option, long value, long min) {
        if (value < min) throw usage(command + ": " + option + " must be at least " + min + ", got " + value);
    }

    /** Refuses a non-finite value or one outside [min, max] (exit 2). */
    static void inRange(String command, String option, double value, double min, double max, boolean minExclusive) {
        boolean low = minExclusive ? !(value > min) : !(value >= min);
        if (Double.isNaN(value) || low || value > max)
            throw usage(command + ": " + option + " must be " + (minExclusive ? "greater than " : "at least ") + min
                    + (max < Double.POSITIVE_INFINITY ? " and at most " + max : "") + ", got " + value);
    }

    /** Checks that an input file exists, is a regular file and is readable (exit 2 with the reason). */
    static void requireReadableFile(String command, String what, Path file) {
        if (!Files.exists(file)) throw usage(command + ": " + what + " " + file + ": no such file");
        if (Files.isDirectory(file)) throw usage(command + ": " + what + " " + file + ": is a directory, not a file");
        if (!Files.isRegularFile(file)) throw usage(command + ": " + what + " " + file + ": not a regular file");
        if (!Files.isReadable(file)) throw usage(command + ": " + what + " " + file + ": permission denied");
    }

    /** Loads a weights file, or fails with the checker's reason and exit code. */
    static LoadedModel loadModel(Path file) {
        return loadModel("generator", file);
    }

    /**
     * Loads a weights file given as {@code --model}, or fails with one line: a missing or unreadable file
     * (exit 2), a certificate passed as the model (exit 2), or the checker's reason and exit code.
     */
    static LoadedModel loadModel(String command, Path file) {
        requireReadableFile(command, "--model", file);
        if (looksLikeJson(file))
            throw usage(command + ": --model " + file + " is a JSON file (a certificate?), not a safetensors weights file");
        try {
            return SafetensorsReader.read(file);
        } catch (CheckFailure f) {
            throw new CliError(f.code().value, command + ": cannot load " + file + ": " + f.getMessage());
        }
    }

    /** True if the file's first non-blank byte is '{' (a certificate or other JSON, not safetensors: its first 8 bytes are a length). */
    static boolean looksLikeJson(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(64);
            int i = 0;
            while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) i++;
            // a safetensors file starts with a little-endian u64 length, whose high bytes are zero
            return i < b.length && b[i] == '{' && (b.length < 8 || b[7] != 0);
        } catch (IOException e) {
            return false;
        }
    }
}
