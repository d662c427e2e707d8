package compactproofs.checker.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Command line of the checker jar (GNU long options, {@code --opt value} or {@code --opt=value}).
 * A verdict is exactly one line (or one JSON object, SPEC.md §4) on stdout with the exit code of
 * {@link ExitCode}; a usage error is one line on stderr with exit 2; help and version go to stdout with
 * exit 0. Never prints a stack trace.
 */
public final class CheckerMain {
    static final String VERSION = "compact-proofs checker 0.1.0";
    static final String EXIT_CODES = "Exit codes: 0 verified, 1 rejected, 2 malformed input or usage error, 3 unsupported, 4 resource limit.";
    static final String OPTIONS = String.join("\n",
            "  --json              print the verdict as one JSON object (keys: SPEC.md section 4)",
            "  --threads N         worker threads (default: number of processors)",
            "  --max-inputs N      refuse enumerating more than N inputs (default: 17179869184 = 2^34)",
            "  --progress          show progress on stderr: a bar on a terminal, else a line every 5 s");
    static final String HELP_OPTIONS = String.join("\n",
            "  -h, --help          show this help and exit",
            "  -V, --version       print the version and exit");
    static final String USAGE = String.join("\n",
            "Usage: java -jar checker.jar [-hV] COMMAND [ARGS...]",
            "",
            "Re-verifies an accuracy certificate for a one-layer attention-only Max-of-K transformer",
            "with exact rational and outward-rounded interval arithmetic, trusting nothing the",
            "generator computed. See SPEC.md for the statement a certificate proves.",
            "",
            "Commands:",
            "  verify MODEL.safetensors CERTIFICATE.json   verify one certificate",
            "  combine MODEL.safetensors SHARD.json...     verify the shards of a sharded cascade proof, add their counts",
            "  help [COMMAND]                              show this help, or a command's",
            "",
            "Options:",
            HELP_OPTIONS,
            "",
            "Example:",
            "  java -jar checker.jar verify m.safetensors m.cubic.json --json",
            "",
            EXIT_CODES);
    static final String VERIFY_USAGE = String.join("\n",
            "Usage: java -jar checker.jar verify [OPTIONS] MODEL.safetensors CERTIFICATE.json",
            "",
            "Verifies that CERTIFICATE.json proves its accuracy claim for the weights in MODEL.safetensors.",
            "",
            "Options:",
            OPTIONS,
            "  --shard I/N         require a sharded (cascade) certificate to be shard I of N (default: any)",
            HELP_OPTIONS,
            "",
            "Example:",
            "  java -jar checker.jar verify m.safetensors m.cubic.json --threads=4 --json",
            "",
            EXIT_CODES);
    static final String COMBINE_USAGE = String.join("\n",
            "Usage: java -jar checker.jar combine [OPTIONS] MODEL.safetensors SHARD.json...",
            "",
            "Re-verifies all N shard certificates of a sharded cascade proof (shards 0..N-1, each once)",
            "and proves the sum of their counts for the whole input space (SPEC.md, Lemma M).",
            "",
            "Options:",
            OPTIONS,
            HELP_OPTIONS,
            "",
            "Example:",
            "  java -jar checker.jar combine m.safetensors shard-0.json shard-1.json --json",
            "",
            EXIT_CODES);

    /** The largest {@code --threads} value accepted. */
    static final int MAX_THREADS = 4096;

