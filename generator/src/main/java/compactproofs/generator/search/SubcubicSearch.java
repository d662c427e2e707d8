package compactproofs.generator.search;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.subcubic.SearchHooks;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.subcubic.SubcubicVerifier;
import compactproofs.checker.subcubic.Variant;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;

/**
 * Proof search for {@code subcubic:<variant>} (strategies.md §4.8): direction hints by power
 * iteration ({@link SubcubicDirections}), then, for each (m, c), a centring attention Abar (hint
 * {@code mean_attention}; the best of a grid of 21 values and two means) and for each query the smallest
 * gap whose bound, computed by the checker's own bounds ({@link SearchHooks}), is negative. The claim is
 * the checker's count for exactly the written hints, so it always verifies.
 */
public final class SubcubicSearch implements ProofSearch {
    /** Pseudo-strategy of {@code certify}: every variant, one certificate each. */
    public static final String ALL = Variant.PREFIX + "all";

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
        String[][] abarText = new String[v][n];
        for (String[] row : abarText) Arrays.fill(row, "0");
        boolean mean = variant.attn() == Variant.Attn.MEAN_QUERY_DIFF;
        JsonObject hints = directions.deepCopy();
        hints.add("min_gaps", gapsJson(g));
        SubcubicHints h = SubcubicHints.of(w, hints, variant);
        SearchHooks an = new SearchHooks(w, paths, variant, h);
        for (int m = 1; m < v; m++) {
            for (int c = 1; c < n; c++) {
                // attention intervals of every (q, g), independent of Abar
                double[][][] att = new double[m + 1][m + 1][];
                double mid = 0, ext = 0;
                int k = 0;
                for (int q = 0; q <= m; q++)
                    for (int gg = 1; gg <= (q == m ? m : m - q); gg++) {
                        att[q][gg] = an.attention(q, m, c, gg);
                        if (gg == 1) { mid += (att[q][1][0] + att[q][1][1]) / 2; ext += att[q][1][0]; k++; }
                    }
                java.util.List<String> cands = new java.util.ArrayList<>();
                if (mean) {
                    for (int i = 0; i <= 20; i++) cands.add(text(i / 20.0));
                    if (k > 0) { cands.add(text(mid / k)); cands.add(text(ext / k)); }
                } else {
                    cands.add("0");
                }
                BigInteger best = BigInteger.valueOf(-1);
                for (String cand : cands) {
                    double ab = mean ? Double.parseDouble(cand) : 0.0;
                    double lam = an.lambda(m, ab);
                    BigInteger total = BigInteger.ZERO;
                    int[] chosen = new int[m + 1];
                    for (int q = 0; q <= m; q++) {
                        chosen[q] = 1;
                        for (int gg = 1; gg <= (q == m ? m : m - q); gg++)
                            if (an.bound(q, m, c, gg, att[q][gg], lam, ab) < 0) {
                                chosen[q] = gg;
                                total = total.add(an.classSize(q, m, c, gg));
                                break;
                            }
                    }
                    if (total.compareTo(best) > 0) {
                        best = total;
                        abarText[m][c] = cand;
                        for (int q = 0; q <= m; q++) g[q][m][c] = chosen[q];
                    }
                }
            }
            if (opt.progress() != null) opt.progress().update(m + 1, v);
        }
        hints.add("min_gaps", gapsJson(g));
        if (mean) {
            JsonArray ab = new JsonArray();
            for (String[] row : abarText) { JsonArray r = new JsonArray(); for (String x : row) r.add(x); ab.add(r); }
            hints.add("mean_attention", ab);
        }
        // the claim is the checker's own count for exactly these hints
        SubcubicHints fin = SubcubicHints.of(w, hints, variant);
        return new Result(an.count(fin.gaps, fin.abar), hints);
    }

    /** A value in [0, 1] as a short exact decimal (4 places), so checker and search use the same double. */
    private static String text(double x) {
        return BigDecimal.valueOf(Math.max(0, Math.min(1, x))).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
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
