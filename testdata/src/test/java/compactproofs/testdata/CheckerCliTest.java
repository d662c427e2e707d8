package compactproofs.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import compactproofs.testdata.testing.CorpusIndex;
import compactproofs.testdata.testing.Outcome;
import compactproofs.testdata.testing.CheckerRun;
import compactproofs.testdata.testing.VerdictSchema;

/**
 * The checker's command line with bad arguments and bad files: a usage error is exactly one line on
 * stderr, nothing on stdout, exit 2; a bad file is exactly one verdict line on stdout with its documented
 * exit code; help and version go to stdout with exit 0; never a stack trace or a Java class name.
 */
class CheckerCliTest {
    static final String M = CorpusIndex.ROOT.resolve("models/tiny-v8-n3.safetensors").toString();
    static final String C = CorpusIndex.ROOT.resolve("certificates/valid/tiny-v8-n3.brute-force.json").toString();
    static final String DIR = CorpusIndex.ROOT.resolve("certificates").toString();
    static final String NOPE = CorpusIndex.ROOT.resolve("no-such-file.json").toString();

    enum Kind { USAGE, VERDICT, HELP }

    record Case(Kind kind, int exit, String expect, String... args) {
        @Override public String toString() { return kind + " " + exit + ": " + String.join(" ", args).replace(CorpusIndex.ROOT + "/", ""); }
    }

    static Case usage(String expect, String... args) { return new Case(Kind.USAGE, 2, expect, args); }
    static Case verdict(int exit, String expect, String... args) { return new Case(Kind.VERDICT, exit, expect, args); }
    static Case help(String expect, String... args) { return new Case(Kind.HELP, 0, expect, args); }

