package compactproofs.checker.cascade;

import compactproofs.checker.statement.InputClass;
import compactproofs.checker.Checker;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.RandomModels;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.Certificates;

/** The cascade verifier's hint, shard and limit checks, and the combine step's coverage checks. */
class CascadeVerifierTest {
    static final Weights W = RandomModels.random(17, 5, 3, 4, 4, 1.0, false);
    static final String SHA = Certificates.SHA;

    static Certificate cert(BigInteger count, String hints) throws CheckFailure {
        return Certificate.parse(Certificates.cert(W, "cascade", count, hints).getBytes(StandardCharsets.UTF_8));
    }

    static VerifyOptions opts(long maxInputs) {
        return new VerifyOptions(1, BigInteger.valueOf(maxInputs), null);
    }

    static CheckFailure fails(String hints, VerifyOptions o) {
        return assertThrows(CheckFailure.class, () -> Checker.verify(W, SHA, cert(BigInteger.ZERO, hints), o));
    }

    /** Hints listing the classes of one shard (all of them with count 1). */
    static String shardHints(int index, int count) {
        StringBuilder b = new StringBuilder("{\"shard\":{\"index\":" + index + ",\"count\":" + count + "},\"enumerate\":[");
        boolean first = true;
        for (InputClass k : Certificates.allClasses(5, 3)) {
            if (!InputClass.inShard(5, k, index, count)) continue;
            b.append(first ? "" : ",").append('[').append(k.q()).append(',').append(k.m()).append(',').append(k.c()).append(']');
            first = false;
        }
        return b.append("]}").toString();
    }

    @Test
    void verdictReportsTheEffectiveDimensionAndExactness() throws Exception {
        String all = Certificates.hints(Certificates.allClasses(5, 3));
        Verdict v = Checker.verify(W, SHA, cert(BigInteger.ZERO, all), VerifyOptions.defaults());
        assertEquals(ExitCode.VERIFIED, v.code());
        assertEquals(BigInteger.valueOf(3 * 25 + 2 * 3 * 5), v.effectiveDimension());
        BigInteger exact = BigInteger.valueOf(new BruteForceVerifier(PathMatrices.of(W)).run(1, null, null).proved());
        assertEquals(exact, v.proved());
        Verdict e = Checker.verify(W, SHA, cert(exact, all), VerifyOptions.defaults());
        assertTrue(e.exact(), "every rest enumerated and the claim equals the proof");
        assertTrue(!Checker.verify(W, SHA, cert(BigInteger.ZERO, "{\"enumerate\":[]}"), VerifyOptions.defaults()).exact());
    }

    @Test
    void theInputLimitCountsEveryListedClass() throws Exception {
        // V = 5, n = 4: the cubic stage's V^3 n = 500 steps are within every limit below; class [4, 4, 3] holds at most
        // 2^(n-1) m^c = 8 * 64 = 512 inputs, with [1, 4, 1]: + 8 * 4 = 544
        Weights w = RandomModels.random(17, 5, 4, 4, 4, 1.0, false);
        java.util.function.BiFunction<String, Long, ExitCode> run = (h, max) -> {
            try {
                return Checker.verify(w, SHA, Certificate.parse(Certificates.cert(w, "cascade", BigInteger.ZERO, h).getBytes(StandardCharsets.UTF_8)), opts(max)).code();
            } catch (CheckFailure f) {
                return f.code();
            }
        };
        String h = "{\"enumerate\":[[4,4,3],[1,4,1]]}";
        assertEquals(ExitCode.VERIFIED, run.apply(h, 544L));
        assertEquals(ExitCode.RESOURCE_LIMIT, run.apply(h, 543L));
        assertEquals(ExitCode.RESOURCE_LIMIT, run.apply("{\"enumerate\":[[4,4,3]]}", 511L));
        assertEquals(ExitCode.VERIFIED, run.apply("{\"enumerate\":[[4,4,3]]}", 512L));
    }

    /** The cubic stage (cubic, and cascade's first stage) is refused when its V^3 n steps exceed --max-inputs (SPEC §7). */
    @Test
    void theCubicStageIsLimited() throws Exception {
        Certificate cubic = Certificate.parse(Certificates.cert(W, "cubic", BigInteger.ZERO, "{}").getBytes(StandardCharsets.UTF_8));
        for (Certificate c : List.of(cubic, cert(BigInteger.ZERO, "{\"enumerate\":[]}"))) {
            assertEquals(ExitCode.VERIFIED, Checker.verify(W, SHA, c, opts(375)).code(), c.strategy); // V = 5, n = 3: 125 * 3
            CheckFailure f = assertThrows(CheckFailure.class, () -> Checker.verify(W, SHA, c, opts(374)));
            assertEquals(ExitCode.RESOURCE_LIMIT, f.code());
            assertTrue(f.getMessage().contains("V^3 n = 375 steps exceed the limit of 374"), f.getMessage());
        }
    }

