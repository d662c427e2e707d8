package compactproofs.checker;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import compactproofs.checker.ExitCode;
import compactproofs.checker.cli.CheckerMain;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.Differential;
import compactproofs.checker.testing.TestHints;
import compactproofs.checker.testing.ExactOracle;
import compactproofs.checker.testing.ExtremeModels;
import compactproofs.checker.testing.SafetensorsWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential soundness of every strategy against the exact oracle ({@link ExactOracle}) on seeded
 * random tiny models with extreme magnitudes and exact ties ({@link ExtremeModels}), plus the audit's
 * models as named tests. The sweep runs once (500 models; {@code -Ddiff.models=N},
 * {@code -Ddiff.seed=MASTER}, or {@code -Ddiff.only=MODELSEED} to reproduce one model) and each property
 * is its own test; a failure lists the categories, seeds and the first models' weights. Properties and
 * categories: see {@link Differential}.
 */
@Tag("slow")
class DifferentialSoundnessTest {
    static final long MASTER = Long.getLong("diff.seed", 20260501L);
    static final int MODELS = Integer.getInteger("diff.models", 500);
    static final String ONLY = System.getProperty("diff.only");

    static final List<Differential.Failure> failures = new ArrayList<>();
    static final Map<String, ExtremeModels.Model> models = new LinkedHashMap<>();

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void sweep() {
        long start = System.nanoTime();
        Random r = new Random(MASTER);
        long unknownInputs = 0, inputs = 0, withUnknown = 0, checks = 0;
        int n = ONLY == null ? MODELS : 1;
        for (int k = 0; k < n; k++) {
            long seed = ONLY == null ? r.nextLong() : Long.parseLong(ONLY);
            ExtremeModels.Model m = ExtremeModels.random(seed);
            models.put(m.description(), m);
            ExactOracle.Count oc = ExactOracle.exactCount(m.w());
            unknownInputs += oc.unknown();
            inputs += oc.total();
            if (oc.unknown() > 0) withUnknown++;
            List<Differential.Strategy> strategies = Differential.standardStrategies(m.w(), new Random(seed ^ 0x9E3779B97F4A7C15L));
            checks += strategies.size();
            Differential.check(m.description(), m.w(), Differential.SHA, oc, strategies, failures);
            Differential.checkInputs(m.description(), m.w(), oc, failures);
            if (k % 2 == 0) Differential.checkShards(m.description(), m.w(), Differential.SHA, oc, 2 + (k / 2) % 2, failures);
        }
        System.out.printf("DifferentialSoundnessTest: master seed %d, %d models, %d strategy checks, %d of %d inputs UNKNOWN to the oracle (%d models), %d failures, %.1f s%n",
                MASTER, n, checks, unknownInputs, inputs, withUnknown, failures.size(), (System.nanoTime() - start) / 1e9);
        Differential.STATS.forEach((k, st) -> System.out.printf("  %-12s %4d checks, claim 0 verified %4d, proved > 0: %4d, proved = oracle CORRECT: %4d%n", k, st[0], st[1], st[2], st[3]));
        Map<String, Integer> byCategory = new TreeMap<>();
        for (Differential.Failure f : failures) byCategory.merge(f.category() + " [" + f.strategy() + "]", 1, Integer::sum);
        byCategory.forEach((c, k) -> System.out.println("  " + k + " x " + c));
    }

    /** Fails with a summary of the sweep's failures in the given categories. */
    static void assertNone(String property, Set<String> categories) {
        List<Differential.Failure> mine = new ArrayList<>();
        for (Differential.Failure f : failures) if (categories.contains(f.category())) mine.add(f);
        if (mine.isEmpty()) return;
        fail(summary(property + " (sweep master seed " + MASTER + ", " + (ONLY == null ? MODELS + " models" : "model " + ONLY) + ")", mine));
    }

    static String summary(String property, List<Differential.Failure> mine) {
        StringBuilder s = new StringBuilder(property + ": " + mine.size() + " failures\n");
        Map<String, List<Differential.Failure>> byCategory = new TreeMap<>();
        for (Differential.Failure f : mine) byCategory.computeIfAbsent(f.category(), x -> new ArrayList<>()).add(f);
        List<String> dumped = new ArrayList<>();
        for (Map.Entry<String, List<Differential.Failure>> e : byCategory.entrySet()) {
            List<Differential.Failure> fs = e.getValue();
            s.append("* ").append(e.getKey()).append(": ").append(fs.size()).append(" failures in ")
                    .append(fs.stream().map(Differential.Failure::model).distinct().count()).append(" models\n");
            for (int i = 0; i < Math.min(12, fs.size()); i++) {
                Differential.Failure f = fs.get(i);
                s.append("    ").append(f.model()).append("\n        ").append(f.strategy()).append(": ").append(f.message()).append('\n');
                if (dumped.size() < 4 && !dumped.contains(f.model())) dumped.add(f.model());
            }
            if (fs.size() > 12) s.append("    ... ").append(fs.size() - 12).append(" more\n");
        }
        s.append("Weights of some failing models (rebuild any of them with the ExtremeModels call named first):\n");
        for (String m : dumped) {
            ExtremeModels.Model em = models.get(m);
            s.append(em == null ? m + "\n" : em.dump());
        }
        System.out.println(s);
        return s.toString();
    }

