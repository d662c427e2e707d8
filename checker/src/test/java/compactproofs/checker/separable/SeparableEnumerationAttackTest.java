package compactproofs.checker.separable;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import compactproofs.checker.testing.ExactOracle;
import compactproofs.checker.testing.ExtremeModels;
import compactproofs.checker.testing.MaxLikeModels;
import compactproofs.checker.testing.RandomModels;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Soundness audit of Lemma SE (separable strategy, hint {@code enumerate_failing: true}, SPEC §10): on seeded tiny
 * models (V = 1..5, n = 1..4, random, max-like, near-tie and extreme-magnitude weights), the proved count never
 * exceeds the exact oracle's correct (+unknown) count, is never below the union-bound count of the same
 * resolution and split logits, one more than it is rejected, and {@code exact} is reported only when the
 * proved count equals the oracle's correct count with nothing unknown. Seeded and deterministic.
 *
 * <p>Audit findings (audit-se): no soundness bug found. Robustness, since fixed: the inputs the search emits were
 * decided without a budget, so a low-resolution hint could make the check decide about V times --max-inputs inputs;
 * every emitted input is now charged against the limit ({@link #enumeratedInputsAreBoundedByTheWorkLimit}).
 */
@org.junit.jupiter.api.Tag("slow")
class SeparableEnumerationAttackTest {
    static final BigInteger DEFAULT = VerifyOptions.DEFAULT_MAX_INPUTS;

    static Verdict verify(Weights w, BigInteger count, String hints, int threads, BigInteger maxInputs) throws CheckFailure {
        return Certificates.verify(w, "separable", count, hints, threads, maxInputs);
    }

    /** The split_logits JSON for a random subset of the valid triples. */
    static String split(SplittableRandom r, int v, double p) {
        StringBuilder sb = new StringBuilder("[");
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++)
                for (int x = 0; x < v; x++)
                    if (x != m && r.nextDouble() < p) sb.append(sb.length() > 1 ? "," : "").append("[" + q + "," + m + "," + x + "]");
        return sb.append("]").toString();
    }

    static int cases = 0;

    /** The full check of one model and one (resolution, split) choice, with and without enumeration. */
    static void check(String ctx, Weights w, ExactOracle.Count oc, int res, String splitJson, int threads) throws CheckFailure {
        String base = "\"resolution\":" + res + (splitJson == null ? "" : ",\"split_logits\":" + splitJson);
        String he = "{" + base + ",\"enumerate_failing\":true}", hu = "{" + base + "}";
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        Verdict ve = verify(w, BigInteger.ZERO, he, threads, DEFAULT);
        assertEquals(ExitCode.VERIFIED, ve.code(), ctx + " " + he + ": " + ve.reason());
        BigInteger pe = ve.proved();
        assertTrue(pe.compareTo(BigInteger.valueOf(oc.upper())) <= 0, ctx + " " + he + ": enumeration proves " + pe + " > oracle " + oc);
        Verdict vu = verify(w, BigInteger.ZERO, hu, threads, DEFAULT);
        assertEquals(ExitCode.VERIFIED, vu.code(), ctx + " " + hu + ": " + vu.reason());
        assertTrue(vu.proved().compareTo(pe) <= 0, ctx + ": union bound proves " + vu.proved() + " > enumeration " + pe);
        // the claim equal to the proved count: exact only if every input is decided, i.e. it equals the true count
        Verdict vx = verify(w, pe, he, threads, DEFAULT);
        assertEquals(ExitCode.VERIFIED, vx.code(), ctx + " " + he + ": " + vx.reason());
        if (vx.exact()) {
            assertEquals(0, oc.unknown(), ctx + " " + he + ": exact while the oracle has unknown inputs " + oc);
            assertEquals(BigInteger.valueOf(oc.correct()), pe, ctx + " " + he + ": exact " + pe + " but oracle " + oc);
        }
        if (pe.compareTo(total) < 0)
            assertEquals(ExitCode.REJECTED, verify(w, pe.add(BigInteger.ONE), he, 1, DEFAULT).code(), ctx + " " + he);
        // the direct run: the number decided is at most the number of inputs (no input emitted twice)
        Hints.Separable hs = new Hints.Separable(res, splitArray(splitJson), true);
        SeparableVerifier.Result r = SeparableVerifier.run(w, PathMatrices.of(w), hs, threads, DEFAULT);
        assertEquals(pe, r.proved(), ctx + " direct run");
        assertTrue(BigInteger.valueOf(r.enumerated()).compareTo(total.divide(BigInteger.ONE)) <= 0, ctx + " enumerated " + r.enumerated() + " > " + total);
        cases++;
        if (vx.exact()) exactCases++;
        if (r.enumerated() > 0 && BigInteger.valueOf(r.enumerated()).compareTo(total) < 0) partialCases++;
        if (vx.exact() && pe.compareTo(total) < 0 && pe.signum() > 0) exactMixed++;
    }

    static int exactCases, partialCases, exactMixed;

    static int[][] splitArray(String json) {
        if (json == null || json.equals("[]")) return new int[0][];
        List<int[]> l = new ArrayList<>();
        for (String t : json.substring(2, json.length() - 2).split("\\],\\[")) {
            String[] p = t.split(",");
            l.add(new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])});
        }
        return l.toArray(new int[0][]);
    }

    static final int[] RES = {1, 2, 3, 7, 64, 1 << 12, 1 << 18};

    static void sweep(String ctx, Weights w, long seed, int choices) throws CheckFailure {
        ExactOracle.Count oc = ExactOracle.exactCount(w);
        SplittableRandom r = new SplittableRandom(seed);
        for (int k = 0; k < choices; k++) {
            int res = RES[r.nextInt(RES.length)];
            double p = new double[] {0, 0, 0.3, 1.0}[r.nextInt(4)];
            String sp = p == 0 ? (r.nextBoolean() ? null : "[]") : split(r, w.vocab, p);
            check(ctx + " seed " + seed + " choice " + k, w, oc, res, sp, 1 + r.nextInt(3));
        }
    }

    @Test
    void randomModelsAllShapes() throws CheckFailure {
        SplittableRandom r = new SplittableRandom(20261203L);
        for (int v = 1; v <= 5; v++)
            for (int n = 1; n <= 4; n++) {
                if (Math.pow(v, n) > 700) continue;
                for (int s = 0; s < 3; s++) {
                    long seed = r.nextLong();
                    double scale = new double[] {0.1, 1, 4}[s];
                    Weights w = RandomModels.random(seed, v, n, 1 + r.nextInt(3), 1 + r.nextInt(3), scale, r.nextBoolean());
                    sweep("random V=" + v + " n=" + n, w, seed, 3);
                }
            }
        System.out.println("SE audit: cases " + cases + ", exact " + exactCases + ", partly enumerated " + partialCases + ", exact with 0 < count < V^n " + exactMixed);
        assertTrue(exactCases > 20 && partialCases > 20 && exactMixed > 10, "the sweep exercises the search's pruning and the exact verdict");
    }

    @Test
    void maxLikeAndNearTie() throws CheckFailure {
        SplittableRandom r = new SplittableRandom(7);
        for (int v = 2; v <= 5; v++)
            for (int n = 1; n <= 4; n++) {
                if (Math.pow(v, n) > 700) continue;
                long seed = r.nextLong();
                sweep("maxlike V=" + v + " n=" + n, MaxLikeModels.of(seed, v, n, 1 + r.nextDouble() * 4, 0.05, r.nextBoolean()), seed, 3);
                sweep("copy V=" + v + " n=" + n, MaxLikeModels.copyModel(seed, v, n, r.nextBoolean()), seed, 2);
                if (v >= 2) sweep("neartie V=" + v + " n=" + n, RandomModels.nearTie(seed, v, n), seed, 2);
            }
    }

    @Test
    void extremeModels() throws CheckFailure {
        for (long seed = 0; seed < 60; seed++) {
            ExtremeModels.Model m = ExtremeModels.extreme(seed);
            sweep("extreme " + m.description(), m.w(), seed, 2);
        }
    }

    /**
     * A model with a huge b_U[0]: every input with max above 0 is wrong, so every input fails a test and all of them
     * are emitted to be decided (the search's classes hold V^(n-1) inputs per query).
     */
    static Weights allWrong(int v, int n) throws CheckFailure {
        double[] bU = new double[v];
        bU[0] = 1000;
        double[][] wU = new double[2][v];
        return Weights.of(new double[v][2], new double[n][2], new double[2][2], new double[2][2], new double[2][2], new double[2][2], wU,
                null, null, null, null, bU);
    }

    @Test
    void allFailingInputsAreDecided() throws CheckFailure {
        for (int v = 1; v <= 4; v++)
            for (int n = 1; n <= 4; n++) {
                Weights w = allWrong(v, n);
                ExactOracle.Count oc = ExactOracle.exactCount(w);
                check("allWrong V=" + v + " n=" + n, w, oc, 1, null, 2);
                check("allWrong V=" + v + " n=" + n, w, oc, 1 << 18, split(new SplittableRandom(v * 10 + n), v, 1.0), 2);
                Verdict vx = verify(w, BigInteger.valueOf(oc.correct()), "{\"resolution\":5,\"enumerate_failing\":true}", 2, DEFAULT);
                assertEquals(ExitCode.VERIFIED, vx.code(), vx.reason());
                assertTrue(vx.exact(), "V=" + v + " n=" + n + ": every input decided, so exact: " + vx.detail());
            }
    }

    /**
     * Robustness (not soundness; found by the audit, fixed): the search counted only its nodes against --max-inputs, and
     * its last-position walk emits up to m+1 inputs per node, each stored and decided by brute force; each emitted input
     * is now charged 2Vn (its decision), so the inputs kept are at most --max-inputs / 2Vn.
     */
    @Test
    void enumeratedInputsAreBoundedByTheWorkLimit() throws CheckFailure {
        int v = 4, n = 7;
        Weights w = allWrong(v, n);
        BigInteger limit = BigInteger.valueOf(8000);
        Hints.Separable hs = new Hints.Separable(1, new int[0][], true);
        try {
            SeparableVerifier.Result r = SeparableVerifier.run(w, PathMatrices.of(w), hs, 1, limit);
            assertTrue(BigInteger.valueOf(r.enumerated()).compareTo(limit) <= 0,
                    "with --max-inputs " + limit + " the search stored and decided " + r.enumerated() + " inputs (V^n = " + (1 << 14) + ")");
        } catch (CheckFailure e) {
            // a resource limit is the expected outcome
        }
    }

    /** Within the limit the same model is decided completely: every input stored and decided, exactly. */
    @Test
    void enumeratedInputsWithinTheLimit() throws CheckFailure {
        int v = 4, n = 7;
        Weights w = allWrong(v, n);
        SeparableVerifier.Result r = SeparableVerifier.run(w, PathMatrices.of(w), new Hints.Separable(1, new int[0][], true), 1, BigInteger.valueOf(10_000_000));
        assertEquals(1L << 14, r.enumerated());
        assertEquals(BigInteger.valueOf(ExactOracle.exactCount(w).correct()), r.proved());
        assertTrue(r.exact());
    }
}
