package compactproofs.checker.bruteforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.RandomModels;
import compactproofs.checker.testing.ReferenceModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.Certificates;

/** Brute force against the independent 60-digit oracle on random tiny models (seeded, printed). */
@Tag("slow")
class BruteForceSoundnessTest {

    /** Counts oracle-correct inputs; fails the test if any margin is within the oracle's tie band. */
    static long oracleCount(Weights w, boolean[] ambiguous) {
        ReferenceModel ref = new ReferenceModel(w);
        int v = w.vocab, n = w.nCtx;
        long total = BigInteger.valueOf(v).pow(n).longValueExact(), correct = 0;
        int[] t = new int[n];
        for (long idx = 0; idx < total; idx++) {
            long x = idx;
            for (int i = 0; i < n; i++) { t[i] = (int) (x % v); x /= v; }
            BigDecimal mg = ref.margin(t);
            if (mg.abs().compareTo(ReferenceModel.TIE) <= 0) ambiguous[0] = true;
            else if (mg.signum() > 0) correct++;
        }
        return correct;
    }

    @Test
    void provedCountEqualsOracleOnRandomTinyModels() throws Exception {
        long master = Long.getLong("seed", 20261129L);
        SplittableRandom r = new SplittableRandom(master);
        for (int trial = 0; trial < 24; trial++) {
            long seed = r.nextLong();
            int v = 2 + r.nextInt(6), n = 1 + r.nextInt(4), d = 1 + r.nextInt(8), h = 1 + r.nextInt(8);
            if (Math.pow(v, n) > 2500) n = 3;
            boolean biases = r.nextBoolean();
            double scale = r.nextBoolean() ? 1.0 : 3.0;
            Weights w = RandomModels.random(seed, v, n, d, h, scale, biases);
            String ctx = "master seed " + master + ", trial " + trial + ", model seed " + seed + " V=" + v + " n=" + n + " d=" + d + " h=" + h + " biases=" + biases;
            System.out.println("BruteForceSoundnessTest: " + ctx);
            boolean[] amb = new boolean[1];
            long expected = oracleCount(w, amb);
            Tally got = new BruteForceVerifier(PathMatrices.of(w)).run(2, null, null);
            if (amb[0]) assertTrue(got.proved() <= expected, ctx);
            else assertEquals(expected, got.proved(), ctx);
            assertEquals(BigInteger.valueOf(v).pow(n).longValueExact(), got.proved() + got.wrong() + got.unresolved(), ctx);
            // the checker accepts the proved count and rejects one more
            String claim = Certificates.cert(w, "brute-force", BigInteger.valueOf(got.proved()), "{}");
            assertEquals(compactproofs.checker.ExitCode.VERIFIED, Certificates.verify(w, claim).code(), ctx);
            if (got.proved() < BigInteger.valueOf(v).pow(n).longValueExact())
                assertEquals(compactproofs.checker.ExitCode.REJECTED,
                        Certificates.verify(w, Certificates.cert(w, "brute-force", BigInteger.valueOf(got.proved() + 1), "{}")).code(), ctx);
        }
    }

    @Test
    void nearTieModelsAreNeverOverCounted() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            Weights w = RandomModels.nearTie(seed, 6, 3);
            boolean[] amb = new boolean[1];
            long expected = oracleCount(w, amb);
            Tally got = new BruteForceVerifier(PathMatrices.of(w)).run(1, null, null);
            System.out.println("near-tie seed " + seed + ": oracle " + expected + (amb[0] ? " (+ties)" : "") + ", proved " + got.proved()
                    + ", rechecked " + got.rechecked() + ", unresolved " + got.unresolved());
            assertTrue(got.proved() <= expected, "seed " + seed);
            if (!amb[0]) assertEquals(expected, got.proved(), "seed " + seed);
        }
    }
}
