package compactproofs.checker;

import compactproofs.checker.bruteforce.Tally;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.format.Hints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claim checks of {@link Verifier} and the hint handling of {@link BruteForceVerifier} on a
 * seeded random model with V=4, n=2 (16 inputs) whose correct and wrong inputs are all decided.
 */
class CheckerTest {
    static final int V = 4, N = 2, D = 3, H = 2;
    static final String SHA = "0123456789abcdef".repeat(4);
    static Weights w;
    static long proved;
    static List<int[]> wrong = new ArrayList<>();

    @BeforeAll
    static void pickModel() throws Exception {
        // the first seed whose model is right on some inputs and wrong on others, with nothing unresolved
        for (long seed = 1; ; seed++) {
            Weights m = RandomModels.random(seed, V, N, D, H, 1.0, true);
            List<int[]> bad = new ArrayList<>();
            Tally r = new BruteForceVerifier(PathMatrices.of(m)).run(1, (t, o) -> bad.add(t), null);
            if (r.unresolved() == 0 && r.wrong() >= 2 && r.proved() > 0) {
                System.out.println("CheckerTest: model seed " + seed + ", proved " + r.proved() + ", wrong " + r.wrong());
                w = m;
                proved = r.proved();
                wrong.addAll(bad);
                assertEquals(r.wrong(), bad.size());
                return;
            }
        }
    }

    static String inputs(List<int[]> ts) {
        StringBuilder s = new StringBuilder("[");
        for (int[] t : ts) {
            if (s.length() > 1) s.append(',');
            s.append('[');
            for (int i = 0; i < t.length; i++) s.append(i > 0 ? "," : "").append(t[i]);
            s.append(']');
        }
        return s.append(']').toString();
    }

