package compactproofs.checker.cascade;

import compactproofs.checker.Checker;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.List;

/**
 * Combines the certificates of the N shards of a sharded cascade proof into one verdict (SPEC §8, Lemma M).
 *
 * <p><b>Lemma M (shards).</b> Shard {@code i/N} counts only inputs in classes {@code (q, m, c)} with
 * {@code (mV + q) mod N = i}. These sets are disjoint for distinct i and their union over
 * {@code i = 0..N-1} is every input, so if each shard proves its count, the sum of the counts is a
 * proved lower bound for the whole input space. Every shard certificate is re-verified here; nothing
 * is taken from a previous run.
 */
public final class Combine {
    private Combine() {}

    /**
     * Verifies every shard and adds their counts.
     *
     * @throws CheckFailure malformed / unsupported as for single certificates
     */
    public static Verdict verify(Weights w, String sha256, List<Certificate> shards, VerifyOptions opt) throws CheckFailure {
        long start = System.nanoTime();
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        if (shards.isEmpty()) throw CheckFailure.malformed("combine needs at least one shard certificate");
        BigInteger claimed = BigInteger.ZERO;
        int[][] ids = new int[shards.size()][];
        for (int j = 0; j < shards.size(); j++) {
            Certificate c = shards.get(j);
            // the hints' type is the strategy (Certificate): cascade hints exactly for a "cascade" certificate
            if (!(c.hints instanceof Hints.Cascade h)) throw CheckFailure.unsupported("combine takes cascade shard certificates, not \"" + c.strategy + "\"");
            ids[j] = new int[] {h.shardIndex(), h.shardCount()};
            claimed = claimed.add(c.correctCount);
        }
        int count = ids[0][1];
        boolean[] seen = new boolean[count];
        for (int[] s : ids) { // the claim is the sum over every shard (SPEC §4), whichever check fails
            if (s[1] != count) return reject("shards disagree on the shard count (" + count + " and " + s[1] + ")", claimed, sha256, w, total, start);
            if (seen[s[0]]) return reject("shard " + s[0] + "/" + count + " is given twice", claimed, sha256, w, total, start);
            seen[s[0]] = true;
        }
        for (int i = 0; i < count; i++)
            if (!seen[i]) return reject("shard " + i + "/" + count + " is missing", claimed, sha256, w, total, start);
        BigInteger proved = BigInteger.ZERO, ops = BigInteger.ZERO;
        // exact iff every shard decided every input of its classes and claims exactly what it proved
        boolean exact = true;
        var pm = PathMatrices.lazily(w); // computed once for every shard
        for (int j = 0; j < shards.size(); j++) {
            Checker.Checked c = Checker.check(w, pm, sha256, shards.get(j), opt.withShard(ids[j][0], count));
            Verdict v = c.verdict();
            if (!v.verified()) return reject("shard " + ids[j][0] + "/" + count + " is not verified: " + v.reason(), claimed, sha256, w, total, start);
            proved = proved.add(v.proved());
            ops = ops.add(v.proofOps());
            exact &= c.proof().complete() && c.proof().proved().equals(shards.get(j).correctCount);
        }
        return new Verdict(ExitCode.VERIFIED, "the " + count + " shards together prove " + proved + " >= claimed " + claimed, sha256, w.vocab, w.nCtx,
                "cascade", claimed, proved, total, exact, ops, null, null, (System.nanoTime() - start) / 1e9);
    }

    private static Verdict reject(String reason, BigInteger claimed, String sha, Weights w, BigInteger total, long start) {
        return new Verdict(ExitCode.REJECTED, reason, sha, w.vocab, w.nCtx, "cascade", claimed, null, total,
                false, null, null, null, (System.nanoTime() - start) / 1e9);
    }
}
