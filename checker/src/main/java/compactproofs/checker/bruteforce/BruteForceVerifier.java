package compactproofs.checker.bruteforce;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifier of the {@code brute-force} strategy (SPEC §6; Lemma BF, Lemma D1). The enumeration proves every input
 * correct, wrong, or (rarely) leaves it unresolved; the count is exact when none is unresolved.
 * Optional hint {@code incorrect_inputs}: the generator's list of the inputs not proved correct. It
 * changes no count; if present it must be exactly the set the checker did not prove correct, or the
 * certificate is rejected (it would state something false).
 */
public final class BruteForceVerifier {
    private BruteForceVerifier() {}

    public static StrategyResult prove(Weights w, PathMatrices pm, Hints.BruteForce hints, VerifyOptions opt) throws CheckFailure {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        if (total.compareTo(opt.maxInputs()) > 0)
            throw CheckFailure.resourceLimit("brute force over " + total + " inputs exceeds the limit of " + opt.maxInputs() + " (see --max-inputs)");
        Set<Long> listed = hints.incorrectInputs() == null ? null : listed(hints.incorrectInputs(), w);
        Set<Long> notProved = listed == null ? null : ConcurrentHashMap.newKeySet();
        BruteForce.Collector collector = notProved == null ? null : (t, outcome) -> {
            if (notProved.size() <= Hints.BruteForce.MAX_LISTED) notProved.add(index(t, w.vocab));
        };
        Tally r;
        try {
            r = new BruteForce(pm).run(opt.threads(), collector, opt.progress() == null ? null : done -> opt.progress().done(done, w.vocab));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CheckFailure.resourceLimit("interrupted");
        }
        if (listed != null && !listed.equals(notProved))
            throw CheckFailure.rejected("hints.incorrect_inputs is not the set of inputs the model gets wrong ("
                    + listed.size() + " listed, " + (r.wrong() + r.unresolved()) + " not proved correct)");
        String detail = r.wrong() + " proved wrong, " + r.unresolved() + " unresolved, " + r.rechecked() + " re-checked at 60 digits";
        return new StrategyResult(BigInteger.valueOf(r.proved()), BigInteger.valueOf(r.ops()), r.unresolved() == 0, total.multiply(BigInteger.valueOf(w.vocab)), detail);
    }

    /** The input's index in base V, position 0 least significant. */
    private static long index(int[] t, int v) {
        long x = 0;
        for (int i = t.length - 1; i >= 0; i--) x = x * v + t[i];
        return x;
    }

    /** The listed inputs as indices, once each; their length and tokens must fit the model. */
    private static Set<Long> listed(int[][] inputs, Weights w) throws CheckFailure {
        Set<Long> out = new HashSet<>();
        for (int k = 0; k < inputs.length; k++) {
            int[] t = inputs[k];
            if (t.length != w.nCtx) throw CheckFailure.malformed("hints.incorrect_inputs[" + k + "] must be an array of " + w.nCtx + " tokens");
            for (int x : t) if (x >= w.vocab) throw CheckFailure.malformed("hints.incorrect_inputs[" + k + "] has token " + x + " >= vocab " + w.vocab);
            if (!out.add(index(t, w.vocab))) throw CheckFailure.malformed("hints.incorrect_inputs lists " + Arrays.toString(t) + " twice");
        }
        return out;
    }
}
