package compactproofs.generator.search;

import static java.math.RoundingMode.CEILING;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import compactproofs.checker.separable.SeparableVerifier;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Search for the separable strategy (SPEC §10): picks, per query q and max m, the wrong logits to test alone
 * (those whose separable bound is worst, when the pessimised test over all wrong logits can fail) and the grid
 * resolution, then runs the checker's own count. With {@code --max-ops} it takes the largest resolution
 * (a power of two) whose checker-counted proof length fits the budget. With {@code --exact} the checker also
 * enumerates the inputs that fail a test and decides them as brute force does (Lemma SE), for the exact count.
 */
public final class SeparableSearch implements ProofSearch {
    public static final int DEFAULT_RESOLUTION = 256, DEFAULT_SPLIT = 2;

    @Override public String strategy() { return "separable"; }

    @Override
    public Result search(Weights w, Options opt) throws Exception {
        PathMatrices pm = PathMatrices.of(w);
        int k = opt.splitLogits() >= 0 ? opt.splitLogits() : DEFAULT_SPLIT;
        int[][] split = splits(pm, k);
        if (opt.progress() != null) opt.progress().update(0, 1);
        int res = opt.resolution() > 0 ? opt.resolution() : DEFAULT_RESOLUTION;
        boolean exact = opt.exact();
        SeparableVerifier.Result r = run(w, pm, res, split, opt.threads(), exact);
        if (opt.maxOps() != Long.MAX_VALUE && opt.resolution() == 0) {
            // the proof length grows about linearly with the resolution: go up while it fits, down until it fits
            while (r.ops() <= opt.maxOps() && res < SeparableVerifier.MAX_RESOLUTION) {
                SeparableVerifier.Result finer = run(w, pm, 2 * res, split, opt.threads(), exact);
                if (finer.ops() > opt.maxOps()) break;
                r = finer;
                res *= 2;
            }
            while (r.ops() > opt.maxOps() && res > 1) r = run(w, pm, res /= 2, split, opt.threads(), exact);
            if (r.ops() > opt.maxOps())
                throw CheckFailure.malformed("--max-ops " + opt.maxOps() + " is below the shortest separable proof of this model ("
                        + r.ops() + " operations at resolution 1)");
        }
        if (opt.progress() != null) opt.progress().update(1, 1);
        JsonObject hints = new JsonObject();
        hints.addProperty("resolution", res);
        JsonArray list = new JsonArray();
        for (int[] s : split) {
            JsonArray e = new JsonArray();
            for (int x : s) e.add(x);
            list.add(e);
        }
        if (!list.isEmpty()) hints.add("split_logits", list);
        if (exact) hints.addProperty("enumerate_failing", true);
        return new Result(r.proved(), hints);
    }

    static SeparableVerifier.Result run(Weights w, PathMatrices pm, int res, int[][] split, int threads, boolean exact) throws CheckFailure {
        return SeparableVerifier.run(w, pm, new Hints.Separable(res, split, exact), threads, BigInteger.ONE.shiftLeft(62));
    }

    /**
     * Per (q, m): when the pessimised bound over every wrong logit can be non-negative, the (at most k) wrong
     * logits whose own worst-case separable bound is largest and not negative. Doubles, rounded up (a search
     * heuristic; the checker recomputes everything).
     */
    static int[][] splits(PathMatrices pm, int k) {
        int v = pm.vocab, n = pm.nCtx;
        if (k == 0 || v < 2) return new int[0][];
        SoftmaxNumerators se = new SoftmaxNumerators(pm);
        double[][] evou = doubles(pm.evou), pvou = doubles(pm.pvou), eupu = doubles(pm.eupu);
        List<int[]> out = new ArrayList<>();
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++) {
                double[] worst = new double[v];
                double[][] allMax = new double[n][];
                for (int i = 0; i < n; i++) { allMax[i] = new double[m + 1]; java.util.Arrays.fill(allMax[i], Double.NEGATIVE_INFINITY); }
                for (int x = 0; x < v; x++) {
                    if (x == m) continue;
                    for (int i = 0; i < n; i++) {
                        double best = Double.NEGATIVE_INFINITY;
                        for (int t = 0; t <= m; t++) {
                            if (i == n - 1 && t != q) continue;
                            double g = eupu[q][x] - eupu[q][m] + evou[t][x] - evou[t][m] + pvou[i][x] - pvou[i][m];
                            double h = se.tokHi[q][t] * se.posHi[q][i] * g;
                            best = Math.max(best, h);
                            allMax[i][t] = Math.max(allMax[i][t], g);
                        }
                        worst[x] += best;
                    }
                }
                double all = 0;
                for (int i = 0; i < n; i++) {
                    double best = Double.NEGATIVE_INFINITY;
                    for (int t = 0; t <= m; t++) if (i < n - 1 || t == q) best = Math.max(best, se.tokHi[q][t] * se.posHi[q][i] * allMax[i][t]);
                    all += best;
                }
                if (all < 0) continue;
                final int mm = m, qq = q;
                java.util.stream.IntStream.range(0, v).filter(x -> x != mm && worst[x] >= 0).boxed()
                        .sorted(Comparator.comparingDouble(x -> -worst[x])).limit(k).forEach(x -> out.add(new int[] {qq, mm, x}));
            }
        return out.toArray(new int[0][]);
    }

    private static double[][] doubles(compactproofs.checker.arith.ExactMatrix a) {
        double[][] d = new double[a.rows][a.cols];
        for (int i = 0; i < a.rows; i++) for (int j = 0; j < a.cols; j++) d[i][j] = a.toDouble(i, j, CEILING);
        return d;
    }
}
