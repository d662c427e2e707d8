package compactproofs.checker.subcubic;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.testing.RandomModels;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.TestHints;
import compactproofs.checker.testing.MaxLikeModels;
import static compactproofs.checker.testing.TestHints.prove;

/** Soundness of all 100 subcubic variants against exact brute-force counts on tiny models. */
@Tag("slow")
class SubcubicSoundnessTest {
    record Case(String label, Weights w, BigInteger exact) {}

    static List<Case> cases() throws Exception {
        List<Case> out = new ArrayList<>();
        long seed = 20240611L;
        SplittableRandom r = new SplittableRandom(seed);
        System.out.println("SubcubicSoundnessTest seed " + seed);
        for (int i = 0; i < 4; i++) {
            int v = 4 + r.nextInt(5), n = 2 + r.nextInt(3);
            boolean biases = i % 2 == 1;
            Weights w = MaxLikeModels.of(r.nextLong(), v, n, 3 + 3 * r.nextDouble(), 0.02 + 0.1 * r.nextDouble(), biases);
            out.add(new Case("maxlike#" + i + " V=" + v + " n=" + n + (biases ? " biases" : ""), w, exact(w)));
        }
        for (int i = 0; i < 2; i++) {
            int v = 3 + r.nextInt(6), n = 2 + r.nextInt(3);
            Weights w = RandomModels.random(r.nextLong(), v, n, 3, 2 + r.nextInt(2), 1.0, i == 1);
            out.add(new Case("random#" + i + " V=" + v + " n=" + n, w, exact(w)));
        }
        return out;
    }

    static BigInteger exact(Weights w) throws InterruptedException {
        return BigInteger.valueOf(new BruteForceVerifier(PathMatrices.of(w)).run(1, null, null).proved());
    }

    @Test
    void everyVariantIsSoundOnTinyModels() throws Exception {
        List<Case> cases = cases();
        int positive = 0;
        for (Case c : cases) {
            for (Variant var : Variant.all()) {
                JsonObject hints = TestHints.make(c.w, var);
                StrategyResult p = prove(c.w, var, hints);
                assertTrue(p.proved().compareTo(c.exact) <= 0,
                        c.label + " " + var.name() + ": proved " + p.proved() + " > exact " + c.exact);
                if (p.proved().signum() > 0) positive++;
                assertTrue(p.ops().signum() > 0);
            }
        }
        System.out.println("variant/model pairs with a positive bound: " + positive + " of " + cases.size() * 100);
        assertTrue(positive > 100, "the max-like models should give nontrivial bounds");
    }

    @Test
    void corruptedHintsNeverOverclaim() throws Exception {
        long seed = 777L;
        SplittableRandom r = new SplittableRandom(seed);
        System.out.println("corruptedHintsNeverOverclaim seed " + seed);
        List<Case> cases = cases();
        List<Variant> all = Variant.all();
        for (int trial = 0; trial < 150; trial++) {
            Case c = cases.get(r.nextInt(cases.size()));
            Variant var = all.get(r.nextInt(all.size()));
            Weights w = c.w;
            JsonObject h = TestHints.make(w, var);
            int kind = r.nextInt(4);
            if (kind == 3) {
                JsonArray ab = new JsonArray();
                for (int m = 0; m < w.vocab; m++) {
                    JsonArray row = new JsonArray();
                    for (int cc = 0; cc < w.nCtx; cc++) row.add(r.nextInt(4) == 0 ? (r.nextBoolean() ? "0" : "1") : r.nextInt(1000) + "/999");
                    ab.add(row);
                }
                h.add("mean_attention", ab);
            } else if (kind == 0) {
                int[][][] g = TestHints.ones(w.vocab, w.nCtx);
                for (int[][] a : g) for (int[] b : a) for (int k = 0; k < b.length; k++) b[k] = 1 + r.nextInt(w.vocab - 1);
                h.add("min_gaps", TestHints.gapsJson(g));
            } else {
                String[] keys = {"query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U", "W_EP_direction"};
                String k = keys[r.nextInt(keys.length)];
                h.add(k, TestHints.vec(TestHints.randomVec(r, h.getAsJsonArray(k).size())));
                if (kind == 2) h.add("min_gaps", TestHints.gapsJson(TestHints.searchGaps(w, var, h)));
            }
            StrategyResult p = prove(w, var, h);
            assertTrue(p.proved().compareTo(c.exact) <= 0, "trial " + trial + " " + c.label + " " + var.name());
        }
    }

