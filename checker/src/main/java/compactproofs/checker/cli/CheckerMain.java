package compactproofs.checker.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.io.Certificate;
import compactproofs.checker.io.LoadedModel;
import compactproofs.checker.io.SafetensorsReader;
import compactproofs.checker.proof.Verdict;
import compactproofs.checker.proof.Verifier;
import compactproofs.checker.proof.VerifyOptions;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * Command line of the checker jar. Prints exactly one verdict line (or one JSON object) on stdout and
 * exits with the code of {@link ExitCode}. Never prints a stack trace.
 */
public final class CheckerMain {
    static final String VERSION = "compact-proofs checker 0.1.0";
    static final String USAGE = String.join("\n",
            "Usage: java -jar checker.jar verify MODEL.safetensors CERTIFICATE.json [options]",
            "       java -jar checker.jar combine MODEL.safetensors SHARD.json... [options]",
            "       java -jar checker.jar --help | --version",
            "",
            "Re-verifies an accuracy certificate for a one-layer attention-only Max-of-K transformer",
            "with exact rational and outward-rounded interval arithmetic, trusting nothing the",
            "generator computed. See SPEC.md for the statement a certificate proves.",
            "combine re-verifies the N shard certificates of a sharded cascade proof and adds their counts.",
            "",
            "Options:",
            "  --json             print the verdict as one JSON object",
            "  --threads N        worker threads (default: number of processors)",
            "  --max-inputs N     refuse enumerating more than N inputs (default 2^34)",
            "  --shard I/N        require a sharded (cascade) certificate to be shard I of N",
            "  --progress         show progress on stderr",
            "  -h, --help         show this help",
            "  --version          print the version",
            "",
            "Exit codes: 0 verified, 1 rejected, 2 malformed input, 3 unsupported, 4 resource limit.");

    /** The largest {@code --threads} value accepted. */
    static final int MAX_THREADS = 4096;

