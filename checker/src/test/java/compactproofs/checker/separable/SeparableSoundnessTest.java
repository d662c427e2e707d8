package compactproofs.checker.separable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.Checker;
import compactproofs.checker.ExitCode;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.Certificates;
import compactproofs.checker.testing.Golden;
import compactproofs.checker.cubic.CubicVerifier;
import compactproofs.checker.format.SafetensorsReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import compactproofs.checker.testing.Differential;
import compactproofs.checker.testing.ExactOracle;
import compactproofs.checker.testing.MaxLikeModels;
import compactproofs.checker.testing.RandomModels;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The separable strategy (SPEC §10) against the exact oracle on seeded tiny models (random, max-like and
 * copying models, with random resolutions and random sets of logits tested alone), its claim checks and its
 * hint validation. The 500 extreme models of {@code DifferentialSoundnessTest} also run it.
 */
class SeparableSoundnessTest {
    static Verdict verify(Weights w, BigInteger count, String hints, BigInteger maxInputs) throws CheckFailure {
        return Checker.verify(w, Certificates.SHA, Certificate.parse(Certificates.cert(w, "separable", count, hints).getBytes(StandardCharsets.UTF_8)),
                new VerifyOptions(2, maxInputs, null));
    }

    static Verdict verify(Weights w, BigInteger count, String hints) throws CheckFailure {
        return verify(w, count, hints, VerifyOptions.DEFAULT_MAX_INPUTS);
    }

    @Test
    @Tag("slow")
    void neverAboveTheExactCountAndOneMoreIsRejected() throws Exception {
        long master = Long.getLong("seed", 20261203L);
        SplittableRandom r = new SplittableRandom(master);
        int close = 0, nonTrivial = 0;
        for (int trial = 0; trial < 60; trial++) {
            long seed = r.nextLong();
            int v = 2 + r.nextInt(6), n = 1 + r.nextInt(4);
            boolean biases = r.nextBoolean();
            Weights w = switch (trial % 3) {
                case 0 -> MaxLikeModels.of(seed, v, n, 2 + r.nextInt(8), r.nextDouble() * 0.5, biases);
                case 1 -> MaxLikeModels.copyModel(seed, v, n, biases);
                default -> RandomModels.random(seed, v, n, 1 + r.nextInt(6), 1 + r.nextInt(6), r.nextBoolean() ? 1.0 : 4.0, biases);
            };
            String hints = Differential.separableHints(w, new Random(seed));
            String ctx = "master seed " + master + ", trial " + trial + ", model seed " + seed + " V=" + v + " n=" + n + " hints " + hints;
            ExactOracle.Count oc = ExactOracle.exactCount(w);
            neverAboveTheOracleInAnyClass(w, hints, oc, ctx);
            Verdict zero = verify(w, BigInteger.ZERO, hints);
            assertEquals(ExitCode.VERIFIED, zero.code(), ctx + ": " + zero.reason());
            BigInteger p = zero.proved();
            assertTrue(p.compareTo(BigInteger.valueOf(oc.upper())) <= 0, ctx + ": separable proves " + p + " > " + oc);
            if (p.signum() > 0) nonTrivial++;
            if (p.longValueExact() * 10 >= oc.correct() * 9L && oc.correct() > 0) close++;
            assertEquals(ExitCode.VERIFIED, verify(w, p, hints).code(), ctx);
            if (p.compareTo(BigInteger.valueOf(v).pow(n)) < 0) assertEquals(ExitCode.REJECTED, verify(w, p.add(BigInteger.ONE), hints).code(), ctx);
            assertTrue(!zero.exact(), "separable never claims exactness");
        }
        System.out.println("SeparableSoundnessTest: " + nonTrivial + " of 60 models proved something, " + close + " within 90 % of the exact count");
        assertTrue(close >= 15, "too few models where the separable count comes close to the exact count (the test could not catch an overcount): " + close);
    }

