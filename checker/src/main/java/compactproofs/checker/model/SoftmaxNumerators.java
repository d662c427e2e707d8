package compactproofs.checker.model;

import static java.math.RoundingMode.CEILING;
import static java.math.RoundingMode.FLOOR;

import compactproofs.checker.arith.Enclosures;
import compactproofs.checker.arith.Round;
import compactproofs.checker.arith.ExactMatrix;
import java.math.BigDecimal;

/**
 * Double enclosures of the exponentiated, scaled attention scores, factored into a token part and a
 * positional part:
 * <pre>
 *   tokLo[q][t] <= exp(EQKE[q][t] / sqrt(d_head) - shiftTok[q]) <= tokHi[q][t]
 *   posLo[q][i] <= exp(EQKP[q][i] / sqrt(d_head) - shiftPos[q]) <= posHi[q][i]
 * </pre>
 * The shifts are exact numbers (each row's largest argument, so every enclosure lies in [0, 1]). Their
 * product {@code tok[q][t] * pos[q][i]} is {@code exp(score(q,i,t)) * C_q} with {@code C_q > 0}
 * independent of i and t, so it can replace the softmax numerators of query q
 * (<b>Lemma S</b>, softmax shift invariance: {@code softmax(s) = softmax(s - c)}).
 *
 * <p>Accuracy: each bound is within about {@code 1e-15} relative of the true value (exp computed to
 * 20 digits, then rounded outward to double), except for values below the double range.
 */
public final class SoftmaxNumerators {
    public final double[][] tokLo, tokHi, posLo, posHi;

    private static final int DIGITS = 20;

    public SoftmaxNumerators(PathMatrices pm) {
        this(pm.vocab, pm.nCtx);
        int v = pm.vocab, n = pm.nCtx;
        BigDecimal[] r = Enclosures.inverseSqrt(pm.dHead, DIGITS + 5);
        // rows are independent, so they are computed in parallel; the result does not depend on the order
        java.util.stream.IntStream.range(0, v).parallel().forEach(q -> {
            fillRow(pm.eqke, q, v, r, tokLo[q], tokHi[q]);
            fillRow(pm.eqkp, q, n, r, posLo[q], posHi[q]);
        });
    }

    private SoftmaxNumerators(int v, int n) {
        tokLo = new double[v][v]; tokHi = new double[v][v];
        posLo = new double[v][n]; posHi = new double[v][n];
    }

    /**
     * Lemma XF's cheap enclosures of the same numerators (same shifts), {outer, inner}, by Lemma DE: with double
     * bounds {@code down <= x r - shift <= up} of each exact argument, {@code lo = exp(down)} and {@code hi = exp(up)}
     * (outward). Outer is {@code [lo, hi]} widened to {@code [0, 2^-1000]} below 2^-1000, so it contains the
     * constructor's enclosure; inner is {@code [hi, lo]} (reversed), inside it: see SPEC §7.
     */
    public static SoftmaxNumerators[] filters(PathMatrices pm) {
        BigDecimal[] r = Enclosures.inverseSqrt(pm.dHead, DIGITS + 5);
        double rLo = Round.toDouble(r[0], FLOOR), rHi = Round.toDouble(r[1], CEILING);
        SoftmaxNumerators outer = new SoftmaxNumerators(pm.vocab, pm.nCtx), inner = new SoftmaxNumerators(pm.vocab, pm.nCtx);
        for (int q = 0; q < pm.vocab; q++) {
            filterRow(pm.eqke, q, rLo, rHi, outer.tokLo[q], outer.tokHi[q], inner.tokLo[q], inner.tokHi[q]);
            filterRow(pm.eqkp, q, rLo, rHi, outer.posLo[q], outer.posHi[q], inner.posLo[q], inner.posHi[q]);
        }
        return new SoftmaxNumerators[] {outer, inner, null};
    }

    private static final double TINY = 0x1p-1000;

    private static void filterRow(ExactMatrix m, int q, double rLo, double rHi, double[] oLo, double[] oHi, double[] iLo, double[] iHi) {
        double[] aLo = new double[m.cols], aHi = new double[m.cols];
        double sLo = Double.NEGATIVE_INFINITY, sHi = Double.NEGATIVE_INFINITY; // sLo <= shift <= sHi
        for (int j = 0; j < m.cols; j++) {
            aLo[j] = Round.mulInterval(rLo, rHi, m.toDouble(q, j, FLOOR), FLOOR);  // <= x r for every r in [r0, r1]
            aHi[j] = Round.mulInterval(rLo, rHi, m.toDouble(q, j, CEILING), CEILING);
            sLo = Math.max(sLo, aLo[j]);
            sHi = Math.max(sHi, aHi[j]);
        }
        for (int j = 0; j < m.cols; j++) {
            double lo = Enclosures.exp(Round.sub(aLo[j], sHi, FLOOR), FLOOR), hi = Enclosures.exp(Round.sub(aHi[j], sLo, CEILING), CEILING);
            oLo[j] = lo < TINY ? 0.0 : lo;
            oHi[j] = Math.max(hi, TINY);
            iLo[j] = hi;
            iHi[j] = lo;
        }
    }

    /** Below this argument e^x < 2^-1074 (ln 2^-1074 = -744.44...), the smallest positive double. */
    private static final BigDecimal UNDERFLOW = BigDecimal.valueOf(-746);

    /**
     * Encloses {@code exp(M[q][j] * r - shift)} for every j, where {@code r = 1/sqrt(d_head)} lies in
     * {@code [r[0], r[1]]} and the shift is the largest upper end {@code max_j max(M[q][j] r[0], M[q][j] r[1])},
     * exactly. So every argument is at most 0 and every bound is at most 1 (no overflow, Lemma S), and
     * an argument below -746 has the enclosure {@code [0, Double.MIN_VALUE]}.
     */
    private static void fillRow(ExactMatrix m, int q, int cols, BigDecimal[] r, double[] lo, double[] hi) {
        BigDecimal[] argLo = new BigDecimal[cols], argHi = new BigDecimal[cols];
        BigDecimal shift = null;
        for (int j = 0; j < cols; j++) {
            BigDecimal x = m.exact(q, j);
            // x * [rlo, rhi] is the interval [min, max] of the two exact products
            BigDecimal a = x.multiply(r[0]), b = x.multiply(r[1]);
            argLo[j] = a.min(b);
            argHi[j] = a.max(b);
            if (shift == null || argHi[j].compareTo(shift) > 0) shift = argHi[j];
        }
        for (int j = 0; j < cols; j++) {
            BigDecimal aLo = argLo[j].subtract(shift), aHi = argHi[j].subtract(shift);
            lo[j] = aLo.compareTo(UNDERFLOW) < 0 ? 0.0 : Round.toDouble(Enclosures.exp(aLo, DIGITS, FLOOR), FLOOR);
            hi[j] = aHi.compareTo(UNDERFLOW) < 0 ? Double.MIN_VALUE : Round.toDouble(Enclosures.exp(aHi, DIGITS, CEILING), CEILING);
        }
    }
}
