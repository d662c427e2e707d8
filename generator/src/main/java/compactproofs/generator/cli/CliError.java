package compactproofs.generator.cli;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.io.LoadedModel;
import compactproofs.checker.io.SafetensorsReader;
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

    /** Loads a weights file, or fails with the checker's reason and exit code. */
    static LoadedModel loadModel(Path file) {
        try {
            return SafetensorsReader.read(file);
        } catch (CheckFailure f) {
            throw new CliError(f.code().value, "cannot load " + file + ": " + f.getMessage());
        }
    }
}
