package compactproofs.checker.subcubic;

/**
 * Outward-rounded double arithmetic and a rigorous double enclosure of {@code exp}.
 *
 * <p>IEEE-754 basic operations ({@code + - * /} and {@code Math.sqrt}) are correctly rounded, so the
 * exact result lies within half an ulp of the computed one; stepping one ulp outward
 * ({@code Math.nextUp}/{@code nextDown}) gives a valid upper/lower bound, also under overflow
 * (to infinity) and underflow.
 */
final class Rd {
    private Rd() {}

    static double addUp(double a, double b) { return Math.nextUp(a + b); }
    static double addDown(double a, double b) { return Math.nextDown(a + b); }
    static double subUp(double a, double b) { return Math.nextUp(a - b); }
    static double subDown(double a, double b) { return Math.nextDown(a - b); }
    static double mulUp(double a, double b) { return Math.nextUp(a * b); }
    static double mulDown(double a, double b) { return Math.nextDown(a * b); }
    static double divUp(double a, double b) { return Math.nextUp(a / b); }
    static double divDown(double a, double b) { return Math.nextDown(a / b); }
    /** An upper bound of sqrt(a) for a >= 0. */
    static double sqrtUp(double a) { return Math.nextUp(Math.sqrt(a)); }

    /** Upper bound of {@code x * r} for the real r in {@code [rLo, rHi]} with {@code 0 < rLo}. */
    static double scaleUp(double x, double rLo, double rHi) { return x >= 0 ? mulUp(x, rHi) : mulUp(x, rLo); }
    /** Lower bound of {@code x * r} for the real r in {@code [rLo, rHi]} with {@code 0 < rLo}. */
    static double scaleDown(double x, double rLo, double rHi) { return x >= 0 ? mulDown(x, rLo) : mulDown(x, rHi); }

    // ---- exp ----

    /** ln 2 lies strictly between these adjacent doubles (ln 2 = 0x1.62E42FEFA39EF357...p-1). */
    static final double LN2_LO = 0x1.62e42fefa39efp-1, LN2_HI = 0x1.62e42fefa39f0p-1;
    private static final double INV_LN2 = 1.4426950408889634;
    private static final int TERMS = 17;
    private static final double[] INV_FACT = new double[TERMS + 1];
    static {
        double f = 1;
        for (int j = 0; j <= TERMS; j++) { if (j > 0) f *= j; INV_FACT[j] = 1.0 / f; }
    }
    /** Relative slack covering truncation and all rounding errors of {@link #poly} (see {@link #expLower}). */
    private static final double SLACK = 1e-13;

    /**
     * A lower bound of {@code e^x} (0 for NaN, which arises only from overflowed enclosures).
     *
     * <p><b>Lemma DE (double exp enclosure).</b> With integer k and {@code r = x - k ln2} enclosed in
     * {@code [rLo, rHi]} by outward rounding ({@code |r| <= 0.35} up to rounding), {@code e^x = 2^k e^r}
     * and e^r is increasing, so {@code 2^k p(rLo)(1 - 1e-13) <= e^x <= 2^k p(rHi)(1 + 1e-13)}, where p is
     * the degree-17 Taylor polynomial evaluated by Horner in doubles. Its truncation error is below
     * {@code 2|r|^18/18! < 1e-20}, and the rounding error of Horner with inexact coefficients 1/j! is at
     * most {@code (2*17+1) u sum_j |r|^j/j! <= 35 * 2^-53 * e^0.36 < 6e-15} absolute, while
     * {@code e^r >= 0.69}: both together are far below the relative slack 1e-13. The final scaling by
     * 2^k and the slack products are each followed by one outward ulp step.
     */
    static double expLower(double x) {
        if (Double.isNaN(x)) return 0.0; // an unknown argument: 0 is below every exp
        if (x < -745.5) return 0.0;
        if (x > 709.0) return expLower(709.0);
        int k = (int) Math.rint(x * INV_LN2);
        double rLo = k >= 0 ? subDown(x, mulUp(k, LN2_HI)) : subDown(x, mulUp(k, LN2_LO));
        double p = mulDown(poly(rLo), 1 - SLACK);
        return Math.max(0.0, Math.nextDown(Math.scalb(p, k)));
    }

    /** An upper bound of {@code e^x} (Lemma DE); may be {@code +Infinity} for large x. */
    static double expUpper(double x) {
        if (Double.isNaN(x)) return Double.POSITIVE_INFINITY; // an unknown argument
        if (x < -745.5) return Double.MIN_VALUE;
        if (x > 709.0) return Double.POSITIVE_INFINITY;
        int k = (int) Math.rint(x * INV_LN2);
        double rHi = k >= 0 ? subUp(x, mulDown(k, LN2_LO)) : subUp(x, mulDown(k, LN2_HI));
        double p = mulUp(poly(rHi), 1 + SLACK);
        return Math.nextUp(Math.scalb(p, k));
    }

    private static double poly(double r) {
        double s = INV_FACT[TERMS];
        for (int j = TERMS - 1; j >= 0; j--) s = s * r + INV_FACT[j];
        return s;
    }
}
