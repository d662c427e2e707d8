package compactproofs.checker.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.Checker;
import compactproofs.checker.ExitCode;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.cascade.Combine;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
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
 * exit 0. Never prints a stack trace. The help texts are the resources {@code usage.txt},
 * {@code verify.txt} and {@code combine.txt} next to this class.
 */
public final class CheckerMain {
    static final String VERSION = "compact-proofs checker 0.1.0";
    /** The largest {@code --threads} value accepted. */
    static final int MAX_THREADS = 4096;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /** An argument error: one line on stderr, exit 2. */
    private static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;
        UsageError(String message) { super(message, null, false, false); }
    }

    /** A parsed command line: {@code help} set for help or version output. */
    private record Invocation(String cmd, boolean json, ProgressPrinter progress, VerifyOptions options, List<String> files, String help) {}

    /** What is known when a verification stops early, for the verdict line. */
    private static final class Known {
        LoadedModel model;
        CheckFailure modelFailure;
        String strategy;
        BigInteger claimed;
    }

    private CheckerMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (testable without exiting the JVM). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        Invocation inv;
        try {
            inv = parse(args, err);
            if (inv.help() != null) {
                out.print(inv.help().equals("version") ? VERSION + "\n" : help(inv.help()));
                return 0;
            }
        } catch (UsageError u) {
            err.println("checker: " + u.getMessage() + " (try --help)");
            return ExitCode.MALFORMED.value;
        } catch (IOException e) {
            err.println("checker: cannot read the help text: " + e.getMessage());
            return ExitCode.REJECTED.value;
        }
        Known known = new Known();
        List<String> certs = inv.files().subList(1, inv.files().size());
        if (inv.cmd().equals("combine")) return check(inv, known, certs, out, start);
        int worst = 0;
        for (String c : certs) worst = Math.max(worst, check(inv, known, List.of(c), out, System.nanoTime()));
        return worst;
    }

    /** Verifies one certificate (or combines shards) and prints its verdict; returns its exit code. */
    private static int check(Invocation inv, Known known, List<String> certs, PrintStream out, long start) {
        ExitCode code;
        String reason;
        known.strategy = null;
        known.claimed = null;
        try {
            Verdict v = verify(inv, known, certs);
            if (inv.progress() != null) inv.progress().finish();
            out.println(inv.json() ? toJson(v, inv, true) : toLine(v));
            return v.code().value;
        } catch (CheckFailure f) {
            code = f.code();
            reason = f.getMessage();
        } catch (OutOfMemoryError e) {
            code = ExitCode.RESOURCE_LIMIT;
            reason = "out of memory (raise -Xmx)";
        } catch (StackOverflowError e) {
            code = ExitCode.RESOURCE_LIMIT;
            reason = "stack overflow (raise -Xss)";
        } catch (Throwable e) {
            // a checker bug (in any thread) must never turn into an acceptance: SPEC §4, exit 1
            code = ExitCode.REJECTED;
            reason = "internal error: " + e;
        }
        if (inv.progress() != null) inv.progress().finish();
        LoadedModel m = known.model;
        if (inv.json()) {
            Verdict v = new Verdict(code, reason, m == null ? null : m.sha256(), m == null ? 0 : m.weights().vocab,
                    m == null ? 0 : m.weights().nCtx, known.strategy, known.claimed, null,
                    m == null ? null : BigInteger.valueOf(m.weights().vocab).pow(m.weights().nCtx), false, null, null, null,
                    (System.nanoTime() - start) / 1e9);
            out.println(toJson(v, inv, m != null));
        } else {
            out.println(code.name() + ": " + reason);
        }
        return code.value;
    }

    private static Invocation parse(String[] args, PrintStream err) throws UsageError {
        String cmd = args.length == 0 ? "" : args[0];
        if (cmd.equals("-h") || cmd.equals("--help") || cmd.equals("help") && args.length == 1) return helpOnly("usage");
        if (cmd.equals("-V") || cmd.equals("--version")) return helpOnly("version");
        if (cmd.equals("help") && args.length == 2 && List.of("verify", "combine").contains(args[1])) return helpOnly(args[1]);
        if (cmd.isEmpty()) throw new UsageError("missing command: verify or combine");
        if (cmd.equals("help")) throw new UsageError("help takes one of verify, combine");
        if (cmd.startsWith("-")) throw new UsageError("unknown option " + clip(cmd));
        boolean combine = cmd.equals("combine");
        if (!combine && !cmd.equals("verify")) throw new UsageError("unknown command \"" + clip(cmd) + "\"; commands: verify, combine");
        VerifyOptions opt = VerifyOptions.defaults();
        boolean json = false, progress = false, positionalOnly = false;
        List<String> files = new ArrayList<>();
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
                case "-h": case "--help": return helpOnly(cmd);
                case "-V": case "--version": return helpOnly("version");
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
                    int idx = Integer.parseInt(p[0]), cnt = Integer.parseInt(p[1]); // at most 7 digits: exact
                    if (idx >= cnt) throw new UsageError("--shard needs I < N, not " + value);
                    opt = opt.withShard(idx, cnt);
                }
            }
        }
        if (files.size() < 2) throw new UsageError(combine ? "combine needs MODEL.safetensors and at least one SHARD.json"
                : "verify needs MODEL.safetensors and CERTIFICATE.json");
        ProgressPrinter bar = progress ? new ProgressPrinter(err) : null;
        if (bar != null) opt = new VerifyOptions(opt.threads(), opt.maxInputs(), bar, opt.shard());
        return new Invocation(cmd, json, bar, opt, files, null);
    }

    private static Invocation helpOnly(String topic) {
        return new Invocation("", false, null, null, List.of(), topic);
    }

    /**
     * Reads the weights (once: a later certificate reuses them, or their failure) and the certificates,
     * recording what is known for an early verdict, and verifies or combines.
     */
    private static Verdict verify(Invocation inv, Known known, List<String> files) throws CheckFailure {
        if (known.modelFailure != null) throw known.modelFailure;
        if (known.model == null) {
            try {
                sniff(Path.of(inv.files().get(0)), true);
                known.model = SafetensorsReader.read(Path.of(inv.files().get(0)));
            } catch (CheckFailure f) {
                known.modelFailure = f;
                throw f;
            }
        }
        List<Certificate> certs = new ArrayList<>();
        for (String c : files) {
            sniff(Path.of(c), false);
            certs.add(Certificate.read(Path.of(c)));
            known.strategy = certs.get(0).strategy;
            known.claimed = inv.cmd().equals("combine") ? null : certs.get(0).correctCount;
        }
        LoadedModel m = known.model;
        return inv.cmd().equals("combine") ? Combine.verify(m.weights(), m.sha256(), certs, inv.options())
                : Checker.verify(m.weights(), m.sha256(), certs.get(0), inv.options());
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
        String swapped = " file; did you swap the arguments? (verify MODEL.safetensors CERTIFICATE.json)";
        if (model && text) throw CheckFailure.malformed(p + " looks like a JSON certificate, not a safetensors weights" + swapped);
        if (!model && !text && n == 9 && b[8] == '{') throw CheckFailure.malformed(p + " looks like a safetensors weights file, not a JSON certificate" + swapped.substring(5));
    }

    /** The one-line verdict. */
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
        return s.append(String.format(" | %.2f s", v.seconds())).toString();
    }

    /**
     * The JSON verdict: always the same keys in the same order (SPEC.md §4,
     * certificate-schema/verdict.schema.json), null where unknown ({@code vocab} and {@code n_ctx} when
     * the weights were not read).
     */
    private static String toJson(Verdict v, Invocation inv, boolean modelRead) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("verified", v.verified());
        o.put("exit_code", v.code().value);
        o.put("status", v.code().name());
        o.put("reason", v.reason());
        o.put("model_sha256", v.modelSha256());
        o.put("vocab", modelRead ? v.vocab() : null);
        o.put("n_ctx", modelRead ? v.nCtx() : null);
        o.put("strategy", v.strategy());
        o.put("shards", inv.cmd().equals("combine") ? inv.files().size() - 1 : null);
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

    /** The help text resource {@code name.txt}. */
    private static String help(String name) throws IOException {
        try (InputStream in = CheckerMain.class.getResourceAsStream(name + ".txt")) {
            if (in == null) throw new IOException("missing resource " + name + ".txt");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static BigInteger positive(String flag, String s) throws UsageError {
        if (!s.matches("[1-9][0-9]{0,30}")) throw new UsageError(flag + " needs a positive integer, not \"" + clip(s) + "\"");
        return new BigInteger(s);
    }
}
