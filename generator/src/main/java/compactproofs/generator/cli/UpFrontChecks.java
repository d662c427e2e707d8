package compactproofs.generator.cli;

import compactproofs.generator.search.Strategies;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks that commands run before any work (one {@link CliError} line each, exit 2 or 3). Kept out of
 * the commands' own files so each command calls them in one small block.
 */
final class UpFrontChecks {
    private UpFrontChecks() {}

    /** {@code sweep}: every numeric option, the strategy names (exit 3 if unknown, as in certify), the output directory. */
    static void sweep(SweepCommand c) {
        CliError.atLeast("sweep", "--k", c.k, 1);
        CliError.atLeast("sweep", "--vocab", c.vocab, 2);
        CliError.atLeast("sweep", "--d-model", c.dModel, 1);
        CliError.atLeast("sweep", "--steps", c.steps, 1);
        CliError.atLeast("sweep", "--jobs", c.jobs, 1);
        if (c.threads != null) CliError.atLeast("sweep", "--threads", c.threads, 1);
        CliError.atLeast("sweep", "--checker-timeout", c.checkerTimeout, 0);
        strategyList("sweep", c.strategies);
        OutputPaths.requireWritableDirectory("sweep", "--out", c.out);
    }

    /** A {@code --strategies} list: 'all', or names of concrete strategies and 'subcubic'. */
    static void strategyList(String command, String list) {
        if (list.strip().equalsIgnoreCase("all")) return;
        List<String> known = Strategies.concrete();
        for (String s : list.split(",")) {
            String name = s.strip();
            if (name.isEmpty() || name.equals("subcubic") || known.contains(name)) continue;
            throw new CliError(ExitCodes.UNSUPPORTED, command + ": unknown strategy \"" + name
                    + "\" in --strategies; known: all, brute-force, cascade, cubic, subcubic (all 100), subcubic:<variant> ('generator strategies' lists all)");
        }
    }

    /** {@code cascade-curve}: --points, --threads, the model file, the output directory. */
    static void cascadeCurve(CascadeCurveCommand c) {
        CliError.atLeast("cascade-curve", "--points", c.points, 1);
        CliError.atLeast("cascade-curve", "--threads", c.threads, 1);
        model("cascade-curve", c.model);
        OutputPaths.requireWritableDirectory("cascade-curve", "--out", c.out);
    }

    /** A {@code --model} file: exists, readable, not a JSON file. */
    static void model(String command, Path model) {
        CliError.requireReadableFile(command, "--model", model);
        if (CliError.looksLikeJson(model))
            throw CliError.usage(command + ": --model " + model + " is a JSON file (a certificate?), not a safetensors weights file");
    }

    /** {@code report}: the results file is a non-empty UTF-8 text file with rows after its header; the output directory. */
    static void report(ReportCommand c) {
        csv("report", c.results);
        OutputPaths.requireWritableDirectory("report", "--out", c.out);
    }

    /** Largest prefix of a CSV file inspected for binary content. */
    static final int SNIFF_BYTES = 1 << 16;

    /** A CSV input: exists, non-empty, text (no NUL, valid UTF-8 in its first 64 KiB), with at least one row after the header. */
    static void csv(String command, Path file) {
        CliError.requireReadableFile(command, "input", file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        } catch (IOException e) {
            throw CliError.usage(command + ": cannot read " + file + " (" + OutputPaths.reason(e) + ")");
        }
        if (head.length == 0) throw CliError.usage(command + ": " + file + " is empty; expected a sweep's results.csv");
        int n = head.length;
        for (int i = 0; i < n; i++)
            if (head[i] == 0) throw CliError.usage(command + ": " + file + " is not a CSV file (binary data); expected a sweep's results.csv");
        // decode; a multi-byte character cut at the end of a full prefix is not an error (endOfInput false)
        java.nio.charset.CoderResult r = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(head), java.nio.CharBuffer.allocate(n), n < SNIFF_BYTES);
        if (r.isError())
            throw CliError.usage(command + ": " + file + " is not a CSV text file (not UTF-8); expected a sweep's results.csv");
        String text = new String(head, 0, n, StandardCharsets.UTF_8);
        String first = text.lines().findFirst().orElse("");
        if (!first.contains(","))
            throw CliError.usage(command + ": " + file + " is not a CSV file (its first line has no comma-separated header); expected a sweep's results.csv");
        if (head.length < SNIFF_BYTES && text.lines().skip(1).noneMatch(l -> !l.isBlank()))
            throw CliError.usage(command + ": " + file + " has a header but no rows; nothing to report");
    }
}
