package compactproofs.checker.proof;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.io.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifier of the {@code brute-force} strategy (Lemma BF, Lemma D1). Optional hint
 * {@code incorrect_inputs}: a list of inputs the generator found wrong. If every listed input is
 * distinct and proved wrong, and they number exactly {@code V^n - proved}, the count is exact.
 */
public final class BruteForceVerifier implements StrategyVerifier {
    /** At most this many listed inputs are examined (a longer list is refused as a resource limit). */
    public static final int MAX_LISTED = 1 << 20;

    @Override
    public Proof prove(Weights w, PathMatrices pm, Certificate cert, VerifyOptions opt) throws CheckFailure {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        if (total.compareTo(opt.maxInputs()) > 0)
            throw CheckFailure.resourceLimit("brute force over " + total + " inputs exceeds the limit of " + opt.maxInputs() + " (see --max-inputs)");
        int[][] listed = listedInputs(cert, w);
        BruteForce.Result r;
        try {
            r = new BruteForce(pm).run(opt.threads(), null, opt.progress());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CheckFailure.resourceLimit("interrupted");
        }
        BigInteger ops = r.ops();
        boolean exact = false;
        if (listed != null) {
            InputDecider d = new InputDecider(pm, 60);
            boolean allWrong = true;
            for (int[] t : listed) {
                ops = ops.add(BigInteger.valueOf((long) w.nCtx * w.vocab));
                if (d.decide(t) != InputDecider.Outcome.WRONG) { allWrong = false; break; }
            }
            exact = allWrong && r.proved().add(BigInteger.valueOf(listed.length)).equals(total);
        }
        String detail = r.wrong() + " proved wrong, " + r.unresolved() + " unresolved, " + r.rechecked() + " re-checked at 60 digits";
        return new Proof(r.proved(), ops, exact, total.multiply(BigInteger.valueOf(w.vocab)), detail);
    }

    private static int[][] listedInputs(Certificate cert, Weights w) throws CheckFailure {
        if (!cert.hints.has("incorrect_inputs")) return null;
        JsonArray a = Certificate.array(cert.hints, "incorrect_inputs");
        if (a.size() > MAX_LISTED) throw CheckFailure.resourceLimit("hints.incorrect_inputs lists more than " + MAX_LISTED + " inputs");
        int[][] out = new int[a.size()][];
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < a.size(); k++) {
            JsonElement e = a.get(k);
            if (!e.isJsonArray() || e.getAsJsonArray().size() != w.nCtx)
                throw CheckFailure.malformed("hints.incorrect_inputs[" + k + "] must be an array of " + w.nCtx + " tokens");
            int[] t = new int[w.nCtx];
            for (int i = 0; i < w.nCtx; i++) {
                t[i] = Certificate.smallInt(e.getAsJsonArray().get(i), "hints.incorrect_inputs[" + k + "][" + i + "]", Integer.MAX_VALUE);
                if (t[i] >= w.vocab) throw CheckFailure.malformed("hints.incorrect_inputs[" + k + "] has token " + t[i] + " >= vocab " + w.vocab);
            }
            if (!seen.add(Arrays.toString(t))) throw CheckFailure.malformed("hints.incorrect_inputs lists " + Arrays.toString(t) + " twice");
            out[k] = t;
        }
        return out;
    }
}