    private CheckerMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit code (testable without exiting the JVM). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        try {
            if (args.length == 0 || has(args, "-h") || has(args, "--help") || args[0].equals("help")) {
                out.println(USAGE);
                return args.length == 0 ? ExitCode.MALFORMED.value : 0;
            }
            if (has(args, "--version")) { out.println(VERSION); return 0; }
            boolean combine = args[0].equals("combine");
            if (!args[0].equals("verify") && !combine) throw CheckFailure.malformed("unknown command \"" + args[0] + "\" (try --help)");
            String model = null, cert = null;
            java.util.List<String> certs = new java.util.ArrayList<>();
            VerifyOptions opt = VerifyOptions.defaults();
            boolean progress = false;
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--json": json = true; break;
                    case "--progress": progress = true; break;
                    case "--threads": {
                        BigInteger t = positive(args, ++i, a);
                        if (t.compareTo(BigInteger.valueOf(MAX_THREADS)) > 0) throw CheckFailure.malformed("--threads must be at most " + MAX_THREADS);
                        opt = new VerifyOptions(t.intValue(), opt.maxInputs(), null, opt.shard()); // at most MAX_THREADS: exact
                        break;
                    }
                    case "--max-inputs": opt = new VerifyOptions(opt.threads(), positive(args, ++i, a), null, opt.shard()); break;
                    case "--shard": {
                        if (++i >= args.length || !args[i].matches("[0-9]{1,7}/[1-9][0-9]{0,6}")) throw CheckFailure.malformed("--shard needs I/N, e.g. 0/8");
                        String[] p = args[i].split("/");
                        int idx = Integer.parseInt(p[0]), cnt = Integer.parseInt(p[1]);
                        if (idx >= cnt) throw CheckFailure.malformed("--shard needs I < N");
                        opt = opt.withShard(idx, cnt);
                        break;
                    }
                    default:
                        if (a.startsWith("-")) throw CheckFailure.malformed("unknown option " + a + " (try --help)");
                        if (model == null) model = a;
                        else if (combine) certs.add(a);
                        else if (cert == null) cert = a;
                        else throw CheckFailure.malformed("unexpected argument " + a);
                }
            }
            if (combine) {
                if (model == null || certs.isEmpty()) throw CheckFailure.malformed("combine needs MODEL.safetensors and shard certificates (try --help)");
                LoadedModel m = SafetensorsReader.read(Path.of(model));
                java.util.List<Certificate> cs = new java.util.ArrayList<>();
                for (String c : certs) cs.add(Certificate.read(Path.of(c)));
                Verdict v = compactproofs.checker.proof.Combine.verify(m.weights(), m.sha256(), cs, opt);
                out.println(json ? toJson(v) : toLine(v));
                return v.code().value;
            }
            if (model == null || cert == null) throw CheckFailure.malformed("verify needs MODEL.safetensors and CERTIFICATE.json (try --help)");
            if (progress) opt = new VerifyOptions(opt.threads(), opt.maxInputs(), done -> err.print("\rverifying: " + done + " work units done"), opt.shard());
            LoadedModel m = SafetensorsReader.read(Path.of(model));
            Certificate c = Certificate.read(Path.of(cert));
            Verdict v = Verifier.verify(m.weights(), m.sha256(), c, opt);
            if (progress) err.println();
            out.println(json ? toJson(v) : toLine(v));
            return v.code().value;
        } catch (CheckFailure f) {
            return fail(out, json, f.code(), f.getMessage());
        } catch (OutOfMemoryError e) {
            return fail(out, json, ExitCode.RESOURCE_LIMIT, "out of memory (raise -Xmx)");
        } catch (StackOverflowError e) {
            return fail(out, json, ExitCode.RESOURCE_LIMIT, "stack overflow (raise -Xss)");
        } catch (Throwable e) {
            // a checker bug (in any thread) must never turn into an acceptance: SPEC §4, exit 1
            return fail(out, json, ExitCode.REJECTED, "internal error: " + e);
        }
    }

    private static int fail(PrintStream out, boolean json, ExitCode code, String reason) {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("verified", false);
            o.put("exit_code", code.value);
            o.put("status", code.name());
            o.put("reason", reason);
            out.println(GSON.toJson(o));
        } else {
            out.println(code.name() + ": " + reason);
        }
        return code.value;
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    static String toLine(Verdict v) {
        StringBuilder s = new StringBuilder();
        s.append(v.code().name()).append(' ').append(v.strategy()).append(": ");
        if (v.verified()) {
            BigFraction acc = BigFraction.of(v.correctCount(), v.total());
            s.append(v.correctCount()).append(" of ").append(v.total()).append(" inputs correct")
             .append(v.exact() ? " (exact)" : "")
             .append(", accuracy >= ").append(acc.getNumerator()).append('/').append(acc.getDenominator())
             .append(" = ").append(decimalDown(v.correctCount(), v.total()));
        } else {
            s.append(v.reason());
        }
        s.append(" | model sha256 ").append(v.modelSha256()).append(", V=").append(v.vocab()).append(" n=").append(v.nCtx());
        if (v.verified()) s.append(" | proof length ").append(v.proofOps()).append(" ops");
        s.append(String.format(" | %.2f s", v.seconds()));
        return s.toString();
    }

    static String toJson(Verdict v) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("verified", v.verified());
        o.put("exit_code", v.code().value);
        o.put("status", v.code().name());
        o.put("reason", v.reason());
        o.put("model_sha256", v.modelSha256());
        o.put("vocab", v.vocab());
        o.put("n_ctx", v.nCtx());
        o.put("strategy", v.strategy());
        o.put("correct_count", v.correctCount().toString());
        o.put("proved_count", v.proved() == null ? null : v.proved().toString());
        o.put("total", v.total().toString());
        BigFraction acc = BigFraction.of(v.correctCount(), v.total());
        o.put("accuracy", acc.getNumerator() + "/" + acc.getDenominator());
        o.put("accuracy_decimal", decimalDown(v.correctCount(), v.total()).toPlainString());
        o.put("exact", v.exact());
        o.put("proof_ops", v.proofOps() == null ? null : v.proofOps().toString());
        o.put("effective_dimension", v.effectiveDimension() == null ? null : v.effectiveDimension().toString());
        o.put("detail", v.detail());
        o.put("seconds", v.seconds());
        return GSON.toJson(o);
    }

    /** {@code p/q} rounded down to 10 decimal places. */
    static BigDecimal decimalDown(BigInteger p, BigInteger q) {
        return new BigDecimal(p).divide(new BigDecimal(q), 10, RoundingMode.DOWN);
    }

    private static boolean has(String[] args, String flag) {
        for (String a : args) if (a.equals(flag)) return true;
        return false;
    }

    private static BigInteger positive(String[] args, int i, String flag) throws CheckFailure {
        if (i >= args.length) throw CheckFailure.malformed(flag + " needs a value");
        String s = args[i];
        if (!s.matches("[1-9][0-9]{0,30}")) throw CheckFailure.malformed(flag + " needs a positive integer, not \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"");
        return new BigInteger(s);
    }

}
