package compactproofs.generator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.subcubic.Variant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generator command with bad arguments and bad files: one line on stderr, nothing on stdout, the
 * documented exit code (README, "Generator exit codes"), no stack trace, and nothing created.
 */
class GeneratorCliTest {
    @TempDir static Path dir;
    static Path model, aFile, aDir, cert, empty, binary, headerOnly, latin1;

    /** Exit code, stdout, stderr of one in-process run. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = GeneratorMain.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void files() throws IOException {
        model = dir.resolve("m.safetensors");
        Run r = run("train", "--k", "3", "--vocab", "8", "--d-model", "8", "--seed", "5", "--steps", "40", "--batch", "16",
                "--progress=none", "--out", model.toString());
        assertEquals(0, r.code(), r.err());
        aFile = Files.writeString(dir.resolve("afile"), "x");
        aDir = Files.createDirectories(dir.resolve("adir"));
        cert = Files.writeString(dir.resolve("c.json"), "{\"format\":\"compact-proofs-certificate\"}\n");
        empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
        binary = Files.write(dir.resolve("bin.csv"), Files.readAllBytes(model));
        headerOnly = Files.writeString(dir.resolve("header.csv"), "seed,strategy,verdict\n");
        latin1 = Files.write(dir.resolve("latin1.csv"), new byte[] {'a', ',', (byte) 0xe9, '\n', '1', ',', '2', '\n'});
    }

    /** One bad command line and the exit code README documents for it. */
    record Case(int code, String[] args, String mustMention) {}

    static Case c(int code, String mention, String... args) { return new Case(code, args, mention); }