    @Test
    void shardHintsAreValidated() throws Exception {
        assertEquals(ExitCode.VERIFIED, Checker.verify(W, SHA, cert(BigInteger.ZERO, shardHints(2, 3)), VerifyOptions.defaults()).code());
        assertEquals(ExitCode.VERIFIED, Checker.verify(W, SHA, cert(BigInteger.ZERO, shardHints(0, 1)), VerifyOptions.defaults()).code());
        for (String bad : new String[] {
            "{\"shard\":{\"index\":3,\"count\":3}}", "{\"shard\":{\"index\":4,\"count\":3}}", "{\"shard\":{\"index\":0,\"count\":0}}",
            "{\"shard\":{\"index\":0,\"count\":2,\"of\":1}}", "{\"shard\":[0,2]}", "{\"shard\":{\"count\":2}}"}) {
            assertEquals(ExitCode.MALFORMED, fails(bad, VerifyOptions.defaults()).code(), bad);
        }
        // a listed class must lie in the certificate's shard: [0, 1, 0] has (1 * 5 + 0) mod 3 = 2 (Lemma M)
        CheckFailure outside = fails("{\"shard\":{\"index\":0,\"count\":3},\"enumerate\":[[0,1,0]]}", VerifyOptions.defaults());
        assertEquals(ExitCode.MALFORMED, outside.code());
        assertTrue(outside.getMessage().contains("[0, 1, 0], which is not in shard 0/3"), outside.getMessage());
        // --shard must match the certificate's shard, index and count
        VerifyOptions o = VerifyOptions.defaults();
        assertEquals(ExitCode.VERIFIED, Checker.verify(W, SHA, cert(BigInteger.ZERO, shardHints(1, 3)), o.withShard(1, 3)).code());
        assertEquals(ExitCode.REJECTED, fails(shardHints(1, 3), o.withShard(0, 3)).code());
        assertEquals(ExitCode.REJECTED, fails(shardHints(1, 3), o.withShard(1, 4)).code());
        assertEquals(ExitCode.REJECTED, fails("{\"enumerate\":[]}", o.withShard(0, 2)).code());
        assertEquals(ExitCode.VERIFIED, Checker.verify(W, SHA, cert(BigInteger.ZERO, "{\"enumerate\":[]}"), o.withShard(0, 1)).code());
    }

    @Test
    void aListLongerThanTheNumberOfClassesIsMalformed() {
        StringBuilder b = new StringBuilder("{\"enumerate\":[");
        for (int i = 0; i <= 5 * 5 * 3; i++) b.append(i == 0 ? "" : ",").append("[0,0,0]");
        CheckFailure f = fails(b.append("]}").toString(), VerifyOptions.defaults());
        assertEquals(ExitCode.MALFORMED, f.code());
        assertTrue(f.getMessage().contains("more classes"), f.getMessage());
    }