    /** An argument error: one line on stderr, exit 2. */
    static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;
        UsageError(String message) { super(message, null, false, false); }
    }

    private CheckerMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (testable without exiting the JVM). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        boolean json = false;
        LoadedModel m = null;
        String strategy = null;
        BigInteger claimed = null;
        List<String> files = new ArrayList<>();
        ProgressPrinter bar = null;
        try {
            String cmd = args.length == 0 ? "" : args[0];
            if (cmd.equals("-h") || cmd.equals("--help") || cmd.equals("help") && args.length == 1) { out.println(USAGE); return 0; }
            if (cmd.equals("-V") || cmd.equals("--version")) { out.println(VERSION); return 0; }
            if (cmd.equals("help") && args.length == 2 && (args[1].equals("verify") || args[1].equals("combine"))) {
                out.println(args[1].equals("verify") ? VERIFY_USAGE : COMBINE_USAGE);
                return 0;
            }
            if (cmd.isEmpty()) throw new UsageError("missing command: verify or combine");
            if (cmd.equals("help")) throw new UsageError("help takes one of verify, combine");
            if (cmd.startsWith("-")) throw new UsageError("unknown option " + clip(cmd));
            boolean combine = cmd.equals("combine");
            if (!combine && !cmd.equals("verify")) throw new UsageError("unknown command \"" + clip(cmd) + "\"; commands: verify, combine");
            VerifyOptions opt = VerifyOptions.defaults();
            boolean progress = false, positionalOnly = false;
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (positionalOnly || !a.startsWith("-") || a.equals("-")) { files.add(a); continue; }
                if (a.equals("--")) { positionalOnly = true; continue; }
                int eq = a.startsWith("--") ? a.indexOf('=') : -1;
                String name = eq < 0 ? a : a.substring(0, eq), value = eq < 0 ? null : a.substring(eq + 1);
                boolean flag = List.of("--json", "--progress", "-h", "--help", "-V", "--version").contains(name);
                boolean takesValue = List.of("--threads", "--max-inputs").contains(name) || name.equals("--shard") && !combine;
                if (!flag && !takesValue) throw new UsageError("unknown option " + clip(name) + " for " + cmd);
                if (flag && value != null) throw new UsageError("option " + name + " takes no value");
                if (takesValue && value == null) {
                    if (++i >= args.length) throw new UsageError("option " + name + " needs a value");
                    value = args[i];
                }
                switch (name) {
                    case "-h": case "--help": out.println(combine ? COMBINE_USAGE : VERIFY_USAGE); return 0;
                    case "-V": case "--version": out.println(VERSION); return 0;
                    case "--json": json = true; break;
                    case "--progress": progress = true; break;
                    case "--threads": {
                        BigInteger t = positive(name, value);
                        if (t.compareTo(BigInteger.valueOf(MAX_THREADS)) > 0) throw new UsageError("--threads must be at most " + MAX_THREADS + ", not " + t);
                        opt = new VerifyOptions(t.intValue(), opt.maxInputs(), null, opt.shard()); // at most MAX_THREADS: exact
                        break;
                    }
                    case "--max-inputs": opt = new VerifyOptions(opt.threads(), positive(name, value), null, opt.shard()); break;
                    default: { // --shard
                        if (!value.matches("[0-9]{1,7}/[1-9][0-9]{0,6}")) throw new UsageError("--shard needs I/N, e.g. 0/8, not \"" + clip(value) + "\"");
                        String[] p = value.split("/");
                        int idx = Integer.parseInt(p[0]), cnt = Integer.parseInt(p[1]);
                        if (idx >= cnt) throw new UsageError("--shard needs I < N, not " + value);
                        opt = opt.withShard(idx, cnt);
                    }
                }
            }
            if (files.size() < 2) throw new UsageError(combine ? "combine needs MODEL.safetensors and at least one SHARD.json"
                    : "verify needs MODEL.safetensors and CERTIFICATE.json");
            if (!combine && files.size() > 2) throw new UsageError("unexpected argument " + clip(files.get(2)));
            if (progress) {
                bar = new ProgressPrinter(err, stderrIsTerminal());
                opt = new VerifyOptions(opt.threads(), opt.maxInputs(), bar, opt.shard());
            }
            sniff(Path.of(files.get(0)), true);
            m = SafetensorsReader.read(Path.of(files.get(0)));
            List<Certificate> cs = new ArrayList<>();
            for (String c : files.subList(1, files.size())) {
                sniff(Path.of(c), false);
                cs.add(Certificate.read(Path.of(c)));
                strategy = cs.get(0).strategy;
                claimed = combine ? null : cs.get(0).correctCount;
            }
            Verdict v = combine ? compactproofs.checker.cascade.Combine.verify(m.weights(), m.sha256(), cs, opt)
                    : Checker.verify(m.weights(), m.sha256(), cs.get(0), opt);
            if (bar != null) bar.finish();
            out.println(json ? toJson(v, combine ? files.size() - 1 : null) : toLine(v));
            return v.code().value;
        } catch (UsageError u) {
            err.println("checker: " + u.getMessage() + " (try --help)");
            return ExitCode.MALFORMED.value;
        } catch (CheckFailure f) {
            return fail(out, json, f.code(), f.getMessage(), m, strategy, claimed, args, files, start, bar);
        } catch (OutOfMemoryError e) {
            return fail(out, json, ExitCode.RESOURCE_LIMIT, "out of memory (raise -Xmx)", m, strategy, claimed, args, files, start, bar);
        } catch (StackOverflowError e) {
            return fail(out, json, ExitCode.RESOURCE_LIMIT, "stack overflow (raise -Xss)", m, strategy, claimed, args, files, start, bar);
        } catch (Throwable e) {
            // a checker bug (in any thread) must never turn into an acceptance: SPEC §4, exit 1
            return fail(out, json, ExitCode.REJECTED, "internal error: " + e, m, strategy, claimed, args, files, start, bar);
        }
    }

    /**
     * Refuses an unreadable file, or a file of the other kind (swapped arguments), before its reader
     * sees it: a weights file starts with its 8-byte little-endian header length and then {@code '{'};
     * 8 bytes of printable text starting with {@code '{'} would be a length over 2^61, so that is JSON.
     */
    static void sniff(Path p, boolean model) throws CheckFailure {
        byte[] b = new byte[9];
        int n;
        try (InputStream in = Files.newInputStream(p)) {
            n = in.readNBytes(b, 0, 9);
        } catch (IOException e) {
            throw CheckFailure.malformed("cannot read " + (model ? "weights file " : "certificate ") + p + ": " + CheckFailure.reason(e));
        }
        String s = new String(b, 0, Math.min(n, 8), StandardCharsets.ISO_8859_1);
        boolean text = s.strip().startsWith("{") && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t');
        if (model && text) throw CheckFailure.malformed(p + " looks like a JSON certificate, not a safetensors weights file; did you swap the arguments? (verify MODEL.safetensors CERTIFICATE.json)");
        if (!model && !text && n == 9 && b[8] == '{') throw CheckFailure.malformed(p + " looks like a safetensors weights file, not a JSON certificate; did you swap the arguments? (verify MODEL.safetensors CERTIFICATE.json)");
    }

    /** Whether stderr is a terminal (Linux: fd 2 is a tty device; elsewhere: the JVM has a console). */
    static boolean stderrIsTerminal() {
        try {
            String t = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return System.console() != null;
        }
    }

    /** Progress on stderr: a bar with rate and time left redrawn on a terminal, otherwise a line every 5 s. */
    static final class ProgressPrinter implements VerifyOptions.Progress {
        private final PrintStream err;
        private final boolean terminal;
        private final long start = System.nanoTime();
        private long last = start;
        private boolean open;

        ProgressPrinter(PrintStream err, boolean terminal) { this.err = err; this.terminal = terminal; }

        @Override
        public synchronized void done(int done, int total) {
            long now = System.nanoTime();
            if (done < total && now - last < (terminal ? 200_000_000L : 5_000_000_000L)) return;
            last = now;
            double s = (now - start) / 1e9, rate = done / Math.max(s, 1e-9);
            int bar = total <= 0 ? 20 : (int) (20L * done / total);
            String line = String.format("verifying [%s%s] %d/%d work units, %.1f/s, %s left", "#".repeat(bar), ".".repeat(20 - bar),
                    done, total, rate, done == 0 ? "?" : String.format("%.0f s", (total - done) / rate));
            err.print(terminal ? "\r" + line + "\u001b[K" : line + "\n"); // [K: erase the rest of a longer previous line
            open = terminal;
            err.flush();
        }

        synchronized void finish() {
            if (open) err.println();
            open = false;
        }
    }

    private static int fail(PrintStream out, boolean json, ExitCode code, String reason, LoadedModel m, String strategy,
                            BigInteger claimed, String[] args, List<String> files, long start, ProgressPrinter bar) {
        if (bar != null) bar.finish();
        if (json) {
            BigInteger total = m == null ? null : BigInteger.valueOf(m.weights().vocab).pow(m.weights().nCtx);
            Verdict v = new Verdict(code, reason, m == null ? null : m.sha256(), m == null ? 0 : m.weights().vocab, m == null ? 0 : m.weights().nCtx,
                    strategy, claimed, null, total, false, null, null, null, (System.nanoTime() - start) / 1e9);
            out.println(toJson(v, m, args[0].equals("combine") ? Integer.valueOf(files.size() - 1) : null));
        } else {
            out.println(code.name() + ": " + reason);
        }
        return code.value;
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    static String toLine(Verdict v) {
        StringBuilder s = new StringBuilder();
        s.append(v.code().name()).append(' ').append(v.strategy()).append(": ");
        if (v.verified()) {
            BigFraction acc = BigFraction.of(v.proved(), v.total());
            s.append(v.proved()).append(" of ").append(v.total()).append(" inputs proved correct")
             .append(v.exact() ? " (exact)" : "").append(v.proved().equals(v.correctCount()) ? "" : " (claimed " + v.correctCount() + ")")
             .append(", accuracy >= ").append(acc.getNumerator()).append('/').append(acc.getDenominator())
             .append(" = ").append(decimalDown(v.proved(), v.total()));
        } else {
            s.append(v.reason());
        }
        s.append(" | model sha256 ").append(v.modelSha256()).append(", V=").append(v.vocab()).append(" n=").append(v.nCtx());
        if (v.verified()) s.append(" | proof length ").append(v.proofOps()).append(" ops");
        s.append(String.format(" | %.2f s", v.seconds()));
        return s.toString();
    }

    static String toJson(Verdict v, Integer shards) {
        return toJson(v, v, shards);
    }

    /**
     * The JSON verdict: always the same keys in the same order (SPEC.md §4,
     * certificate-schema/verdict.schema.json), null where unknown. {@code model} is null when the
     * weights were not read.
     */
    private static String toJson(Verdict v, Object model, Integer shards) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("verified", v.verified());
        o.put("exit_code", v.code().value);
        o.put("status", v.code().name());
        o.put("reason", v.reason());
        o.put("model_sha256", v.modelSha256());
        o.put("vocab", model == null ? null : v.vocab());
        o.put("n_ctx", model == null ? null : v.nCtx());
        o.put("strategy", v.strategy());
        o.put("shards", shards);
        o.put("claimed_count", str(v.correctCount()));
        o.put("proved_count", str(v.proved()));
        o.put("total", str(v.total()));
        BigFraction acc = v.proved() == null ? null : BigFraction.of(v.proved(), v.total());
        o.put("accuracy", acc == null ? null : acc.getNumerator() + "/" + acc.getDenominator());
        o.put("accuracy_decimal", acc == null ? null : decimalDown(v.proved(), v.total()).toPlainString());
        o.put("exact", v.exact());
        o.put("proof_ops", str(v.proofOps()));
        o.put("effective_dimension", str(v.effectiveDimension()));
        o.put("detail", v.detail());
        o.put("seconds", Math.round(v.seconds() * 1000) / 1000.0);
        return GSON.toJson(o);
    }

    private static String str(BigInteger x) {
        return x == null ? null : x.toString();
    }

    /** {@code p/q} rounded down to 10 decimal places. */
    static BigDecimal decimalDown(BigInteger p, BigInteger q) {
        return new BigDecimal(p).divide(new BigDecimal(q), 10, RoundingMode.DOWN);
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static BigInteger positive(String flag, String s) throws UsageError {
        if (!s.matches("[1-9][0-9]{0,30}")) throw new UsageError(flag + " needs a positive integer, not \"" + clip(s) + "\"");
        return new BigInteger(s);
    }
}