    /**
     * Per class (query q, max m), the separable count is at most the oracle's CORRECT + UNKNOWN inputs of the class:
     * an overcount in one class cannot hide behind a loose bound elsewhere.
     */
    static void neverAboveTheOracleInAnyClass(Weights w, String hints, ExactOracle.Count oc, String ctx) throws Exception {
        int v = w.vocab, n = w.nCtx;
        com.google.gson.JsonObject h = com.google.gson.JsonParser.parseString(hints).getAsJsonObject();
        int[][] split = new com.google.gson.Gson().fromJson(h.get("split_logits"), int[][].class);
        SeparableVerifier.Result r = SeparableVerifier.run(w, PathMatrices.of(w), new Hints.Separable(h.get("resolution").getAsInt(),
                split == null ? new int[0][] : split, false), 1, VerifyOptions.DEFAULT_MAX_INPUTS);
        // with the failing inputs enumerated and decided (Lemma SE): the exact count whenever the oracle knows it
        String enumerated = hints.replaceFirst("\"enumerate_failing\":(true|false)", "\"enumerate_failing\":true");
        BigInteger p = verify(w, BigInteger.ZERO, enumerated).proved();
        assertTrue(p.compareTo(BigInteger.valueOf(oc.upper())) <= 0, ctx + ": enumerated " + p + " > " + oc);
        Verdict exact = verify(w, p, enumerated); // "exact" needs the claim to be the proved count
        if (oc.unknown() == 0 && exact.exact()) assertEquals(BigInteger.valueOf(oc.correct()), exact.proved(), ctx);
        if (oc.unknown() == 0) assertTrue(exact.exact(), ctx + ": the enumeration should decide every input: " + exact.detail());
        long[][] upper = new long[v][v];
        for (int idx = 0; idx < oc.perInput().length; idx++) {
            int[] t = ExactOracle.input(idx, v, n);
            int m = 0;
            for (int a : t) m = Math.max(m, a);
            if (oc.perInput()[idx] != ExactOracle.Outcome.WRONG) upper[m][t[n - 1]]++;
        }
        long sum = 0;
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++) {
                assertTrue(r.byClass()[m][q] <= upper[m][q], ctx + ": class (q=" + q + ", m=" + m + ") proves " + r.byClass()[m][q] + " > " + upper[m][q]);
                sum += r.byClass()[m][q];
            }
        assertEquals(r.proved().longValueExact(), sum, ctx + ": the classes add up to the count");
    }

    @Test
    void copyModelsAreFullyProved() throws Exception {
        for (int n = 1; n <= 4; n++) {
            Weights w = MaxLikeModels.copyModel(3, 6, n, n % 2 == 0);
            Verdict a = verify(w, BigInteger.valueOf(6).pow(n), "{\"resolution\":256}");
            assertEquals(ExitCode.VERIFIED, a.code(), "n=" + n + ": " + a.reason());
            assertEquals(a.proofOps(), verify(w, BigInteger.ZERO, "{\"resolution\":256}").proofOps(), "the operation count is deterministic");
        }
    }

    @Test
    @Tag("slow")
    void countsAndProofLengthsArePinned() throws Exception {
        List<String> counts = new ArrayList<>(List.of("# SeparableSoundnessTest: what the separable strategy proves. Columns: model, hints, proved"));
        List<String> lengths = new ArrayList<>(List.of("# SeparableSoundnessTest: proof lengths (counted operations, SPEC §10). Columns: model, hints, operations"));
        Object[][] models = {
            {"random-v6-n3", RandomModels.random(101, 6, 3, 4, 4, 1.0, false)},
            {"random-v5-n4-bias", RandomModels.random(202, 5, 4, 3, 3, 1.0, true)},
            {"neartie-v6-n3", RandomModels.nearTie(4, 6, 3)},
            {"copy-v5-n4-bias", MaxLikeModels.copyModel(8, 5, 4, true)},
            {"tiny-v8-n3", SafetensorsReader.read(Path.of("../testdata/models/tiny-v8-n3.safetensors")).weights()},
            {"maxof4-v64-seed3", SafetensorsReader.read(Path.of("../testdata/models/maxof4-v64-seed3.safetensors")).weights()},
        };
        for (Object[] m : models) {
            Weights w = (Weights) m[1];
            PathMatrices pm = PathMatrices.of(w);
            boolean tiny = w.vocab <= 8; // random hints may test every logit alone at resolution 2^16: tiny models only
            String[] hints = {"{\"resolution\":4}", "{\"resolution\":256}", tiny ? Differential.separableHints(w, new Random(7)) : "{\"resolution\":1024}"};
            String[] labels = {"resolution 4", "resolution 256", tiny ? "random (seed 7)" : "resolution 1024"};
            for (int k = 0; k < hints.length; k++) {
                Verdict v = verify(w, BigInteger.ZERO, hints[k]);
                counts.add(m[0] + "\t" + labels[k] + "\t" + v.proved());
                lengths.add(m[0] + "\t" + labels[k] + "\t" + v.proofOps());
            }
            if (m[0].equals("maxof4-v64-seed3")) {
                // the bundled model: the finer grid proves more, and more than the cubic proof
                BigInteger coarse = verify(w, BigInteger.ZERO, hints[0]).proved(), fine = verify(w, BigInteger.ZERO, hints[1]).proved();
                assertTrue(fine.compareTo(coarse) > 0, coarse + " " + fine);
                assertTrue(fine.compareTo(CubicVerifier.run(w, pm).proved()) > 0, "separable at resolution 256 should beat cubic on the bundled model");
            }
        }
        Golden.check("separable", counts, lengths);
    }

    @Test
    void badHintsAreRefused() throws Exception {
        Weights w = RandomModels.random(5, 3, 2, 2, 2, 1.0, false);
        String[][] malformed = {
            {"{}", "missing field \"resolution\""},
            {"{\"resolution\":0}", "at least 1"},
            {"{\"resolution\":-1}", "non-negative JSON integer"},
            {"{\"resolution\":8,\"split_logits\":[[1,0,2]]}", "not [q, m, x]"},
            {"{\"resolution\":8,\"split_logits\":[[0,1,1]]}", "not [q, m, x]"},
            {"{\"resolution\":8,\"split_logits\":[[0,1,3]]}", "not [q, m, x]"},
            {"{\"resolution\":8,\"split_logits\":[[0,3,1]]}", "not [q, m, x]"},
            {"{\"resolution\":8,\"split_logits\":[[0,1,2],[0,1,2]]}", "twice"},
            {"{\"resolution\":8,\"split_logits\":[[0,1]]}", "[q, m, x]"},
            {"{\"resolution\":8,\"gaps\":[]}", "unknown field"},
        };
        for (String[] c : malformed) {
            CheckFailure f = assertThrows(CheckFailure.class, () -> verify(w, BigInteger.ZERO, c[0]), c[0]);
            assertEquals(ExitCode.MALFORMED, f.code(), c[0] + ": " + f.getMessage());
            assertTrue(f.getMessage().contains(c[1]), c[0] + ": " + f.getMessage());
        }
        CheckFailure big = assertThrows(CheckFailure.class, () -> verify(w, BigInteger.ZERO, "{\"resolution\":" + (SeparableVerifier.MAX_RESOLUTION + 1) + "}"));
        assertEquals(ExitCode.RESOURCE_LIMIT, big.code(), big.getMessage());
    }

    @Test
    void theWorkLimitStopsAnEnormousGrid() throws Exception {
        Weights w = MaxLikeModels.of(2, 8, 4, 4, 0.3, false);
        String hints = "{\"resolution\":" + SeparableVerifier.MAX_RESOLUTION + "}";
        CheckFailure f = assertThrows(CheckFailure.class, () -> verify(w, BigInteger.ZERO, hints, BigInteger.valueOf(1_000_000)));
        assertEquals(ExitCode.RESOURCE_LIMIT, f.code(), f.getMessage());
        assertTrue(f.getMessage().contains("--max-inputs"), f.getMessage());
        CheckFailure g = assertThrows(CheckFailure.class, () -> verify(w, BigInteger.ZERO, "{\"resolution\":8}", BigInteger.valueOf(100)));
        assertTrue(g.getMessage().contains("bound tables"), g.getMessage());
    }

    @Test
    void countsBeyond62BitsAreAResourceLimit() throws Exception {
        Weights w = RandomModels.random(1, 2, 64, 2, 2, 1.0, false);
        CheckFailure f = assertThrows(CheckFailure.class, () -> SeparableVerifier.run(w, PathMatrices.of(w), new Hints.Separable(8, new int[0][], false), 1, BigInteger.TEN.pow(30)));
        assertEquals(ExitCode.RESOURCE_LIMIT, f.code(), f.getMessage());
    }
}