    static List<Case> cases() {
        List<Case> l = new ArrayList<>(List.of(
            // help and version, on the top level and on every command
            help("Usage: java -jar checker.jar [-hV] COMMAND", "-h"),
            help("Usage: java -jar checker.jar [-hV] COMMAND", "--help"), help("Usage: java -jar checker.jar [-hV] COMMAND", "help"),
            help("compact-proofs checker", "--version"), help("compact-proofs checker", "-V"),
            help("Usage: java -jar checker.jar verify", "verify", "--help"), help("Usage: java -jar checker.jar verify", "verify", M, "-h"),
            help("Usage: java -jar checker.jar verify", "help", "verify"), help("compact-proofs checker", "verify", "-V"),
            help("Usage: java -jar checker.jar combine", "combine", "--help"), help("Usage: java -jar checker.jar combine", "help", "combine"),
            help("compact-proofs checker", "combine", "--version"),
            // usage errors: no arguments, unknown commands and options, missing and bad values, extra arguments
            usage("missing command"), usage("unknown command \"bogus\"", "bogus"), usage("unknown command", "Verify", M, C),
            usage("help takes one of verify, combine", "help", "bogus"), usage("unknown option --json", "--json", "verify", M, C),
            usage("unknown option --frob", "verify", M, C, "--frob"), usage("unknown option -x", "verify", M, C, "-x"),
            usage("unknown option --frob", "verify", M, C, "--frob=1"), usage("unknown option --shard", "combine", M, C, "--shard", "0/1"),
            usage("verify needs MODEL.safetensors and CERTIFICATE.json", "verify"),
            usage("verify needs MODEL.safetensors and CERTIFICATE.json", "verify", M),
            usage("combine needs MODEL.safetensors and at least one SHARD.json", "combine", M),
            usage("option --json takes no value", "verify", M, C, "--json=yes"),
            usage("option --progress takes no value", "verify", M, C, "--progress=1"),
            usage("option --help takes no value", "verify", "--help=1"),
            usage("option --version takes no value", "verify", "--version=x")));
        for (String opt : List.of("--threads", "--max-inputs", "--shard")) {
            l.add(usage("option " + opt + " needs a value", "verify", M, C, opt));
            l.add(usage(opt + " needs", "verify", M, C, opt + "="));
            l.add(usage(opt + " needs", "verify", M, C, opt, "x"));
            l.add(usage(opt + " needs", "verify", M, C, opt + "=-3"));
        }
        for (String bad : List.of("0", "-3", "1.5", "2e3", "+2", "00", "99999999999999999999999999999999999"))
            for (String opt : List.of("--threads", "--max-inputs")) {
                l.add(usage(opt + " needs a positive integer", "verify", M, C, opt + "=" + bad));
                l.add(usage(opt + " needs a positive integer", "verify", M, C, opt, bad));
            }
        l.addAll(List.of(
            usage("--threads must be at most 4096", "verify", M, C, "--threads=4097"),
            usage("--shard needs I < N", "verify", M, C, "--shard=2/2"), usage("--shard needs I/N", "verify", M, C, "--shard", "1/0"),
            usage("--shard needs I/N", "verify", M, C, "--shard=a/b"), usage("--shard needs I/N", "verify", M, C, "--shard", "-1/2"),
            usage("--threads needs a positive integer", "combine", M, C, "--threads=0"),
            // both forms work; the last value of an option wins
            verdict(0, "VERIFIED", "verify", M, C, "--threads=2", "--max-inputs=512"),
            verdict(0, "VERIFIED", "verify", M, C, "--threads", "2", "--max-inputs", "512", "--progress"),
            verdict(0, "VERIFIED", "verify", "--threads=1", M, "--", C),
            verdict(4, "brute force over 512 inputs exceeds the limit of 511", "verify", M, C, "--max-inputs=511"),
            verdict(2, "--shard applies only to cascade certificates", "verify", M, C, "--shard=0/2"),
            // bad files: missing, directories, swapped, the same kind twice
            verdict(2, "cannot read weights file " + NOPE + ": no such file", "verify", NOPE, C),
            verdict(2, "cannot read certificate " + NOPE + ": no such file", "verify", M, NOPE),
            verdict(2, "cannot read weights file " + DIR + ": is a directory", "verify", DIR, C),
            verdict(2, "cannot read certificate " + DIR + ": is a directory", "verify", M, DIR),
            verdict(2, "looks like a JSON certificate, not a safetensors weights file; did you swap the arguments?", "verify", C, M),
            verdict(2, "looks like a JSON certificate, not a safetensors weights file; did you swap the arguments?", "verify", C, C),
            verdict(2, "looks like a safetensors weights file, not a JSON certificate; did you swap the arguments?", "verify", M, M),
            verdict(2, "looks like a JSON certificate", "combine", C, M),
            verdict(2, "looks like a safetensors weights file", "combine", M, M),
            verdict(2, "cannot read certificate " + NOPE + ": no such file", "combine", M, NOPE),
            verdict(3, "combine takes cascade shard certificates, not \"brute-force\"", "combine", M, C)));
        return l;
    }

