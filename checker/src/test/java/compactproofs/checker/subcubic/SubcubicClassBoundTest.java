package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.ReferenceModel;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.TestHints;
import compactproofs.checker.testing.MaxLikeModels;

/**
 * Pointwise soundness (Lemmas F and G together): for every variant and every valid class, the class
 * bound is at least {@code max_x logit[x] - logit[m]} of every sequence of the class, computed by the
 * independent 60-digit reference forward pass. Stronger than comparing counts: an underestimate is
 * caught even where it does not flip a sign.
 */
@Tag("slow")
class SubcubicClassBoundTest {
    @Test
    void classBoundsDominateEveryMemberSequence() throws Exception {
        long seed = 4242;
        SplittableRandom r = new SplittableRandom(seed);
        System.out.println("SubcubicClassBoundTest seed " + seed);
        int checked = 0;
        double minSlack = Double.POSITIVE_INFINITY, minAttSlack = Double.POSITIVE_INFINITY;
        for (int model = 0; model < 3; model++) {
            int v = 4 + r.nextInt(3), n = 3 + r.nextInt(2);
            Weights w = MaxLikeModels.of(r.nextLong(), v, n, 1 + 5 * r.nextDouble(), 0.1 + 0.4 * r.nextDouble(), model == 1);
            int total = 1;
            for (int i = 0; i < n; i++) total *= v;
            double[] worst = new double[total]; // max_x logit[x] - logit[m], rounded down
            int[][] seqs = new int[total][n];
            ReferenceModel ref = new ReferenceModel(w);
            for (int j = 0; j < total; j++) {
                for (int i = 0, x = j; i < n; i++, x /= v) seqs[j][i] = x % v;
                worst[j] = Math.nextDown(ref.margin(seqs[j]).negate().doubleValue());
            }
            PathMatrices pm = PathMatrices.of(w);
            double[] attMax = new double[total]; // true attention on the max token(s), double precision
            for (int j = 0; j < total; j++) {
                int[] t = seqs[j];
                int q = t[n - 1], m = 0;
                for (int x : t) m = Math.max(m, x);
                double[] sc = new double[n];
                double mx = Double.NEGATIVE_INFINITY, z = 0, a = 0;
                for (int i = 0; i < n; i++) {
                    sc[i] = (pm.eqke().exact(q, t[i]).doubleValue() + pm.eqkp.exact(q, i).doubleValue()) / Math.sqrt(w.dHead);
                    mx = Math.max(mx, sc[i]);
                }
                for (int i = 0; i < n; i++) { double e = Math.exp(sc[i] - mx); z += e; if (t[i] == m) a += e; }
                attMax[j] = a / z;
            }
            for (Variant var : Variant.all()) {
                SubcubicHints h = SubcubicHints.of(w, TestHints.make(w, var), var);
                SubcubicAnalysis an = new SubcubicAnalysis(w, pm, var, h, new ProofLength());
                double[][] randomAbar = new double[v][n];
                for (double[] row : randomAbar) for (int c = 0; c < n; c++) row[c] = r.nextDouble();
                double[][][] b = an.evaluate(h.gaps, var.attn() == Variant.Attn.MEAN_QUERY_DIFF && r.nextBoolean() ? randomAbar : null).bounds();
                for (int j = 0; j < total; j++) {
                    int[] t = seqs[j];
                    int q = t[n - 1], m = 0, c = 0, maxNon = -1;
                    for (int x : t) m = Math.max(m, x);
                    for (int x : t) if (x != m) { c++; maxNon = Math.max(maxNon, x); }
                    int g = h.gaps[q][m][c];
                    if (!an.valid(q, m, c, g) || (c > 0 && maxNon > m - g)) continue;
                    assertTrue(b[q][m][c] >= worst[j], var.name() + " class (q=" + q + ", m=" + m + ", c=" + c + ", g=" + g + ") bound "
                            + b[q][m][c] + " < " + worst[j] + " for " + java.util.Arrays.toString(t));
                    double[] att = an.attention(q, m, c, g);
                    assertTrue(att[0] <= attMax[j] + 1e-12 && att[1] >= attMax[j] - 1e-12, var.name() + " attention " + attMax[j]
                            + " outside [" + att[0] + ", " + att[1] + "] for " + java.util.Arrays.toString(t));
                    minAttSlack = Math.min(minAttSlack, Math.min(attMax[j] - att[0], att[1] - attMax[j]));
                    checked++;
                    minSlack = Math.min(minSlack, b[q][m][c] - worst[j]);
                }
            }
        }
        System.out.println("class-bound checks: " + checked + ", smallest slack " + minSlack + ", smallest attention slack " + minAttSlack);
        assertTrue(checked > 10000);
    }
}
