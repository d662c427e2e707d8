package compactproofs.generator.cli;

import picocli.CommandLine.Option;

/** The {@code --progress} and {@code --quiet} options shared by commands with long steps (a picocli mixin). */
public final class ProgressOption {
    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "How to show progress on stderr: auto (a bar if stderr is a terminal, else a line every few seconds), "
                    + "bar, lines or none. Default: ${DEFAULT-VALUE} (or the COMPACTPROOFS_PROGRESS environment variable).")
    String progress;

    @Option(names = "--quiet", description = "No progress output (same as --progress=none).")
    boolean quiet;

    /** The mode chosen, or a usage error naming the bad value. */
    ProgressBar.Mode mode(String command) {
        if (quiet) return ProgressBar.Mode.NONE;
        ProgressBar.Mode m = ProgressBar.Mode.parse(progress);
        if (m == null) throw CliError.usage(command + ": --progress must be auto, bar, lines or none, got \"" + progress + "\"");
        return m;
    }

    ProgressBar bar(String command, String label) {
        return new ProgressBar(System.err, label, mode(command));
    }
}