    static List<Case> cases() {
        String m = model.toString(), out = dir.resolve("new/x.json").toString(), outDir = dir.resolve("newdir").toString();
        List<Case> cs = new ArrayList<>(List.of(
                c(2, "bogus", "bogus"), c(2, "--bogus", "--bogus"), c(2, "bogus", "help", "bogus"),
                // certify
                c(2, "--model", "certify"),
                c(2, "--strategy", "certify", "--model", m, "--out", out),
                c(2, "is a directory", "certify", "--strategy", "cubic", "--model", m, "--out", aDir.toString()),
                c(2, "afile", "certify", "--strategy", "cubic", "--model", m, "--out", aFile.resolve("x.json").toString()),
                c(2, "is a file", "certify", "--strategy", "subcubic:all", "--model", m, "--out", aFile.toString()),
                c(3, "nope", "certify", "--strategy", "nope", "--model", m, "--out", out),
                c(2, "--threads", "certify", "--strategy", "cubic", "--threads", "0", "--model", m, "--out", out),
                c(2, "-3", "certify", "--strategy", "cubic", "--threads", "-3", "--model", m, "--out", out),
                c(2, "--threads", "certify", "--strategy", "cubic", "--threads", "many", "--model", m, "--out", out),
                c(2, "no such file", "certify", "--strategy", "cubic", "--model", dir.resolve("nope").toString(), "--out", out),
                c(2, "JSON", "certify", "--strategy", "cubic", "--model", cert.toString(), "--out", out),
                c(2, "empty.csv", "certify", "--strategy", "cubic", "--model", empty.toString(), "--out", out),
                c(2, "afile", "certify", "--strategy", "cubic", "--model", aFile.toString(), "--out", out),
                c(2, "is a directory", "certify", "--strategy", "cubic", "--model", aDir.toString(), "--out", out),
                c(2, "--shard", "certify", "--strategy", "cascade", "--shard", "3/2", "--model", m, "--out", out),
                c(3, "--shard", "certify", "--strategy", "cubic", "--shard", "0/2", "--model", m, "--out", out),
                c(2, "--max-ops", "certify", "--strategy", "cascade", "--max-ops", "-5", "--model", m, "--out", out),
                c(3, "--max-ops", "certify", "--strategy", "cubic", "--max-ops", "1000", "--model", m, "--out", out),
                c(2, "--progress", "certify", "--strategy", "cubic", "--progress=sometimes", "--model", m, "--out", out),
                // train
                c(2, "--seed", "train", "--out", dir.resolve("t.safetensors").toString()),
                c(2, "is a directory", "train", "--seed", "1", "--out", aDir.toString()),
                c(2, "afile", "train", "--seed", "1", "--out", aFile.resolve("m.safetensors").toString()),
                c(2, "--steps", "train", "--seed", "1", "--steps", "0", "--out", dir.resolve("t.safetensors").toString()),
                c(2, "--vocab", "train", "--seed", "1", "--vocab", "1", "--out", dir.resolve("t.safetensors").toString()),
                c(2, "--lr", "train", "--seed", "1", "--lr", "-1", "--out", dir.resolve("t.safetensors").toString()),
                c(2, "--batch", "train", "--seed", "1", "--batch", "0", "--out", dir.resolve("t.safetensors").toString()),
                // sweep
                c(2, "--jobs must be at least 1, got 0", "sweep", "--seeds", "1", "--jobs", "0", "--out", outDir),
                c(2, "--threads", "sweep", "--seeds", "1", "--threads", "-3", "--out", outDir),
                c(2, "is a file", "sweep", "--seeds", "1", "--out", aFile.toString()),
                c(3, "nope", "sweep", "--seeds", "1", "--strategies", "cubic,nope", "--out", outDir),
                c(2, "--seeds", "sweep", "--out", outDir),
                // cascade-curve
                c(2, "--points must be at least 1, got 0", "cascade-curve", "--model", m, "--points", "0", "--out", outDir),
                c(2, "--points must be at least 1, got -1", "cascade-curve", "--model", m, "--points", "-1", "--out", outDir),
                c(2, "--threads", "cascade-curve", "--model", m, "--threads", "0", "--out", outDir),
                c(2, "is a file", "cascade-curve", "--model", m, "--out", aFile.toString()),
                c(2, "no such file", "cascade-curve", "--model", dir.resolve("nope").toString(), "--out", outDir),
                // report
                c(2, "empty", "report", empty.toString(), "--out", outDir),
                c(2, "binary", "report", binary.toString(), "--out", outDir),
                c(2, "UTF-8", "report", latin1.toString(), "--out", outDir),
                c(2, "no rows", "report", headerOnly.toString(), "--out", outDir),
                c(2, "no such file", "report", dir.resolve("nope.csv").toString(), "--out", outDir),
                c(2, "is a directory", "report", aDir.toString(), "--out", outDir),
                c(2, "RESULTS.csv", "report", "--out", outDir),
                // strategies
                c(2, "--bogus", "strategies", "--bogus")));
        if (Files.isDirectory(Path.of("/proc/self")))
            cs.add(c(2, "/proc", "certify", "--strategy", "cubic", "--model", m, "--out", "/proc/x.json"));
        return cs;
    }