    @Test
    void malformedHintsAreRejected() throws Exception {
        Weights w = MaxLikeModels.of(5, 5, 3, 4, 0.05, false);
        Variant var = Variant.parse("EUPU-svd_query+max_diff--attn-mean_query+diff--attn-err-max_diff_subproduct");
        assertNotNull(var);
        JsonObject good = TestHints.make(w, var);
        prove(w, var, good);
        String[][] bad = {
                {"min_gaps", "gap0"}, {"min_gaps", "gapV"}, {"min_gaps", "short"}, {"query_direction", "zero"},
                {"key_direction", "NaN"}, {"W_K_U", "1/0"}, {"W_Q_U", "short"}, {"W_EP_direction", "Infinity"},
                {"second_key_direction", "missing"}, {"bogus", "unknown"}, {"W_EP_direction", "1e99999"},
                {"mean_attention", "abar>1"}, {"mean_attention", "abar<0"}, {"mean_attention", "abarShape"}};
        for (String[] b : bad) {
            JsonObject h = good.deepCopy();
            switch (b[1]) {
                case "gap0" -> h.getAsJsonArray("min_gaps").get(1).getAsJsonArray().get(2).getAsJsonArray().set(1, new com.google.gson.JsonPrimitive(0));
                case "gapV" -> h.getAsJsonArray("min_gaps").get(0).getAsJsonArray().get(4).getAsJsonArray().set(2, new com.google.gson.JsonPrimitive(w.vocab));
                case "short" -> { JsonArray a = h.getAsJsonArray(b[0]); a.remove(a.size() - 1); }
                case "zero" -> { JsonArray a = new JsonArray(); for (int i = 0; i < w.vocab; i++) a.add("0/3"); h.add(b[0], a); }
                case "missing" -> h.remove(b[0]);
                case "abar>1", "abar<0", "abarShape" -> {
                    JsonArray ab = new JsonArray();
                    for (int m = 0; m < w.vocab; m++) {
                        JsonArray row = new JsonArray();
                        for (int c = 0; c < w.nCtx - (b[1].equals("abarShape") && m == 2 ? 1 : 0); c++)
                            row.add(m == 1 && c == 1 ? (b[1].equals("abar>1") ? "1001/1000" : "-0.001") : "0.5");
                        ab.add(row);
                    }
                    h.add(b[0], ab);
                }
                case "unknown" -> h.addProperty(b[0], 1);
                default -> h.getAsJsonArray(b[0]).set(0, new com.google.gson.JsonPrimitive(b[1]));
            }
            CheckFailure f = assertThrows(CheckFailure.class, () -> prove(w, var, h), b[0] + " " + b[1]);
            assertEquals(ExitCode.MALFORMED, f.code(), b[0] + " " + b[1] + ": " + f.getMessage());
        }
    }

    @Test
    void unknownVariantIsUnsupported() {
        CheckFailure f = assertThrows(CheckFailure.class, () -> SubcubicHints.variant("subcubic:EUPU-foo--attn-bar--attn-err-baz"));
        assertEquals(ExitCode.UNSUPPORTED, f.code());
    }

    @Test
    void variantSpaceMatchesThePaper() {
        List<Variant> all = Variant.all();
        assertEquals(100, all.size());
        assertEquals(100, all.stream().map(Variant::name).distinct().count());
        for (Variant v : all) assertEquals(v, Variant.parse(v.name()));
        Variant def = Variant.parse("EUPU-mean_query+max_diff--attn-mean_query+diff--attn-err-max_diff");
        assertEquals(6466, def.effectiveDimension(64, 32));
    }
}
