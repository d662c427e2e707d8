package compactproofs.checker.bruteforce;

import compactproofs.checker.Strategy;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifier of the {@code brute-force} strategy (Lemma BF, Lemma D1). The enumeration proves every input
 * correct, wrong, or (rarely) leaves it unresolved; the count is exact when none is unresolved.
 * Optional hint {@code incorrect_inputs}: the generator's list of the inputs not proved correct. It
 * changes no count; if present it must be exactly the set the checker did not prove correct, or the
 * certificate is rejected (it would state something false).
 */
public final class BruteForceVerifier implements Strategy {
    /** At most this many listed inputs are accepted (a longer list is refused as a resource limit). */
    public static final int MAX_LISTED = 1 << 20;

    @Override
    public StrategyResult prove(Weights w, PathMatrices pm, Certificate cert, VerifyOptions opt) throws CheckFailure {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        if (total.compareTo(opt.maxInputs()) > 0)
            throw CheckFailure.resourceLimit("brute force over " + total + " inputs exceeds the limit of " + opt.maxInputs() + " (see --max-inputs)");
        Set<Long> listed = listedInputs(cert, w);
        Set<Long> notProved = listed == null ? null : ConcurrentHashMap.newKeySet();
        BruteForce.Collector collector = notProved == null ? null : (t, outcome) -> {
            if (notProved.size() <= MAX_LISTED) notProved.add(index(t, w.vocab));
        };
        BruteForce.Result r;
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
        return new StrategyResult(r.proved(), r.ops(), r.unresolved() == 0, total.multiply(BigInteger.valueOf(w.vocab)), detail);
    }

    /** The input's index in base V, position 0 least significant. */
    private static long index(int[] t, int v) {
        long x = 0;
        for (int i = t.length - 1; i >= 0; i--) x = x * v + t[i];
        return x;
    }

    private static Set<Long> listedInputs(Certificate cert, Weights w) throws CheckFailure {
        for (String k : cert.hints.keySet())
            if (!k.equals("incorrect_inputs")) throw CheckFailure.malformed("unknown brute-force hint \"" + k + "\"");
        if (!cert.hints.has("incorrect_inputs")) return null;
        JsonArray a = Certificate.array(cert.hints, "incorrect_inputs");
        if (a.size() > MAX_LISTED) throw CheckFailure.resourceLimit("hints.incorrect_inputs lists more than " + MAX_LISTED + " inputs");
        Set<Long> out = new HashSet<>();
        for (int k = 0; k < a.size(); k++) {
            JsonElement e = a.get(k);
            if (!e.isJsonArray() || e.getAsJsonArray().size() != w.nCtx)
                throw CheckFailure.malformed("hints.incorrect_inputs[" + k + "] must be an array of " + w.nCtx + " tokens");
            int[] t = new int[w.nCtx];
            for (int i = 0; i < w.nCtx; i++) {
                t[i] = Certificate.smallInt(e.getAsJsonArray().get(i), "hints.incorrect_inputs[" + k + "][" + i + "]", Integer.MAX_VALUE);
                if (t[i] >= w.vocab) throw CheckFailure.malformed("hints.incorrect_inputs[" + k + "] has token " + t[i] + " >= vocab " + w.vocab);
            }
            if (!out.add(index(t, w.vocab))) throw CheckFailure.malformed("hints.incorrect_inputs lists " + Arrays.toString(t) + " twice");
        }
        return out;
    }
}