    @Test
    void claimOfZeroAlwaysVerifies() {
        assertNone("(b) a claim of 0 verifies", Set.of("claim0-exception", "claim0-not-verified"));
    }

    @Test
    void provedCountNeverExceedsTheOracle() {
        assertNone("(a) proved <= oracle CORRECT + UNKNOWN", Set.of("overcount", "overclaim-verified", "overclaim-exception",
                "bf-proved-oracle-wrong", "exact-flag-unsound"));
    }

    @Test
    void bruteForceIsExactWhereTheOracleIsCertain() {
        assertNone("(c) brute force proves exactly the oracle's CORRECT count", Set.of("bf-not-exact", "bf-refuted-oracle-correct",
                "bf-inputs-exception", "bf-accounting"));
    }

    @Test
    void oneMoreThanTheProvedCountIsRejected() {
        assertNone("(d) proved + 1 is rejected and proved is verified", Set.of("claim+1-not-rejected", "claim+1-exception",
                "claim-proved-not-verified", "claim-proved-exception"));
    }

    // ---------------------------------------------------------------- the audit's models

    /** Verifies a claim; the verdict, or the throwable the verification ended with. */
    static Object verify(Weights w, String strategy, long claim, String hints) {
        return Differential.verify(w, Differential.SHA, Differential.cert(w, Differential.SHA, strategy, BigInteger.valueOf(claim), hints));
    }

    static Verdict verdict(Weights w, String strategy, long claim, String hints) {
        Object o = verify(w, strategy, claim, hints);
        if (o instanceof Verdict v) return v;
        throw new AssertionError(strategy + " claim " + claim + " did not give a verdict: " + Differential.describe(o) + "\n" + Differential.stackTrace(o));
    }

    static void rejected(Weights w, String strategy, long claim, String hints, String ctx) {
        Verdict v = verdict(w, strategy, claim, hints);
        assertEquals(ExitCode.REJECTED, v.code(), ctx + ": " + strategy + " claim " + claim + " of " + BigInteger.valueOf(w.vocab).pow(w.nCtx) + ": " + Differential.describe(v));
    }

