package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;

/**
 * The generator's read-only view of the subcubic bounds (SPEC §9, Lemmas F and G, "Classes and count"),
 * so that its gap search computes exactly what the checker will. It holds its own
 * {@link SubcubicAnalysis}; the verifier builds a fresh one for every certificate, so nothing done
 * here can change a verdict.
 */
public final class SearchHooks {
    private final SubcubicAnalysis an;

    public SearchHooks(Weights w, PathMatrices pm, Variant variant, SubcubicHints h) {
        an = new SubcubicAnalysis(w, pm, variant, h, new ProofLength());
    }

    /** {@code {lo, hi}} enclosing the attention on the max of the valid class (q, m, c) with gap g (Lemma F). */
    public double[] attention(int q, int m, int c, int g) { return an.attention(q, m, c, g); }

    /** The centring attention {@code abar} of Lemma G for max m and c, given the gaps. */
    public double abar(int m, int c, int[][][] gaps) { return an.abar(m, c, gaps); }

    /** {@code Lambda(m, abar)} of Lemma G, rounded up. */
    public double lambda(int m, double abar) { return an.lambda(m, abar); }

    /** The bound B of the valid class (q, m, c) with gap g (Lemma G); the class is counted when B < 0. */
    public double bound(int q, int m, int c, int g, double[] att, double lambda, double abar) {
        return an.bound(q, m, c, g, att, lambda, abar);
    }

    /** The number of inputs of class (q, m, c) with gap g. */
    public BigInteger classSize(int q, int m, int c, int g) { return an.classSize(q, m, c, g); }

    /** The count the checker proves for these gaps and centring attentions ({@code abar} may be null). */
    public BigInteger count(int[][][] gaps, double[][] abar) { return an.evaluate(gaps, abar).count(); }
}