    static Certificate cert(String sha, int v, int n, int d, int h, String strategy, long count, long total, String acc, String hints)
            throws CheckFailure {
        String json = "{\"format\":\"compact-proofs/max-of-k-certificate\",\"format_version\":1,\"model\":{\"sha256\":\"" + sha
                + "\",\"vocab\":" + v + ",\"n_ctx\":" + n + ",\"d_model\":" + d + ",\"d_head\":" + h + "},\"strategy\":\"" + strategy
                + "\",\"claim\":{\"correct_count\":\"" + count + "\",\"total\":\"" + total + "\",\"accuracy\":\"" + acc + "\"}"
                + (hints == null ? "" : ",\"hints\":" + hints) + "}";
        return Certificate.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A self-consistent brute-force certificate claiming {@code count} of the 16 inputs. */
    static Certificate claim(long count, String hints) throws CheckFailure {
        return cert(SHA, V, N, D, H, "brute-force", count, 16, count + "/16", hints);
    }

    static Verdict verify(Certificate c) throws CheckFailure {
        return Checker.verify(w, SHA, c, new VerifyOptions(2, VerifyOptions.DEFAULT_MAX_INPUTS, null));
    }

    static void rejected(Certificate c, String reason) throws CheckFailure {
        Verdict v = verify(c);
        assertEquals(ExitCode.REJECTED, v.code(), v.reason());
        assertFalse(v.verified());
        assertFalse(v.exact());
        assertTrue(v.reason().contains(reason), () -> "\"" + v.reason() + "\" lacks \"" + reason + "\"");
    }

    @Test
    void exactClaimWithFullWrongListIsVerifiedExactly() throws Exception {
        Verdict v = verify(claim(proved, "{\"incorrect_inputs\":" + inputs(wrong) + "}"));
        assertEquals(ExitCode.VERIFIED, v.code(), v.reason());
        assertTrue(v.verified());
        assertTrue(v.exact());
        assertEquals(BigInteger.valueOf(proved), v.proved());
        assertEquals(BigInteger.valueOf(16), v.total());
        assertEquals(BigInteger.valueOf(64), v.effectiveDimension()); // V^n * V
        assertEquals(SHA, v.modelSha256());
        assertEquals(V, v.vocab());
        assertEquals(N, v.nCtx());
        assertEquals("brute-force", v.strategy());
        assertTrue(v.reason().contains("proved " + proved + " >= claimed " + proved), v.reason());
        assertTrue(v.detail().startsWith(wrong.size() + " proved wrong, 0 unresolved"), v.detail());
        assertTrue(v.seconds() >= 0);
        // the list is compared with the inputs brute force did not prove, at no counted cost
        Verdict plain = verify(claim(proved, null));
        assertEquals(plain.proofOps(), v.proofOps());
        assertTrue(plain.proofOps().compareTo(BigInteger.valueOf(16)) > 0);
    }

    @Test
    void listedInputsMustBeExactlyTheNotProvedOnes() throws Exception {
        assertTrue(verify(claim(proved, null)).exact(), "nothing unresolved: exact without a list");
        assertTrue(verify(claim(proved, "{}")).exact(), "nothing unresolved: exact without a list");
        List<int[]> partial = new ArrayList<>(wrong.subList(1, wrong.size()));
        listRejected(partial);
        List<int[]> swapped = new ArrayList<>(partial);
        swapped.add(0, firstCorrect());
        listRejected(swapped);
        CheckFailure e = assertThrows(CheckFailure.class, () -> verify(claim(proved, "{\"other\":1}")));
        assertEquals(ExitCode.MALFORMED, e.code());
    }

    private static void listRejected(List<int[]> list) {
        CheckFailure e = assertThrows(CheckFailure.class, () -> verify(claim(proved, "{\"incorrect_inputs\":" + inputs(list) + "}")));
        assertEquals(ExitCode.REJECTED, e.code());
        assertTrue(e.getMessage().contains("is not the set of inputs the model gets wrong"), e.getMessage());
    }

    static int[] firstCorrect() {
        for (int a = 0; a < V; a++)
            for (int b = 0; b < V; b++) {
                int[] t = {a, b};
                if (wrong.stream().noneMatch(x -> x[0] == t[0] && x[1] == t[1])) return t;
            }
        throw new AssertionError("no correct input");
    }

    @Test
    void smallerClaimIsVerifiedButNotExact() throws Exception {
        Verdict v = verify(claim(proved - 1, "{\"incorrect_inputs\":" + inputs(wrong) + "}"));
        assertEquals(ExitCode.VERIFIED, v.code());
        assertFalse(v.exact());
        assertEquals(BigInteger.valueOf(proved - 1), v.correctCount());
        Verdict zero = verify(claim(0, null));
        assertTrue(zero.verified());
    }

    @Test
    void largerClaimIsRejected() throws Exception {
        rejected(claim(proved + 1, null), "claim " + (proved + 1) + " exceeds the " + proved + " inputs the brute-force strategy proves correct");
        Verdict v = verify(claim(proved + 1, null));
        assertEquals(BigInteger.valueOf(proved), v.proved());
    }

    @Test
    void claimMustBeAboutThisModel() throws Exception {
        String other = "f".repeat(64);
        rejected(cert(other, V, N, D, H, "brute-force", 1, 16, "1/16", null), "not this file");
        Verdict v = verify(cert(other, V, N, D, H, "brute-force", 1, 16, "1/16", null));
        assertNull(v.proved());
        assertNull(v.proofOps(), "no proof ran");
        assertEquals(BigInteger.valueOf(16), v.total());
        rejected(cert(SHA, V + 1, N, D, H, "brute-force", 1, 16, "1/16", null), "differs from the weights");
        rejected(cert(SHA, V, N + 1, D, H, "brute-force", 1, 16, "1/16", null), "differs from the weights");
        rejected(cert(SHA, V, N, D + 1, H, "brute-force", 1, 16, "1/16", null), "differs from the weights");
        rejected(cert(SHA, V, N, D, H + 1, "brute-force", 1, 16, "1/16", null), "differs from the weights");
    }

    @Test
    void claimMustBeSelfConsistent() throws Exception {
        rejected(cert(SHA, V, N, D, H, "brute-force", 1, 17, "1/17", null), "claim.total is 17 but V^n = 16");
        rejected(cert(SHA, V, N, D, H, "brute-force", 17, 16, "17/16", null), "exceeds the total 16");
        rejected(cert(SHA, V, N, D, H, "brute-force", 2, 16, "1/16", null), "is not correct_count/total");
        // equal fractions in other terms are accepted; count == total is a valid (if false) claim
        assertEquals(ExitCode.VERIFIED, verify(cert(SHA, V, N, D, H, "brute-force", 2, 16, "1/8", null)).code());
        assertEquals(ExitCode.REJECTED, verify(cert(SHA, V, N, D, H, "brute-force", 16, 16, "1/1", null)).code());
        assertTrue(verify(cert(SHA, V, N, D, H, "brute-force", 16, 16, "1/1", null)).reason().contains("exceeds the " + proved));
    }

    @Test
    void unknownStrategyIsUnsupportedEvenForAMismatchedClaim() {
        for (String sha : new String[] {SHA, "e".repeat(64)}) {
            CheckFailure e = assertThrows(CheckFailure.class, () -> verify(cert(sha, V, N, D, H, "magic", 1, 16, "1/16", null)));
            assertEquals(ExitCode.UNSUPPORTED, e.code());
            assertTrue(e.getMessage().contains("unknown strategy \"magic\""), e.getMessage());
        }
    }

    @Test
    void inputLimitIsEnforced() throws Exception {
        Certificate c = claim(proved, null);
        CheckFailure e = assertThrows(CheckFailure.class,
                () -> Checker.verify(w, SHA, c, new VerifyOptions(1, BigInteger.valueOf(15), null)));
        assertEquals(ExitCode.RESOURCE_LIMIT, e.code());
        assertTrue(e.getMessage().contains("brute force over 16 inputs exceeds the limit of 15"), e.getMessage());
        AtomicInteger last = new AtomicInteger(), calls = new AtomicInteger();
        Verdict v = Checker.verify(w, SHA, c, new VerifyOptions(1, BigInteger.valueOf(16), (k, total) -> { last.set(k); calls.incrementAndGet(); assertEquals(V, total); }));
        assertTrue(v.verified());
        assertEquals(V, calls.get(), "one progress report per query token");
        assertEquals(V, last.get());
    }

    @Test
    void interruptionIsAResourceLimitAndKeepsTheFlag() throws Exception {
        Certificate c = claim(proved, null);
        // workers linger in the progress callback, so the interrupted caller is still waiting for them
        VerifyOptions slow = new VerifyOptions(1, VerifyOptions.DEFAULT_MAX_INPUTS, (k, total) -> {
            try { Thread.sleep(2000); } catch (InterruptedException stop) { Thread.currentThread().interrupt(); }
        });
        Thread.currentThread().interrupt();
        try {
            CheckFailure e = assertThrows(CheckFailure.class, () -> Checker.verify(w, SHA, c, slow));
            assertEquals(ExitCode.RESOURCE_LIMIT, e.code());
            assertEquals("interrupted", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status restored");
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void malformedHintsAreRefused() {
        malformedHint("{\"incorrect_inputs\":{}}", "must be an array");
        malformedHint("{\"incorrect_inputs\":[[0]]}", "must be an array of 2 tokens");
        malformedHint("{\"incorrect_inputs\":[[0,1,2]]}", "must be an array of 2 tokens");
        malformedHint("{\"incorrect_inputs\":[5]}", "must be an array of 2 tokens");
        malformedHint("{\"incorrect_inputs\":[[0,4]]}", "has token 4 >= vocab 4");
        malformedHint("{\"incorrect_inputs\":[[4,0]]}", "has token 4 >= vocab 4");
        malformedHint("{\"incorrect_inputs\":[[0,-1]]}", "non-negative JSON integer");
        malformedHint("{\"incorrect_inputs\":[[1,2],[0,0],[1,2]]}", "lists [1, 2] twice");
    }

    /**
     * The list limit: 2^20 entries pass the size check (and are refused for their content), one more
     * than MAX_LISTED is a resource limit before any entry is read. Parses two 2 MB hint lists.
     */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void listedInputsAreLimited() {
        malformedHint("{\"incorrect_inputs\":[" + "0,".repeat((1 << 20) - 1) + "0]}", "must be an array of 2 tokens");
        CheckFailure over = assertThrows(CheckFailure.class,
                () -> verify(claim(proved, "{\"incorrect_inputs\":[" + "0,".repeat(Hints.BruteForce.MAX_LISTED) + "0]}")));
        assertEquals(ExitCode.RESOURCE_LIMIT, over.code(), over.getMessage());
        assertTrue(over.getMessage().contains("lists more than " + Hints.BruteForce.MAX_LISTED), over.getMessage());
    }

    private static void malformedHint(String hints, String reason) {
        CheckFailure e = assertThrows(CheckFailure.class, () -> verify(claim(proved, hints)));
        assertEquals(ExitCode.MALFORMED, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "\"" + e.getMessage() + "\" lacks \"" + reason + "\"");
    }

    @Test
    void strategyLookup() throws Exception {
        // every strategy name parses to its own typed hints; anything else (case, spaces, unknown variants) is unsupported
        assertTrue(claim(3, null).hints instanceof Hints.BruteForce);
        assertTrue(cert(SHA, V, N, D, H, "cubic", 3, 16, "3/16", null).hints instanceof Hints.Cubic);
        assertTrue(cert(SHA, V, N, D, H, "cascade", 3, 16, "3/16", null).hints instanceof Hints.Cascade);
        for (String bad : List.of("Brute-Force", "brute-force ", "", "cubic2", "subcubic:", "subcubic:EUPU-no-such-variant"))
            assertEquals(ExitCode.UNSUPPORTED, assertThrows(CheckFailure.class, () -> cert(SHA, V, N, D, H, bad, 3, 16, "3/16", null), bad).code(), bad);
        VerifyOptions d = VerifyOptions.defaults();
        assertEquals(Runtime.getRuntime().availableProcessors(), d.threads());
        assertEquals(BigInteger.ONE.shiftLeft(34), d.maxInputs());
        assertNull(d.progress());
        // the limit is enforced: brute force over more inputs than maxInputs is refused before it runs
        // (here 16 inputs against a limit of 15, and 2^35 inputs against the default 2^34), and runs at the limit
        CheckFailure small = assertThrows(CheckFailure.class,
                () -> Checker.verify(w, SHA, claim(proved, null), new VerifyOptions(1, BigInteger.valueOf(15), null)));
        assertEquals(ExitCode.RESOURCE_LIMIT, small.code(), small.getMessage());
        assertTrue(Checker.verify(w, SHA, claim(proved, null), new VerifyOptions(1, BigInteger.valueOf(16), null)).verified());
        Weights wide = Weights.of(new double[][] {{0}, {1}}, new double[35][1], new double[][] {{1}}, new double[][] {{1}},
                new double[][] {{1}}, new double[][] {{1}}, new double[][] {{1, 0}}, null, null, null, null, null);
        BigInteger total = BigInteger.TWO.pow(35);
        CheckFailure big = assertThrows(CheckFailure.class,
                () -> Checker.verify(wide, SHA, cert(SHA, 2, 35, 1, 1, "brute-force", 0, total.longValueExact(), "0/1", null), d));
        assertEquals(ExitCode.RESOURCE_LIMIT, big.code(), big.getMessage());
        assertTrue(big.getMessage().contains(d.maxInputs().toString()), big.getMessage());
    }

    /** Several certificates of one model share its path matrices: computed on first use only, then the same object. */
    @Test
    void pathMatricesAreComputedOncePerSupplier() throws Exception {
        int[] computed = {0};
        java.util.function.Supplier<PathMatrices> once = PathMatrices.lazily(w);
        java.util.function.Supplier<PathMatrices> counting = () -> { computed[0]++; return once.get(); };
        PathMatrices first = once.get();
        assertSame(first, once.get());
        assertTrue(Checker.check(w, counting, SHA, claim(proved, null), VerifyOptions.defaults()).verdict().verified());
        assertTrue(Checker.check(w, counting, SHA, claim(proved, null), VerifyOptions.defaults()).verdict().verified());
        assertEquals(2, computed[0]);
        assertSame(first, once.get());
        // a certificate for another model never asks for the matrices
        Certificate other = cert("ab".repeat(32), V, N, D, H, "brute-force", proved, 1L << (2 * N), proved + "/" + (1L << (2 * N)), null);
        assertEquals(ExitCode.REJECTED, Checker.check(w, counting, SHA, other, VerifyOptions.defaults()).verdict().code());
        assertEquals(2, computed[0]);
        assertNotSame(first, PathMatrices.lazily(w).get());
    }
}
