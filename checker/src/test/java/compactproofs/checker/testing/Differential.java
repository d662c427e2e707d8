package compactproofs.checker.testing;

import compactproofs.checker.bruteforce.Tally;
import compactproofs.checker.statement.InputClass;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.bruteforce.InputDecider;
import compactproofs.checker.cascade.CascadeVerifier;
import compactproofs.checker.cascade.Combine;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.Checker;
import compactproofs.checker.ExitCode;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The differential soundness harness shared by {@code DifferentialSoundnessTest} and
 * {@code DifferentialFuzzTest}: certificates of every strategy are built in memory for a model and
 * verified by {@link Checker#verify}, and every verdict is compared with {@link ExactOracle}.
 *
 * <p>Properties, each a failure category:
 * <ul>
 *   <li>(a) {@code overcount}: a strategy's proved count exceeds the oracle's CORRECT + UNKNOWN;
 *       {@code overclaim-verified}: a claim of CORRECT + UNKNOWN + 1 is verified;
 *       {@code bf-proved-oracle-wrong}: brute force proves correct an input the oracle finds wrong;
 *       {@code exact-flag-unsound}: a verdict reported exact with a count other than the oracle's.
 *   <li>(b) {@code claim0-exception} / {@code claim0-not-verified}: a claim of 0 must verify (any
 *       exception fails it, a resource-limit CheckFailure included: the models are tiny).
 *   <li>(c) {@code bf-not-exact}: brute force proves a count other than the oracle's CORRECT although
 *       the oracle has no UNKNOWN; {@code bf-refuted-oracle-correct}: brute force proves wrong an
 *       input the oracle finds correct.
 *   <li>(d) {@code claim+1-not-rejected}: a claim of proved + 1 (≤ total) is not rejected.
 *   <li>{@code *-exception}: any exception other than a resource-limit CheckFailure.
 * </ul>
 */
public final class Differential {
    private Differential() {}

    public static final String SHA = "cd".repeat(32);
    public static final VerifyOptions OPT = new VerifyOptions(1, VerifyOptions.DEFAULT_MAX_INPUTS, null);

    /**
     * Per strategy family (brute-force, cubic, cascade, subcubic): {checked, claim 0 verified, proved > 0,
     * proved = oracle CORRECT}; shows how much the properties were exercised.
     */
    public static final java.util.Map<String, long[]> STATS = new java.util.concurrent.ConcurrentHashMap<>();

    /** A strategy with its hints (JSON object text) and a short label for reports. */
    public record Strategy(String label, String name, String hints) {
        public Strategy(String name, String hints) { this(name.startsWith("subcubic:") ? name.substring("subcubic:".length()) : name, name, hints); }
    }

    /** One failed property. */
    public record Failure(String category, String strategy, String model, String message) {
        @Override public String toString() { return category + " | " + strategy + " | " + model + " | " + message; }
    }

    public static String cert(Weights w, String sha, String strategy, BigInteger count, String hints) {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        return "{\"format\":\"compact-proofs/max-of-k-certificate\",\"format_version\":1,\"model\":{\"sha256\":\"" + sha
                + "\",\"vocab\":" + w.vocab + ",\"n_ctx\":" + w.nCtx + ",\"d_model\":" + w.dModel + ",\"d_head\":" + w.dHead
                + "},\"strategy\":\"" + strategy + "\",\"claim\":{\"correct_count\":\"" + count + "\",\"total\":\"" + total
                + "\",\"accuracy\":\"" + count + "/" + total + "\"},\"hints\":" + hints + "}";
    }

    public static String allClasses(int v, int n) {
        return classes(v, n, null);
    }

    /** Cascade hints listing every class (r == null) or a random subset. */
    public static String classes(int v, int n, Random r) {
        StringBuilder b = new StringBuilder("{\"enumerate\":[");
        boolean first = true;
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++)
                for (int c = 0; c < n; c++) {
                    if (!InputClass.isClass(v, n, new InputClass(q, m, c)) || (r != null && r.nextBoolean())) continue;
                    b.append(first ? "" : ",").append('[').append(q).append(',').append(m).append(',').append(c).append(']');
                    first = false;
                }
        return b.append("]}").toString();
    }

    public static String subcubicHints(Weights w, String strategy) {
        JsonObject o = TestHints.hints(w, strategy, true);
        return o.toString();
    }

    /**
     * Separable hints with a random resolution (from 1 to 2^16), a random set of wrong logits tested alone (none, some,
     * or every one), and with or without the enumeration of the inputs failing a test (Lemma SE).
     */
    public static String separableHints(Weights w, Random r) {
        int v = w.vocab;
        int[] resolutions = {1, 2, 3, 16, 255, 4096, 1 << 16};
        int mode = r.nextInt(3);
        StringBuilder b = new StringBuilder("{\"resolution\":" + resolutions[r.nextInt(resolutions.length)] + ",\"enumerate_failing\":"
                + r.nextBoolean() + ",\"split_logits\":[");
        boolean first = true;
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++)
                for (int x = 0; x < v; x++) {
                    if (x == m || mode == 0 || (mode == 1 && r.nextInt(3) != 0)) continue;
                    b.append(first ? "" : ",").append('[').append(q).append(',').append(m).append(',').append(x).append(']');
                    first = false;
                }
        return b.append("]}").toString();
    }

    /** brute force, cubic, cascade (every class), the default subcubic variant and one random variant. */
    public static List<Strategy> standardStrategies(Weights w, Random r) {
        List<Strategy> s = new ArrayList<>();
        s.add(new Strategy("brute-force", "{}"));
        s.add(new Strategy("cubic", "{}"));
        s.add(new Strategy("cascade[all classes]", "cascade", allClasses(w.vocab, w.nCtx)));
        if (r.nextInt(4) == 0) s.add(new Strategy("cascade[random classes]", "cascade", classes(w.vocab, w.nCtx, r)));
        s.add(new Strategy("separable", separableHints(w, r)));
        s.add(new Strategy(TestHints.DEFAULT, subcubicHints(w, TestHints.DEFAULT)));
        List<String> all = TestHints.strategies();
        String other = all.get(r.nextInt(all.size()));
        if (!other.equals(TestHints.DEFAULT)) s.add(new Strategy(other, subcubicHints(w, other)));
        return s;
    }

    /** The verdict, or the throwable the verification ended with. */
    public static Object verify(Weights w, String sha, String json) {
        try {
            return Checker.verify(w, sha, Certificate.parse(json.getBytes(StandardCharsets.UTF_8)), OPT);
        } catch (Throwable e) {
            return e;
        }
    }

    public static boolean isResourceLimit(Object o) {
        return o instanceof CheckFailure f && f.code() == ExitCode.RESOURCE_LIMIT;
    }

    public static String describe(Object o) {
        if (o instanceof Verdict v) return v.code() + " (proved " + v.proved() + ", exact " + v.exact() + "): " + v.reason();
        if (o instanceof CheckFailure f) return "CheckFailure " + f.code() + ": " + f.getMessage();
        Throwable t = (Throwable) o;
        StackTraceElement[] st = t.getStackTrace();
        String where = "";
        for (StackTraceElement e : st)
            if (e.getClassName().startsWith("compactproofs.checker")) { where = " at " + e.getClassName().replace("compactproofs.checker.", "") + "." + e.getMethodName() + ":" + e.getLineNumber(); break; }
        return t.getClass().getSimpleName() + ": " + t.getMessage() + where;
    }

    /** The first lines of the throwable's stack trace (empty for a verdict). */
    public static String stackTrace(Object o) {
        if (!(o instanceof Throwable t)) return "";
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        String[] lines = s.toString().split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(0, Math.min(12, lines.length)));
    }

    /**
     * Checks every strategy on one model against the oracle's count; appends failures to {@code out}.
     *
     * @param sha the SHA-256 the certificates name (the verifier is given the same)
     */
    public static void check(String model, Weights w, String sha, ExactOracle.Count oc, List<Strategy> strategies, List<Failure> out) {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        BigInteger upper = BigInteger.valueOf(oc.upper()), correct = BigInteger.valueOf(oc.correct());
        for (Strategy s : strategies) {
            String label = s.label;
            Object v0 = verify(w, sha, cert(w, sha, s.name, BigInteger.ZERO, s.hints));
            BigInteger p = null;
            if (v0 instanceof Verdict v) {
                if (!v.verified()) out.add(new Failure("claim0-not-verified", label, model, describe(v)));
                else p = v.proved();
            } else {
                // strict: on these tiny models not even a resource limit is acceptable for a claim of 0
                out.add(new Failure("claim0-exception", label, model, describe(v0)));
            }
            long[] st = STATS.computeIfAbsent(s.name.startsWith("subcubic:") ? "subcubic" : s.name, k -> new long[4]);
            st[0]++;
            if (p != null) {
                st[1]++;
                if (p.signum() > 0) st[2]++;
                if (p.equals(correct)) st[3]++;
                if (p.compareTo(upper) > 0)
                    out.add(new Failure("overcount", label, model, "proved " + p + " > " + oc));
                if (s.name.equals("brute-force") && oc.unknown() == 0 && !p.equals(correct))
                    out.add(new Failure("bf-not-exact", label, model, "proved " + p + " != " + oc));
                if (p.compareTo(total) < 0) {
                    Object v1 = verify(w, sha, cert(w, sha, s.name, p.add(BigInteger.ONE), s.hints));
                    if (v1 instanceof Verdict v) {
                        if (v.code() != ExitCode.REJECTED) out.add(new Failure("claim+1-not-rejected", label, model, "claim " + p.add(BigInteger.ONE) + ": " + describe(v)));
                    } else if (!isResourceLimit(v1)) out.add(new Failure("claim+1-exception", label, model, "claim " + p.add(BigInteger.ONE) + ": " + describe(v1)));
                }
                if (p.signum() > 0) {
                    Object ve = verify(w, sha, cert(w, sha, s.name, p, s.hints));
                    if (ve instanceof Verdict v) {
                        if (!v.verified()) out.add(new Failure("claim-proved-not-verified", label, model, "claim " + p + ": " + describe(v)));
                        else if (v.exact() && (p.compareTo(correct) < 0 || p.compareTo(upper) > 0))
                            out.add(new Failure("exact-flag-unsound", label, model, "exact verdict for " + p + " but " + oc));
                    } else if (!isResourceLimit(ve)) out.add(new Failure("claim-proved-exception", label, model, "claim " + p + ": " + describe(ve)));
                }
            }
            // the direct soundness question, also asked when the claim of 0 failed (p == null); when
            // p == upper it is the claim p + 1 above, and p > upper is already an overcount
            if (upper.compareTo(total) < 0 && (p == null || p.compareTo(upper) < 0)) {
                BigInteger over = upper.add(BigInteger.ONE);
                Object vo = verify(w, sha, cert(w, sha, s.name, over, s.hints));
                if (vo instanceof Verdict v) {
                    if (v.verified()) out.add(new Failure("overclaim-verified", label, model, "claim " + over + " verified: " + describe(v) + "; " + oc));
                } else if (!isResourceLimit(vo)) out.add(new Failure("overclaim-exception", label, model, "claim " + over + ": " + describe(vo)));
            }
        }
    }

    /**
     * Sharded cascade (Lemma M): each shard of {@code count} (its classes all enumerated) must verify a
     * claim of 0, their proved counts must add up to at most the oracle's CORRECT + UNKNOWN, and
     * {@link Combine} must verify the shards' proved counts and refuse one more in a shard.
     */
    public static void checkShards(String model, Weights w, String sha, ExactOracle.Count oc, int count, List<Failure> out) {
        int v = w.vocab, n = w.nCtx;
        String label = "cascade[" + count + " shards]";
        BigInteger sum = BigInteger.ZERO;
        List<String> hints = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder("{\"shard\":{\"index\":" + i + ",\"count\":" + count + "},\"enumerate\":[");
            boolean first = true;
            for (int m = 0; m < v; m++)
                for (int q = 0; q <= m; q++)
                    for (int c = 0; c < n; c++) {
                        if (!InputClass.isClass(v, n, new InputClass(q, m, c)) || !InputClass.inShard(v, new InputClass(q, m, 0), i, count)) continue;
                        b.append(first ? "" : ",").append('[').append(q).append(',').append(m).append(',').append(c).append(']');
                        first = false;
                    }
            hints.add(b.append("]}").toString());
            Object v0 = verify(w, sha, cert(w, sha, "cascade", BigInteger.ZERO, hints.get(i)));
            if (!(v0 instanceof Verdict vd)) {
                out.add(new Failure("claim0-exception", label, model, "shard " + i + ": " + describe(v0)));
                return;
            }
            if (!vd.verified()) { out.add(new Failure("claim0-not-verified", label, model, "shard " + i + ": " + describe(vd))); return; }
            sum = sum.add(vd.proved());
        }
        if (sum.compareTo(BigInteger.valueOf(oc.upper())) > 0)
            out.add(new Failure("overcount", label, model, "the shards prove " + sum + " > " + oc));
        try {
            List<Certificate> certs = new ArrayList<>();
            BigInteger[] proved = new BigInteger[count];
            for (int i = 0; i < count; i++) {
                Verdict vd = (Verdict) verify(w, sha, cert(w, sha, "cascade", BigInteger.ZERO, hints.get(i)));
                proved[i] = vd.proved();
                certs.add(Certificate.parse(cert(w, sha, "cascade", proved[i], hints.get(i)).getBytes(StandardCharsets.UTF_8)));
            }
            Verdict all = Combine.verify(w, sha, certs, OPT);
            if (!all.verified()) out.add(new Failure("claim-proved-not-verified", label, model, "combine of the proved counts: " + describe(all)));
            else if (all.correctCount().compareTo(BigInteger.valueOf(oc.upper())) > 0)
                out.add(new Failure("overcount", label, model, "combine verifies " + all.correctCount() + " > " + oc));
            int i = count - 1;
            if (proved[i].compareTo(BigInteger.valueOf(v).pow(n)) < 0) {
                certs.set(i, Certificate.parse(cert(w, sha, "cascade", proved[i].add(BigInteger.ONE), hints.get(i)).getBytes(StandardCharsets.UTF_8)));
                Verdict over = Combine.verify(w, sha, certs, OPT);
                if (over.code() != ExitCode.REJECTED) out.add(new Failure("claim+1-not-rejected", label, model, "combine with shard " + i + " claiming one more: " + describe(over)));
            }
        } catch (Throwable e) {
            if (!isResourceLimit(e)) out.add(new Failure("claim-proved-exception", label, model, "combine: " + describe(e)));
        }
    }

    /** Brute force input by input (BruteForce with a collector) against the oracle's classification. */
    public static void checkInputs(String model, Weights w, ExactOracle.Count oc, List<Failure> out) {
        int v = w.vocab, n = w.nCtx;
        int total = BigInteger.valueOf(v).pow(n).intValueExact();
        InputDecider.Outcome[] got = new InputDecider.Outcome[total];
        try {
            Tally r = new BruteForceVerifier(PathMatrices.of(w)).run(1, (t, o) -> got[(int) ExactOracle.index(t, v)] = o, null);
            if (r.proved() + r.wrong() + r.unresolved() != total)
                out.add(new Failure("bf-accounting", "BruteForce", model, r + " does not add up to " + total));
        } catch (Throwable e) {
            out.add(new Failure("bf-inputs-exception", "BruteForce", model, describe(e)));
            return;
        }
        for (int i = 0; i < total; i++) {
            ExactOracle.Outcome o = oc.perInput()[i];
            String in = java.util.Arrays.toString(ExactOracle.input(i, v, n));
            if (got[i] == null && o == ExactOracle.Outcome.WRONG)
                out.add(new Failure("bf-proved-oracle-wrong", "BruteForce", model, "input " + in + " proved correct, oracle: WRONG"));
            if (got[i] == InputDecider.Outcome.WRONG && o == ExactOracle.Outcome.CORRECT)
                out.add(new Failure("bf-refuted-oracle-correct", "BruteForce", model, "input " + in + " proved wrong, oracle: CORRECT"));
        }
    }
}