    /** Runs the checker's command line on the model written as safetensors and a certificate file. */
    static int cli(Path dir, Weights w, boolean f64, String strategy, long claim, String hints) throws Exception {
        Path model = dir.resolve("model.safetensors"), cert = dir.resolve("cert.json");
        String sha = SafetensorsWriter.write(w, f64, model);
        Files.writeString(cert, Differential.cert(w, sha, strategy, BigInteger.valueOf(claim), hints));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckerMain.run(new String[] {"verify", model.toString(), cert.toString(), "--threads", "1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        System.out.println("  checker.jar verify (" + strategy + ", claim " + claim + "): exit " + code + ": " + out.toString(StandardCharsets.UTF_8).trim());
        return code;
    }

    static void noDifferentialFailures(String ctx, Weights w, List<Differential.Strategy> strategies) {
        ExactOracle.Count oc = ExactOracle.exactCount(w);
        List<Differential.Failure> fs = new ArrayList<>();
        Differential.check(ctx, w, Differential.SHA, oc, strategies, fs);
        Differential.checkInputs(ctx, w, oc, fs);
        if (!fs.isEmpty()) fail(summary(ctx, fs));
    }

    static List<Differential.Strategy> allStrategies(Weights w) {
        return List.of(new Differential.Strategy("brute-force", "{}"), new Differential.Strategy("cubic", "{}"),
                new Differential.Strategy("cascade[all classes]", "cascade", Differential.allClasses(w.vocab, w.nCtx)),
                new Differential.Strategy(TestHints.DEFAULT, Differential.subcubicHints(w, TestHints.DEFAULT)));
    }

    /**
     * The audit's F32 model: uniform attention at raw score 2^50, correct on 0 of 4 inputs. Brute
     * force and cascade (every class enumerated) must reject 4/4; brute force proves exactly 0.
     */
    static Weights auditF32() throws Exception {
        return Weights.of(new double[][] {{0x1p20, 0}, {0x1p20, 1}}, new double[2][2], new double[][] {{1}, {0}},
                new double[][] {{0x1p10}, {0}}, new double[][] {{0}, {1}}, new double[][] {{0, 1}},
                new double[][] {{0, 0}, {100, 0}}, null, null, null, null, new double[] {0, 0.5});
    }

    @Test
    void auditModelF32FourOfFourIsRejected(@TempDir Path dir) throws Exception {
        Weights w = auditF32();
        ExactOracle.Count oc = ExactOracle.exactCount(w);
        assertEquals(0, oc.correct(), oc.toString());
        assertEquals(0, oc.unknown(), oc.toString());
        String all = Differential.allClasses(2, 2);
        // every part is checked and reported, also when an earlier one fails
        assertAll("audit F32 model (" + oc + ")",
                () -> rejected(w, "brute-force", 4, "{}", "audit F32 model"),
                () -> rejected(w, "cascade", 4, all, "audit F32 model"),
                () -> {
                    Verdict zero = verdict(w, "brute-force", 0, "{}");
                    assertEquals(ExitCode.VERIFIED, zero.code(), Differential.describe(zero));
                    assertEquals(BigInteger.ZERO, zero.proved(), "brute force proves exactly 0: " + Differential.describe(zero));
                    assertTrue(zero.exact(), "brute force reports exact: " + Differential.describe(zero));
                },
                () -> assertEquals(ExitCode.REJECTED.value, cli(dir, w, false, "brute-force", 4, "{}"), "checker.jar on the F32 audit model, brute force 4/4"),
                () -> assertEquals(ExitCode.REJECTED.value, cli(dir, w, false, "cascade", 4, all), "checker.jar on the F32 audit model, cascade 4/4"),
                () -> assertEquals(ExitCode.VERIFIED.value, cli(dir, w, false, "brute-force", 0, "{}"), "checker.jar on the F32 audit model, claim 0"),
                () -> noDifferentialFailures("audit F32 model", w, allStrategies(w)));
    }

    /** The F64 variant: 2^20 -> 1e160 in the embedding and unembedding (raw score 1024e320). */
    static Weights auditF64() throws Exception {
        return Weights.of(new double[][] {{1e160, 0}, {1e160, 1}}, new double[2][2], new double[][] {{1}, {0}},
                new double[][] {{0x1p10}, {0}}, new double[][] {{0}, {1}}, new double[][] {{0, 1}},
                new double[][] {{0, 0}, {1e160, 0}}, null, null, null, null, new double[] {0, 0.5});
    }

    @Test
    void auditModelF64At1e160TwoOfFourIsRejected(@TempDir Path dir) throws Exception {
        Weights w = auditF64();
        ExactOracle.Count oc = ExactOracle.exactCount(w);
        assertEquals(0, oc.correct(), oc.toString());
        assertEquals(0, oc.unknown(), oc.toString());
        String all = Differential.allClasses(2, 2);
        assertAll("audit F64 model (" + oc + ")",
                () -> rejected(w, "brute-force", 2, "{}", "audit F64 model"),
                () -> rejected(w, "cascade", 2, all, "audit F64 model"),
                () -> assertEquals(ExitCode.REJECTED.value, cli(dir, w, true, "brute-force", 2, "{}"), "checker.jar on the F64 audit model, brute force 2/4"),
                () -> assertEquals(ExitCode.REJECTED.value, cli(dir, w, true, "cascade", 2, all), "checker.jar on the F64 audit model, cascade 2/4"),
                () -> assertEquals(ExitCode.VERIFIED.value, cli(dir, w, true, "brute-force", 0, "{}"), "checker.jar on the F64 audit model, claim 0"),
                () -> noDifferentialFailures("audit F64 model", w, allStrategies(w)));
    }

    /** F32, V=2, n=2, d=1: raw scores 0 and 2^32 (query 1); correct on no input. */
    static Weights largeSpread() throws Exception {
        return Weights.of(new double[][] {{0}, {2048}}, new double[2][1], new double[][] {{1024}}, new double[][] {{1}},
                new double[][] {{1}}, new double[][] {{1}}, new double[][] {{1, 0}}, null, null, null, null, null);
    }

    @Test
    void largeSpreadModelClaimOfZeroVerifies(@TempDir Path dir) throws Exception {
        Weights w = largeSpread();
        ExactOracle.Count oc = ExactOracle.exactCount(w);
        assertEquals(0, oc.unknown(), oc.toString());
        List<String> problems = new ArrayList<>();
        for (Differential.Strategy s : allStrategies(w)) {
            Object o = verify(w, s.name(), 0, s.hints());
            if (!(o instanceof Verdict v) || !v.verified()) problems.add(s.label() + ": claim 0: " + Differential.describe(o));
            else if (s.name().equals("brute-force") && v.proved().longValueExact() != oc.correct())
                problems.add("brute force proves " + v.proved() + ", the oracle counts " + oc.correct());
        }
        int code = cli(dir, w, false, "brute-force", 0, "{}");
        if (code != 0) problems.add("checker.jar verify brute-force claim 0: exit " + code);
        assertTrue(problems.isEmpty(), "large-spread model (" + oc + "):\n" + String.join("\n", problems));
        noDifferentialFailures("large-spread model", w, allStrategies(w));
    }

    @Test
    void fortyRandomExtremeModels() {
        long master = 7130L;
        Random r = new Random(master);
        List<Differential.Failure> fs = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            ExtremeModels.Model m = ExtremeModels.extreme(r.nextLong());
            models.put(m.description(), m);
            ExactOracle.Count oc = ExactOracle.exactCount(m.w());
            Differential.check(m.description(), m.w(), Differential.SHA, oc, allStrategies(m.w()), fs);
            Differential.checkInputs(m.description(), m.w(), oc, fs);
        }
        if (!fs.isEmpty()) fail(summary("40 random extreme models (master seed " + master + ")", fs));
    }
}