    @Test
    void everyCommandRefusesBadInputWithOneLineAndTheDocumentedExitCode() throws IOException {
        List<String> before = listing();
        List<String> failures = new ArrayList<>();
        for (Case k : cases()) {
            Run r = run(k.args());
            String what = String.join(" ", k.args()) + " -> exit " + r.code() + ", stderr: " + r.err() + ", stdout: " + r.out();
            List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
            if (r.code() != k.code()) failures.add("exit code, expected " + k.code() + ": " + what);
            else if (lines.size() != 1) failures.add("not one line: " + what);
            else if (!r.out().isEmpty()) failures.add("stdout not empty: " + what);
            else if (r.err().contains("\tat ") || r.err().matches("(?s).*\\b(java|javax|picocli|compactproofs)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*"))
                failures.add("stack trace or Java class name: " + what);
            else if (!r.err().contains(k.mustMention())) failures.add("does not mention \"" + k.mustMention() + "\": " + what);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(before, listing(), "a refused command created or changed files");
        assertFalse(Files.exists(dir.resolve("new")) || Files.exists(dir.resolve("newdir")));
    }

    private static List<String> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p) + (Files.isRegularFile(p) ? ":" + p.toFile().length() : "")).sorted().toList();
        }
    }

    @Test
    void noArgumentsPrintsTheUsageWithEveryCommandAndExits2() {
        Run r = run();
        assertEquals(2, r.code());
        assertEquals("", r.out());
        for (String cmd : List.of("certify", "cascade-curve", "train", "sweep", "report", "strategies", "help"))
            assertTrue(r.err().contains("\n  " + cmd + " "), cmd + " missing from: " + r.err());
    }

    @Test
    void everyHelpExitsZeroOnStdoutWithAnExampleAndTheExitCodes() {
        Run top = run("--help");
        assertEquals(0, top.code());
        assertTrue(top.out().contains("Exit codes:") && top.out().contains("I/O error") && top.out().contains("Examples:"), top.out());
        for (String cmd : GeneratorMain.commandLine().getSubcommands().keySet()) {
            for (String[] args : List.of(new String[] {cmd, "--help"}, new String[] {"help", cmd})) {
                Run r = run(args);
                assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
                assertTrue(r.out().contains("Example") && r.out().contains("generator " + cmd), String.join(" ", args) + ": " + r.out());
                assertEquals("", r.err());
            }
        }
        Run v = run("certify", "--version");
        assertEquals(0, v.code());
        assertTrue(v.out().contains("compact-proofs generator"), v.out());
    }

    @Test
    void strategiesListsAll104WithGroupAndComplexity() {
        Run r = run("strategies", "--tsv");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("strategy\tgroup\tcomplexity\tdescription", lines.get(0));
        assertEquals(1 + 4 + 100 + 1, lines.size());
        for (Variant v : Variant.all())
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(v.strategy() + "\t" + compactproofs.generator.sweep.Groups.reportGroup(v) + "\t" + compactproofs.generator.sweep.Groups.complexityLabel(v) + "\t")), v.name());
        for (String s : List.of("brute-force", "cubic", "cascade", "separable")) assertTrue(lines.stream().anyMatch(l -> l.startsWith(s + "\t")), s);
        for (String l : lines) assertEquals(4, l.split("\t", -1).length, l);
        Run names = run("strategies", "--names");
        assertEquals(105, names.out().lines().count());
        Run table = run("strategies");
        assertTrue(table.out().contains("low-rank QK&EU") && table.out().contains("almost-quadratic"), table.out());
    }

    @Test
    void aFailedSelfCheckWritesNothingAndAPassedOneWritesTheCertificateAtomically(@TempDir Path out) throws IOException {
        Path file = out.resolve("m.cubic.json");
        Run bad = run("certify", "--strategy", "cubic", "--model", model.toString(), "--out", file.toString(),
                "--progress=none", "--test-inflate-claim", "1");
        assertEquals(1, bad.code(), bad.err());
        assertTrue(bad.err().contains("self-check FAILED, nothing written"), bad.err());
        try (Stream<Path> s = Files.list(out)) { assertEquals(0, s.count(), "files left behind"); }

        Run ok = run("certify", "--strategy", "cubic", "--model", model.toString(), "--out", file.toString(), "--progress=none");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(Files.size(file) > 0);
        try (Stream<Path> s = Files.list(out)) { assertEquals(List.of(file), s.toList(), "temporary files left behind"); }
        // the certificate is verified by the checker as written
        assertEquals(0, run("certify", "--strategy", "cubic", "--model", model.toString(), "--out", file.toString(), "--progress=lines").code());
    }

    @Test
    void progressLinesWithoutATerminalEndWithAFinalLine() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), "step", ProgressBar.Mode.LINES).start()) {
            for (int i = 1; i <= 999; i++) bar.update(i, 1000, "");
        }
        String s = buf.toString(StandardCharsets.UTF_8);
        assertFalse(s.contains("\r"), s);
        assertTrue(s.strip().lines().count() <= 2 && s.contains("step:") && s.contains("(999/1000)"), s);
        ByteArrayOutputStream none = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(none, true, StandardCharsets.UTF_8), "step", ProgressBar.Mode.NONE).start()) {
            bar.update(1, 2, "");
        }
        assertEquals(0, none.size());
    }
}
