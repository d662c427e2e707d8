package compactproofs.generator.search;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.proof.subcubic.Ops;
import compactproofs.checker.proof.subcubic.SubcubicAnalysis;
import compactproofs.checker.proof.subcubic.SubcubicHints;
import compactproofs.checker.proof.subcubic.SubcubicVerifier;
import compactproofs.checker.proof.subcubic.Variant;
import java.util.Arrays;

/**
 * Proof search for {@code subcubic:<variant>} (strategies.md §4.8): direction hints by power
 * iteration ({@link SubcubicDirections}), then a per-entry min-gap table: for each class (q, m, c) the
 * smallest gap whose bound, computed by the checker's own {@link SubcubicAnalysis}, is negative. The
 * mean attention Abar of (m, c) depends on the gaps, so the table is refined a few times; the claim is
 * the checker's count for the final table, so it always verifies.
 */
public final class SubcubicSearch implements ProofSearch {
    /** Pseudo-strategy of {@code certify}: every variant, one certificate each. */
    public static final String ALL = Variant.PREFIX + "all";
    private static final int ROUNDS = 3;

    private final Variant variant;
    private JsonObject directions;
    private PathMatrices paths;

    public SubcubicSearch(Variant variant) { this.variant = variant; }

    /** The search for {@code subcubic:<variant>}, or null if the name is not one of the 100. */
    public static SubcubicSearch forName(String name) {
        if (!name.startsWith(Variant.PREFIX)) return null;
        Variant v = Variant.parse(name.substring(Variant.PREFIX.length()));
        return v == null ? null : new SubcubicSearch(v);
    }

    /** Reuses directions and path matrices computed for another variant of the same model. */
    public SubcubicSearch sharing(JsonObject directions, PathMatrices paths) {
        this.directions = directions; this.paths = paths;
        return this;
    }

    @Override public String strategy() { return variant.strategy(); }

    @Override
    public Result search(Weights w, Options opt) throws Exception {
        if (directions == null) directions = SubcubicDirections.of(w);
        if (paths == null) paths = PathMatrices.of(w);
        int v = w.vocab, n = w.nCtx;
        int[][][] g = new int[v][v][n];
        for (int[][] a : g) for (int[] b : a) Arrays.fill(b, 1);
        JsonObject hints = directions.deepCopy();
        hints.add("min_gaps", gapsJson(g));
        SubcubicHints h = SubcubicVerifier.parseHints(w, hints, variant);
        SubcubicAnalysis an = new SubcubicAnalysis(w, paths, variant, h, new Ops());
        for (int round = 0; round < ROUNDS; round++) {
            boolean changed = false;
            for (int m = 1; m < v; m++) {
                for (int c = 1; c < n; c++) {
                    double ab = an.abar(m, c, g), lam = an.lambda(m, ab);
                    for (int q = 0; q <= m; q++) {
                        int gmax = q == m ? m : m - q, best = 1;
                        for (int gg = 1; gg <= gmax; gg++)
                            if (an.bound(q, m, c, gg, an.attention(q, m, c, gg), lam, ab) < 0) { best = gg; break; }
                        if (g[q][m][c] != best) { g[q][m][c] = best; changed = true; }
                    }
                }
                if (opt.progress() != null) opt.progress().update((long) round * v + m + 1, (long) ROUNDS * v);
            }
            if (!changed) break;
        }
        hints.add("min_gaps", gapsJson(g));
        return new Result(an.evaluate(g).count(), hints);
    }

    static JsonArray gapsJson(int[][][] g) {
        JsonArray a = new JsonArray();
        for (int[][] x : g) {
            JsonArray ax = new JsonArray();
            for (int[] y : x) { JsonArray ay = new JsonArray(); for (int z : y) ay.add(z); ax.add(ay); }
            a.add(ax);
        }
        return a;
    }
}
