package compactproofs.checker.cubic;

import compactproofs.checker.Checker;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.statement.CubicCover;
import compactproofs.checker.statement.InputClass;
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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import static compactproofs.checker.testing.MaxLikeModels.copyModel;

/** The cubic strategy against brute force on random tiny models (seeded, printed), and its claim checks. */
@Tag("slow")
public class CubicSoundnessTest {
    static final String SHA = "ab".repeat(32);

    static byte[] certificate(Weights w, BigInteger count, String hints) {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        BigInteger g = count.gcd(total);
        if (g.signum() == 0) g = BigInteger.ONE;
        String json = "{\"format\":\"" + Certificate.FORMAT + "\",\"format_version\":" + Certificate.FORMAT_VERSION
                + ",\"model\":{\"sha256\":\"" + SHA + "\",\"vocab\":" + w.vocab + ",\"n_ctx\":" + w.nCtx + ",\"d_model\":" + w.dModel
                + ",\"d_head\":" + w.dHead + "},\"strategy\":\"cubic\",\"claim\":{\"correct_count\":\"" + count + "\",\"total\":\"" + total
                + "\",\"accuracy\":\"" + count.divide(g) + "/" + total.divide(g) + "\"},\"hints\":" + hints + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static Verdict verify(Weights w, BigInteger count) throws CheckFailure {
        return Checker.verify(w, SHA, Certificate.parse(certificate(w, count, "{}")), VerifyOptions.defaults());
    }

    @Test
    void cubicNeverExceedsBruteForceAndOneMoreIsRejected() throws Exception {
        long master = Long.getLong("seed", 20261130L);
        SplittableRandom r = new SplittableRandom(master);
        int nonTrivial = 0;
        for (int trial = 0; trial < 40; trial++) {
            long seed = r.nextLong();
            int v = 2 + r.nextInt(7), n = 1 + r.nextInt(4), d = 1 + r.nextInt(8), h = 1 + r.nextInt(8);
            boolean biases = r.nextBoolean();
            double scale = r.nextBoolean() ? 1.0 : 3.0;
            Weights w = trial % 3 == 0 ? copyModel(seed, v, n, biases) : RandomModels.random(seed, v, n, d, h, scale, biases);
            String ctx = "master seed " + master + ", trial " + trial + ", model seed " + seed + " V=" + v + " n=" + n
                    + " d=" + w.dModel + " h=" + w.dHead + " biases=" + biases;
            PathMatrices pm = PathMatrices.of(w);
            BigInteger cubic = CubicVerifier.run(w, pm).proved();
            BigInteger brute = BigInteger.valueOf(new BruteForceVerifier(pm).run(1, null, null).proved());
            System.out.println("CubicSoundnessTest: " + ctx + ": cubic " + cubic + " <= brute force " + brute);
            assertTrue(cubic.compareTo(brute) <= 0, ctx);
            if (cubic.signum() > 0) nonTrivial++;
            everyCoveredInputIsCorrect(w, pm, ctx);
            Verdict ok = verify(w, cubic);
            assertEquals(ExitCode.VERIFIED, ok.code(), ctx + ": " + ok.reason());
            Verdict bad = verify(w, cubic.add(BigInteger.ONE));
            assertEquals(ExitCode.REJECTED, bad.code(), ctx);
        }
        assertTrue(nonTrivial >= 5, "too few random models where cubic proves anything: " + nonTrivial);
    }

    /** Stronger than comparing counts: each input covered by a proved case (Lemma C) is proved correct by brute force. */
    static void everyCoveredInputIsCorrect(Weights w, PathMatrices pm, String ctx) throws Exception {
        int v = w.vocab, n = w.nCtx;
        CubicVerifier.Result cubic = CubicVerifier.run(w, pm);
        CubicCover cover = cubic.cover();
        BigInteger count = cubic.proved();
        java.util.Set<String> notCorrect = java.util.Collections.synchronizedSet(new java.util.HashSet<>());
        new BruteForceVerifier(pm).run(1, (t, o) -> notCorrect.add(java.util.Arrays.toString(t)), null);
        long covered = 0, total = BigInteger.valueOf(v).pow(n).longValueExact();
        int[] t = new int[n];
        for (long idx = 0; idx < total; idx++) {
            long x = idx;
            for (int i = 0; i < n; i++) { t[i] = (int) (x % v); x /= v; }
            int q = t[n - 1], m = 0, c = 0;
            for (int a : t) m = Math.max(m, a);
            for (int i = 0; i < n - 1; i++) if (t[i] != m) c++;
            InputClass cls = new InputClass(q, m, c);
            boolean cov = c == 0 ? cover.covers(cls, m) : true;
            if (c > 0) for (int i = 0; i < n - 1; i++) if (t[i] != m && !cover.covers(cls, t[i])) cov = false;
            if (!cov) continue;
            covered++;
            assertTrue(!notCorrect.contains(java.util.Arrays.toString(t)), ctx + ": cubic covers " + java.util.Arrays.toString(t) + " which brute force does not prove");
        }
        assertEquals(count.longValueExact(), covered, ctx);
    }

    @Test
    void hintsAreMalformed() throws Exception {
        Weights w = RandomModels.random(5, 3, 2, 2, 2, 1.0, false);
        CheckFailure f = assertThrows(CheckFailure.class, () -> Checker.verify(w, SHA,
                Certificate.parse(certificate(w, BigInteger.ZERO, "{\"gaps\":[]}")), VerifyOptions.defaults()));
        assertEquals(ExitCode.MALFORMED, f.code());
        assertTrue(f.getMessage().contains("no hints"), f.getMessage());
    }

    @Test
    void copyModelIsFullyProved() throws Exception {
        for (int n = 1; n <= 4; n++) {
            Weights w = copyModel(3, 6, n, n % 2 == 0);
            PathMatrices pm = PathMatrices.of(w);
            BigInteger cubic = CubicVerifier.run(w, pm).proved();
            BigInteger brute = BigInteger.valueOf(new BruteForceVerifier(pm).run(1, null, null).proved());
            System.out.println("copy model n=" + n + ": cubic " + cubic + ", brute force " + brute);
            assertEquals(BigInteger.valueOf(6).pow(n), brute);
            assertEquals(brute, cubic);
            Verdict a = verify(w, cubic), b = verify(w, cubic);
            assertEquals(a.proofOps(), b.proofOps(), "operation count must be deterministic");
            assertTrue(a.proofOps().signum() > 0);
            assertEquals(BigInteger.valueOf(3 * 36 + 2 * n * 6), a.effectiveDimension());
            assertTrue(!a.exact(), "cubic never claims exactness");
        }
    }
}
