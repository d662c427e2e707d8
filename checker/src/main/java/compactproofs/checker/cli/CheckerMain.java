package compactproofs.checker.cli;

import com.google.gson.stream.JsonWriter;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.Checker;
import compactproofs.checker.ExitCode;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.cascade.Combine;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.format.StrictJson;
import compactproofs.checker.model.PathMatrices;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

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

    /** An argument error (one line on stderr, exit 2), or a request for the help text {@code topic}. */
    private static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;
        final String topic;
        UsageError(String message, String topic) { super(message, null, false, false); this.topic = topic; }
        UsageError(String message) { this(message, null); }
        static UsageError help(String topic) { return new UsageError(topic, topic); }
    }

    private final boolean combine, json;
    private final ProgressPrinter progress;
    private final VerifyOptions options;
    private final List<String> files;
    /** The weights (read once for every certificate of the run), or why they could not be read. */
    private LoadedModel model;
    private CheckFailure modelFailure;
    /** The model's path matrices, computed once for every certificate of the run. */
    private Supplier<PathMatrices> pathMatrices;
    /** What the current certificate says, for a verdict when verification stops early. */
    private String strategy;
    private BigInteger claimed;

    private CheckerMain(boolean combine, boolean json, ProgressPrinter progress, VerifyOptions options, List<String> files) {
        this.combine = combine; this.json = json; this.progress = progress; this.options = options; this.files = files;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (testable without exiting the JVM). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CheckerMain cli;
        try {
            cli = parse(args, err);
        } catch (UsageError u) {
            if (u.topic == null) {
                err.println("checker: " + u.getMessage() + " (try --help)");
                return ExitCode.MALFORMED.value;
            }
            try (InputStream in = CheckerMain.class.getResourceAsStream(u.topic + ".txt")) {
                out.print(u.topic.equals("version") ? VERSION + "\n" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return 0;
            } catch (IOException | RuntimeException e) {
                err.println("checker: cannot read the help text " + u.topic + ".txt");
                return ExitCode.REJECTED.value;
            }
        }
        List<String> certs = cli.files.subList(1, cli.files.size());
        if (cli.combine) return cli.check(certs, out);
        int worst = 0;
        for (String c : certs) worst = Math.max(worst, cli.check(List.of(c), out));
        return worst;
    }

    /** Verifies one certificate (or combines shards) and prints its verdict; returns its exit code. */
    private int check(List<String> certs, PrintStream out) {
        long start = System.nanoTime();
        ExitCode code;
        String reason;
        strategy = null;
        claimed = null;
        try {
            Verdict v = verify(certs);
            if (progress != null) progress.finish();
            out.println(json ? toJson(v, true) : toLine(v));
            return v.code().value;
        } catch (CheckFailure f) {
            code = f.code();
            reason = f.getMessage();
        } catch (OutOfMemoryError | StackOverflowError e) {
            code = ExitCode.RESOURCE_LIMIT;
            reason = e instanceof OutOfMemoryError ? "out of memory (raise -Xmx)" : "stack overflow (raise -Xss)";
        } catch (Throwable e) {
            // a checker bug (in any thread) must never turn into an acceptance: SPEC §4, exit 1
            code = ExitCode.REJECTED;
            reason = "internal error: " + e;
        }
        if (progress != null) progress.finish();
        if (!json) {
            out.println(code.name() + ": " + reason);
        } else {
            LoadedModel m = model;
            int v = m == null ? 0 : m.weights().vocab, n = m == null ? 0 : m.weights().nCtx;
            out.println(toJson(new Verdict(code, reason, m == null ? null : m.sha256(), v, n, strategy, claimed, null,
                    m == null ? null : BigInteger.valueOf(v).pow(n), false, null, null, null, (System.nanoTime() - start) / 1e9), m != null));
        }
        return code.value;
    }

    private static CheckerMain parse(String[] args, PrintStream err) throws UsageError {
        String cmd = args.length == 0 ? "" : args[0];
        if (cmd.equals("-h") || cmd.equals("--help") || cmd.equals("help") && args.length == 1) throw UsageError.help("usage");
        if (cmd.equals("-V") || cmd.equals("--version")) throw UsageError.help("version");
        if (cmd.equals("help") && args.length == 2 && List.of("verify", "combine").contains(args[1])) throw UsageError.help(args[1]);
        if (cmd.isEmpty()) throw new UsageError("missing command: verify or combine");
        if (cmd.equals("help")) throw new UsageError("help takes one of verify, combine");
        if (cmd.startsWith("-")) throw new UsageError("unknown option " + StrictJson.clip(cmd));
        boolean combine = cmd.equals("combine");
        if (!combine && !cmd.equals("verify")) throw new UsageError("unknown command \"" + StrictJson.clip(cmd) + "\"; commands: verify, combine");
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
            if (!flag && !takesValue) throw new UsageError("unknown option " + StrictJson.clip(name) + " for " + cmd);
            if (flag && value != null) throw new UsageError("option " + name + " takes no value");
            if (takesValue && value == null) {
                if (++i >= args.length) throw new UsageError("option " + name + " needs a value");
                value = args[i];
            }
            switch (name) {
                case "-h", "--help" -> throw UsageError.help(cmd);
                case "-V", "--version" -> throw UsageError.help("version");
                case "--json" -> json = true;
                case "--progress" -> progress = true;
                case "--threads" -> {
                    BigInteger t = positive(name, value);
                    if (t.compareTo(BigInteger.valueOf(MAX_THREADS)) > 0) throw new UsageError("--threads must be at most " + MAX_THREADS + ", not " + t);
                    opt = new VerifyOptions(t.intValue(), opt.maxInputs(), null, opt.shard()); // at most MAX_THREADS: exact
                }
                case "--max-inputs" -> opt = new VerifyOptions(opt.threads(), positive(name, value), null, opt.shard());
                default -> { // --shard
                    if (!value.matches("[0-9]{1,7}/[1-9][0-9]{0,6}")) throw new UsageError("--shard needs I/N, e.g. 0/8, not \"" + StrictJson.clip(value) + "\"");
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
        return new CheckerMain(combine, json, bar, new VerifyOptions(opt.threads(), opt.maxInputs(), bar, opt.shard()), files);
    }

    /** Reads the weights (once: a later certificate reuses them, or their failure) and the certificates, then verifies or combines. */
    private Verdict verify(List<String> certFiles) throws CheckFailure {
        if (modelFailure != null) throw modelFailure;
        if (model == null) {
            try {
                model = SafetensorsReader.read(read(Path.of(files.get(0)), SafetensorsReader.MAX_FILE_BYTES, true));
                if (!combine) pathMatrices = PathMatrices.lazily(model.weights()); // computed while the certificate is read
            } catch (CheckFailure f) {
                modelFailure = f;
                throw f;
            }
        }
        List<Certificate> certs = new ArrayList<>();
        for (String c : certFiles) {
            certs.add(Certificate.parse(read(Path.of(c), Certificate.MAX_BYTES, false)));
            strategy = certs.get(0).strategy;
            claimed = combine ? null : certs.get(0).correctCount;
        }
        return combine ? Combine.verify(model.weights(), model.sha256(), certs, options)
                : Checker.check(model.weights(), pathMatrices, model.sha256(), certs.get(0), options).verdict();
    }

    /**
     * The whole of file {@code p}, at most {@code max <= 2^31 - 9} bytes. Its first 9 bytes are looked at first, so a file
     * of the other kind (swapped arguments) is refused as such whatever its size, and a pipe ({@code /dev/stdin}) is read
     * once, from one stream; a regular file is then read whole ({@link StrictJson#readFile}: its size is checked first).
     */
    static byte[] read(Path p, long max, boolean isModel) throws CheckFailure {
        String what = isModel ? "weights file" : "certificate";
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = sniff(p, in.readNBytes(9), isModel);
            if (Files.isRegularFile(p)) return StrictJson.readFile(p, max, what);
            byte[] rest = in.readNBytes((int) max - head.length); // (int) max is exact (max <= 2^31 - 9); one more byte: too long
            if (in.read() >= 0) throw CheckFailure.resourceLimit(what + " " + p + " is over the limit of " + max + " bytes");
            return ByteBuffer.allocate(head.length + rest.length).put(head).put(rest).array();
        } catch (IOException e) {
            throw CheckFailure.malformed("cannot read " + what + " " + p + ": " + CheckFailure.reason(e));
        }
    }

    /**
     * Returns {@code b}, the first bytes of file {@code p} (at least 9 unless the file is shorter), refusing a file of the
     * other kind: a weights file starts with its 8-byte little-endian header length and then {@code '{'}; 8 bytes of
     * printable text starting with {@code '{'} would be a length over 2^61, so that is JSON.
     */
    static byte[] sniff(Path p, byte[] b, boolean isModel) throws CheckFailure {
        int n = Math.min(b.length, 9);
        String s = new String(b, 0, Math.min(n, 8), StandardCharsets.ISO_8859_1);
        boolean text = s.strip().startsWith("{") && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n' || c == '\r' || c == '\t');
        String swapped = " file; did you swap the arguments? (verify MODEL.safetensors CERTIFICATE.json)";
        if (isModel && text) throw CheckFailure.malformed(p + " looks like a JSON certificate, not a safetensors weights" + swapped);
        // 8 whitespace bytes then '{' is indented JSON (as a header length it would be over 2^61)
        if (!isModel && !text && !s.isBlank() && n == 9 && b[8] == '{') throw CheckFailure.malformed(p + " looks like a safetensors weights file, not a JSON certificate" + swapped.substring(5));
        return b;
    }

    /** The one-line verdict. */
    static String toLine(Verdict v) {
        StringBuilder s = new StringBuilder().append(v.code().name()).append(' ').append(v.strategy()).append(": ");
        if (v.verified()) {
            s.append(v.proved()).append(" of ").append(v.total()).append(" inputs proved correct")
             .append(v.exact() ? " (exact)" : "").append(v.proved().equals(v.correctCount()) ? "" : " (claimed " + v.correctCount() + ")")
             .append(", accuracy >= ").append(fraction(v)).append(" = ").append(decimalDown(v.proved(), v.total()).toPlainString());
        } else {
            s.append(v.reason());
        }
        s.append(" | model sha256 ").append(v.modelSha256()).append(", V=").append(v.vocab()).append(" n=").append(v.nCtx());
        if (v.verified()) s.append(" | proof length ").append(v.proofOps()).append(" ops");
        // not String.format: its locale set-up costs a cold start 12 ms
        return s.append(" | ").append(BigDecimal.valueOf(v.seconds()).setScale(2, RoundingMode.HALF_UP).toPlainString()).append(" s").toString();
    }

    /**
     * The JSON verdict: always the same keys in the same order (SPEC.md §4,
     * certificate-schema/verdict.schema.json), null where unknown ({@code vocab} and {@code n_ctx} when
     * the weights were not read).
     */
    private String toJson(Verdict v, boolean modelRead) {
        StringWriter s = new StringWriter();
        // Gson's streaming writer (nulls written, no HTML escaping): unlike Gson#toJson, no reflective set-up (a cold start's 35 ms)
        try (JsonWriter o = new JsonWriter(s)) {
            o.beginObject().name("verified").value(v.verified()).name("exit_code").value(v.code().value).name("status").value(v.code().name());
            o.name("reason").value(v.reason()).name("model_sha256").value(v.modelSha256());
            o.name("vocab").value(modelRead ? v.vocab() : null).name("n_ctx").value(modelRead ? v.nCtx() : null);
            o.name("strategy").value(v.strategy()).name("shards").value(combine ? files.size() - 1 : null);
            o.name("claimed_count").value(Objects.toString(v.correctCount(), null)).name("proved_count").value(Objects.toString(v.proved(), null));
            o.name("total").value(Objects.toString(v.total(), null)).name("accuracy").value(v.proved() == null ? null : fraction(v));
            o.name("accuracy_decimal").value(v.proved() == null ? null : decimalDown(v.proved(), v.total()).toPlainString());
            o.name("exact").value(v.exact()).name("proof_ops").value(Objects.toString(v.proofOps(), null));
            o.name("effective_dimension").value(Objects.toString(v.effectiveDimension(), null)).name("detail").value(v.detail());
            o.name("seconds").value(Math.round(v.seconds() * 1000) / 1000.0).endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter never throws
        }
        return s.toString();
    }

    /** The proved accuracy {@code proved/total} in lowest terms. */
    private static String fraction(Verdict v) {
        BigInteger g = v.proved().gcd(v.total()); // total > 0
        return v.proved().divide(g) + "/" + v.total().divide(g);
    }

    /** {@code p/q} rounded down to 10 decimal places. */
    static BigDecimal decimalDown(BigInteger p, BigInteger q) {
        return new BigDecimal(p).divide(new BigDecimal(q), 10, RoundingMode.DOWN);
    }

    private static BigInteger positive(String flag, String s) throws UsageError {
        if (!s.matches("[1-9][0-9]{0,30}")) throw new UsageError(flag + " needs a positive integer, not \"" + StrictJson.clip(s) + "\"");
        return new BigInteger(s);
    }
}
