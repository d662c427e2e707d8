package compactproofs.generator.search;

import compactproofs.checker.bruteforce.Tally;
import java.math.BigInteger;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.bruteforce.InputDecider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Brute force: runs the checker's own enumeration (the generator may reuse checker code) and lists
 * the inputs proved wrong, so that the checker can confirm the count is exact.
 */
public final class BruteForceSearch implements ProofSearch {
    /** Inputs beyond this many wrong ones are not listed (the certificate then claims a bound, not exactness). */
    public static final int MAX_LISTED = 1 << 20;

    @Override public String strategy() { return "brute-force"; }

    @Override
    public Result search(Weights w, Options opt) throws Exception {
        List<int[]> wrong = Collections.synchronizedList(new ArrayList<>());
        boolean[] unresolved = new boolean[1];
        Tally r = new BruteForceVerifier(PathMatrices.of(w)).run(opt.threads(), (input, outcome) -> {
            if (outcome == InputDecider.Outcome.WRONG) wrong.add(input); else unresolved[0] = true;
        }, done -> { if (opt.progress() != null) opt.progress().update(done, w.vocab); });
        JsonObject hints = new JsonObject();
        if (!unresolved[0] && wrong.size() <= MAX_LISTED) {
            List<int[]> sorted = new ArrayList<>(wrong);
            sorted.sort((a, b) -> {
                for (int i = a.length - 1; i >= 0; i--) if (a[i] != b[i]) return Integer.compare(a[i], b[i]);
                return 0;
            });
            JsonArray list = new JsonArray();
            for (int[] t : sorted) {
                JsonArray a = new JsonArray();
                for (int x : t) a.add(x);
                list.add(a);
            }
            hints.add("incorrect_inputs", list);
        }
        return new Result(BigInteger.valueOf(r.proved()), hints);
    }
}
