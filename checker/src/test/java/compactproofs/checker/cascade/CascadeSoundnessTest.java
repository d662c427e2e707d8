package compactproofs.checker.cascade;

import compactproofs.checker.bruteforce.Tally;
import compactproofs.checker.cubic.CubicVerifier;
import compactproofs.checker.statement.InputClass;
import compactproofs.checker.Checker;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.RandomModels;
import static compactproofs.checker.testing.Certificates.allClasses;
import static compactproofs.checker.testing.Certificates.cert;
import static compactproofs.checker.testing.Certificates.hints;
import static compactproofs.checker.testing.Certificates.verify;
import static compactproofs.checker.testing.Certificates.SHA;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.Certificates;

/** Cascade against brute force on random tiny models (seeded, printed). */
@Tag("slow")
class CascadeSoundnessTest {
    @Test
    void unlimitedCascadeEqualsBruteForceAndPartialCascadesNeverExceedIt() throws Exception {
        long master = Long.getLong("seed", 4242L);
        SplittableRandom r = new SplittableRandom(master);
        for (int trial = 0; trial < 30; trial++) {
            long seed = r.nextLong();
            int v = 2 + r.nextInt(7), n = 1 + r.nextInt(4);
            Weights w = trial % 3 == 0 ? RandomModels.nearTie(seed, v, Math.max(2, n))
                    : RandomModels.random(seed, v, n, 1 + r.nextInt(8), 1 + r.nextInt(8), r.nextBoolean() ? 1 : 3, r.nextBoolean());
            String ctx = "master " + master + " trial " + trial + " seed " + seed + " V=" + w.vocab + " n=" + w.nCtx;
            System.out.println("CascadeSoundnessTest: " + ctx);
            PathMatrices pm = PathMatrices.of(w);
            Tally bf = new BruteForceVerifier(pm).run(1, null, null);
            List<InputClass> all = allClasses(w.vocab, w.nCtx);
            CascadeVerifier.Result full = CascadeVerifier.run(pm, CubicVerifier.run(w, pm), all, 0, 1, 2, null);
            assertEquals(BigInteger.valueOf(bf.proved()), full.proved(), ctx);
            assertEquals(bf.unresolved() == 0, full.everyRestEnumerated(), ctx);
            // a random subset: between the cubic count and the exact count
            List<InputClass> some = new ArrayList<>(all);
            Collections.shuffle(some, new java.util.Random(seed));
            some = some.subList(0, r.nextInt(some.size() + 1));
            CascadeVerifier.Result part = CascadeVerifier.run(pm, CubicVerifier.run(w, pm), some, 0, 1, 1, null);
            assertTrue(part.proved().compareTo(BigInteger.valueOf(bf.proved())) <= 0, ctx);
            assertTrue(part.proved().compareTo(part.cubicProved()) >= 0, ctx);
            // the checker accepts the partial claim and rejects one more
            assertEquals(ExitCode.VERIFIED, verify(w, cert(w, "cascade", part.proved(), hints(some))).code(), ctx);
            if (part.proved().compareTo(BigInteger.valueOf(w.vocab).pow(w.nCtx)) < 0)
                assertEquals(ExitCode.REJECTED, verify(w, cert(w, "cascade", part.proved().add(BigInteger.ONE), hints(some))).code(), ctx);
        }
    }

    @Test
    void corruptedPartitionsAreRejected() throws Exception {
        Weights w = RandomModels.random(7, 5, 3, 4, 4, 1, false);
        List<InputClass> all = allClasses(5, 3);
        String[] bad = {
            "{\"enumerate\":[[0,0,0],[0,0,0]]}",   // duplicate class
            "{\"enumerate\":[[3,2,0]]}",           // q > m
            "{\"enumerate\":[[1,2,2]]}",           // c = n-1 with q < m
            "{\"enumerate\":[[0,5,1]]}",           // m >= V
            "{\"enumerate\":[[0,0,1]]}",           // m = 0 with c >= 1
            "{\"enumerate\":[[0,1]]}",             // arity
            "{\"enumerate\":[[0,1,-1]]}",          // negative
            "{\"enumerate\":[[0,1,1.0]]}",         // float
            "{\"enumerate\":[\"0,1,1\"]}",         // not an array
            "{\"classes\":[]}",                    // unknown hint
        };
        for (String h : bad) {
            CheckFailure f = null;
            try { verify(w, cert(w, "cascade", BigInteger.ZERO, h)); } catch (CheckFailure e) { f = e; }
            assertTrue(f != null && f.code() == ExitCode.MALFORMED, h);
        }
        assertEquals(ExitCode.VERIFIED, verify(w, cert(w, "cascade", BigInteger.ZERO, hints(all))).code());
    }

    @Test
    void shardsPartitionTheCountAndCombineChecksCoverage() throws Exception {
        Weights w = RandomModels.random(11, 6, 3, 5, 5, 1, true);
        PathMatrices pm = PathMatrices.of(w);
        BigInteger exact = BigInteger.valueOf(new BruteForceVerifier(pm).run(1, null, null).proved());
        int shards = 3;
        List<Certificate> certs = new ArrayList<>();
        BigInteger sum = BigInteger.ZERO;
        for (int i = 0; i < shards; i++) {
            List<InputClass> mine = new ArrayList<>();
            for (InputClass k : allClasses(6, 3)) if (InputClass.inShard(6, k, i, shards)) mine.add(k);
            CascadeVerifier.Result r = CascadeVerifier.run(pm, CubicVerifier.run(w, pm), mine, i, shards, 1, null);
            sum = sum.add(r.proved());
            String h = hints(mine).replace("{\"enumerate\"", "{\"shard\":{\"index\":" + i + ",\"count\":" + shards + "},\"enumerate\"");
            certs.add(Certificate.parse(cert(w, "cascade", r.proved(), h).getBytes(StandardCharsets.UTF_8)));
            // a class outside the shard is refused
            if (i == 0) {
                InputClass other = null;
                for (InputClass k : allClasses(6, 3)) if (!InputClass.inShard(6, k, 0, shards)) { other = k; break; }
                String bad = "{\"shard\":{\"index\":0,\"count\":3},\"enumerate\":[[" + other.q() + "," + other.m() + "," + other.c() + "]]}";
                CheckFailure f = null;
                try { verify(w, cert(w, "cascade", BigInteger.ZERO, bad)); } catch (CheckFailure e) { f = e; }
                assertTrue(f != null && f.code() == ExitCode.MALFORMED);
            }
        }
        assertEquals(exact, sum, "the shards' counts add up to the exact count");
        Verdict all = Combine.verify(w, SHA, certs, VerifyOptions.defaults());
        assertEquals(ExitCode.VERIFIED, all.code());
        assertEquals(exact, all.correctCount());
        assertEquals(ExitCode.REJECTED, Combine.verify(w, SHA, certs.subList(0, 2), VerifyOptions.defaults()).code(), "a missing shard");
        List<Certificate> dup = new ArrayList<>(certs);
        dup.set(2, certs.get(1));
        assertEquals(ExitCode.REJECTED, Combine.verify(w, SHA, dup, VerifyOptions.defaults()).code(), "a repeated shard");
    }
}