    @Test
    void combineAddsVerifiedShardsAndChecksCoverage() throws Exception {
        PathMatrices pm = PathMatrices.of(W);
        List<Certificate> shards = new ArrayList<>();
        BigInteger sum = BigInteger.ZERO, ops = BigInteger.ZERO;
        for (int i = 0; i < 3; i++) {
            Verdict v = Checker.verify(W, SHA, cert(BigInteger.ZERO, shardHints(i, 3)), VerifyOptions.defaults());
            shards.add(cert(v.proved(), shardHints(i, 3)));
            sum = sum.add(v.proved());
            ops = ops.add(v.proofOps());
        }
        assertEquals(BigInteger.valueOf(new BruteForceVerifier(pm).run(1, null, null).proved()), sum);
        Verdict all = Combine.verify(W, SHA, shards, VerifyOptions.defaults());
        assertEquals(ExitCode.VERIFIED, all.code());
        assertEquals(sum, all.correctCount());
        assertEquals(ops, all.proofOps());
        // an over-claiming shard makes the combination fail
        List<Certificate> over = new ArrayList<>(shards);
        over.set(1, cert(shards.get(1).correctCount.add(BigInteger.ONE), shardHints(1, 3)));
        assertEquals(ExitCode.REJECTED, Combine.verify(W, SHA, over, VerifyOptions.defaults()).code());
        // shard counts must agree
        List<Certificate> mixed = new ArrayList<>(shards);
        mixed.set(2, cert(BigInteger.ONE, shardHints(2, 4)));
        assertEquals(ExitCode.REJECTED, Combine.verify(W, SHA, mixed, VerifyOptions.defaults()).code());
        // the claim is the sum over every shard, whichever shard disagrees first (SPEC §4)
        BigInteger claims = shards.get(0).correctCount.add(shards.get(1).correctCount).add(BigInteger.ONE);
        assertEquals(claims, Combine.verify(W, SHA, mixed, VerifyOptions.defaults()).correctCount());
        assertEquals(claims, Combine.verify(W, SHA, List.of(mixed.get(2), mixed.get(0), mixed.get(1)), VerifyOptions.defaults()).correctCount());
        // only cascade certificates, and at least one
        List<Certificate> other = new ArrayList<>(shards);
        other.set(0, Certificate.parse(Certificates.cert(W, "cubic", BigInteger.ZERO, "{}").getBytes(StandardCharsets.UTF_8)));
        assertEquals(ExitCode.UNSUPPORTED, assertThrows(CheckFailure.class, () -> Combine.verify(W, SHA, other, VerifyOptions.defaults())).code());
        assertEquals(ExitCode.MALFORMED, assertThrows(CheckFailure.class, () -> Combine.verify(W, SHA, List.of(), VerifyOptions.defaults())).code());
        // a single unsharded certificate is the one shard 0/1
        Verdict one = Combine.verify(W, SHA, List.of(cert(BigInteger.ZERO, "{\"enumerate\":[]}")), VerifyOptions.defaults());
        assertEquals(ExitCode.VERIFIED, one.code());
    }

    @Test
    void aShardIsNeverExactAndCombineIsExactExactlyWhenEveryShardIs() throws Exception {
        List<Certificate> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Verdict v = Checker.verify(W, SHA, cert(BigInteger.ZERO, shardHints(i, 3)), VerifyOptions.defaults());
            Verdict claimed = Checker.verify(W, SHA, cert(v.proved(), shardHints(i, 3)), VerifyOptions.defaults());
            assertEquals(ExitCode.VERIFIED, claimed.code());
            assertTrue(!claimed.exact(), "a shard says nothing about the other shards' inputs");
            shards.add(cert(v.proved(), shardHints(i, 3)));
        }
        assertTrue(Combine.verify(W, SHA, shards, VerifyOptions.defaults()).exact(), "every rest of every shard enumerated");
        // one shard claiming less than it proves: verified, not exact
        List<Certificate> under = new ArrayList<>(shards);
        under.set(0, cert(shards.get(0).correctCount.subtract(BigInteger.ONE).max(BigInteger.ZERO), shardHints(0, 3)));
        Verdict u = Combine.verify(W, SHA, under, VerifyOptions.defaults());
        assertEquals(ExitCode.VERIFIED, u.code());
        assertEquals(shards.get(0).correctCount.signum() == 0, u.exact());
        // one shard that does not enumerate its rests: verified, not exact
        List<Certificate> partial = new ArrayList<>(shards);
        partial.set(1, cert(BigInteger.ZERO, "{\"shard\":{\"index\":1,\"count\":3}}"));
        Verdict pv = Combine.verify(W, SHA, partial, VerifyOptions.defaults());
        assertEquals(ExitCode.VERIFIED, pv.code());
        assertTrue(!pv.exact());
        // the unsharded certificate with every class is exact (shard 0/1 is the whole space)
        String all = Certificates.hints(Certificates.allClasses(5, 3));
        BigInteger exact = BigInteger.valueOf(new BruteForceVerifier(PathMatrices.of(W)).run(1, null, null).proved());
        assertTrue(Combine.verify(W, SHA, List.of(cert(exact, all)), VerifyOptions.defaults()).exact());
    }

    @Test
    void shardOptionIsAnArgumentErrorForStrategiesWithoutShards() throws Exception {
        for (String strategy : new String[] {"cubic", "brute-force"}) {
            Certificate c = Certificate.parse(Certificates.cert(W, strategy, BigInteger.ZERO, "{}").getBytes(StandardCharsets.UTF_8));
            CheckFailure f = assertThrows(CheckFailure.class, () -> Checker.verify(W, SHA, c, VerifyOptions.defaults().withShard(0, 2)));
            assertEquals(ExitCode.MALFORMED, f.code(), strategy);
            assertTrue(f.getMessage().contains("--shard"), f.getMessage());
            assertEquals(ExitCode.VERIFIED, Checker.verify(W, SHA, c, VerifyOptions.defaults()).code());
        }
    }
}