    @TestFactory
    Stream<DynamicTest> badArgumentsAndFiles() {
        return cases().stream().flatMap(c -> Stream.of(false, true).map(json -> DynamicTest.dynamicTest(c + (json ? " --json" : ""), () -> {
            List<String> args = new ArrayList<>(List.of(c.args()));
            // --json changes only how a verdict is printed, never a usage error or help
            boolean insertable = !args.isEmpty() && !args.get(0).startsWith("-") && !args.get(0).equals("help") && !args.contains("--");
            if (json && !insertable) return;
            if (json) args.add(1, "--json");
            Outcome o = CheckerRun.run(args.toArray(String[]::new));
            String where = args + ": exit " + o.exit() + ", stdout=" + Outcome.clip(o.stdout()) + ", stderr=" + Outcome.clip(o.stderr());
            assertEquals(c.exit(), o.exit(), "exit code: " + where);
            for (String bad : List.of("Exception", "Error:", "\tat ", "java.", "NoSuchFile"))
                assertFalse(o.stdout().contains(bad) || o.stderr().contains(bad), "no \"" + bad + "\": " + where);
            switch (c.kind()) {
                case USAGE:
                    assertEquals("", o.stdout(), "nothing on stdout: " + where);
                    assertEquals(1, o.stderr().strip().split("\n").length, "one line on stderr: " + where);
                    assertTrue(o.stderr().startsWith("checker: ") && o.stderr().strip().endsWith("(try --help)"), where);
                    assertTrue(o.stderr().contains(c.expect()), "\"" + c.expect() + "\" expected: " + where);
                    break;
                case VERDICT:
                    assertEquals(1, o.stdout().strip().split("\n").length, "one verdict line: " + where);
                    assertTrue(o.stdout().contains(json ? c.expect().replace("\"", "\\\"") : c.expect()), "\"" + c.expect() + "\" expected: " + where);
                    if (!args.contains("--progress")) assertEquals("", o.stderr(), "nothing on stderr: " + where);
                    if (json) VerdictSchema.assertValid(where, o.stdout(), VerdictSchema.verdictSchema(), VerdictSchema.keys());
                    break;
                default:
                    assertEquals("", o.stderr(), where);
                    assertTrue(o.stdout().startsWith(c.expect()), "\"" + c.expect() + "\" expected: " + where);
                    if (o.stdout().startsWith("Usage")) {
                        assertTrue(o.stdout().contains("Example:\n  java -jar checker.jar"), "an example in every help: " + where);
                        assertTrue(o.stdout().contains("Exit codes:"), where);
                    }
            }
        })));
    }

    /** verify MODEL CERT...: one verdict per certificate, in order, and the largest exit code. */
    @org.junit.jupiter.api.Test
    void batchVerifyPrintsOneVerdictPerCertificateAndTheWorstExitCode() throws Exception {
        String dir = CorpusIndex.ROOT.resolve("certificates").toString();
        String cubic = dir + "/valid/tiny-v8-n3.cubic.json", missing = dir + "/no-such-file.json";
        Outcome all = CheckerRun.run("verify", M, C, cubic, C);
        assertEquals(0, all.exit(), all.toString());
        List<String> lines = all.stdout().strip().lines().toList();
        assertEquals(3, lines.size(), all.toString());
        assertTrue(lines.get(0).startsWith("VERIFIED brute-force") && lines.get(1).startsWith("VERIFIED cubic"), all.toString());
        assertEquals(lines.get(0).replaceAll("[0-9.]+ s$", ""), lines.get(2).replaceAll("[0-9.]+ s$", ""), "the same certificate, the same verdict");
        Outcome mixed = CheckerRun.run("verify", "--json", M, missing, C);
        assertEquals(2, mixed.exit(), "the worst exit code: " + mixed);
        lines = mixed.stdout().strip().lines().toList();
        assertEquals(2, lines.size(), mixed.toString());
        assertTrue(lines.get(0).contains("\"status\":\"MALFORMED\"") && lines.get(1).contains("\"status\":\"VERIFIED\""), mixed.toString());
        com.networknt.schema.JsonSchema schema = VerdictSchema.verdictSchema();
        for (String line : lines) VerdictSchema.assertValid("batch", line, schema, VerdictSchema.keys());
        Outcome badModel = CheckerRun.run("verify", C, C, cubic);
        assertEquals(2, badModel.exit(), badModel.toString());
        assertEquals(2, badModel.stdout().strip().lines().count(), "a weights failure is each certificate's verdict: " + badModel);
    }

    @org.junit.jupiter.api.Test
    void progressShowsDoneOfTotalAndTimeLeft() {
        Outcome o = CheckerRun.run("verify", M, C, "--progress", "--threads=1");
        assertEquals(0, o.exit(), o.toString());
        String last = o.stderr().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.matches("verifying \\[#{20}\\] 8/8 work units, [0-9.]+/s, 0 s left"), "progress line: " + o.stderr());
    }

    @org.junit.jupiter.api.BeforeAll
    static void schema() throws IOException {
        VerdictSchema.verdictSchema();
        assertTrue(Files.isDirectory(Path.of(DIR)));
    }
}
