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
 * Each row has one shift, the row's largest argument (Lemma X's rows: exactly, so every enclosure lies in [0, 1];
 * Lemma XF's outer rows: a real number their double bounds enclose, and those rows lie in (0, 2]). The product
 * {@code tok[q][t] * pos[q][i]} is {@code exp(score(q,i,t)) * C_q} with {@code C_q > 0} independent of i and t, so
 * it can replace the softmax numerators of query q (<b>Lemma S</b>, softmax shift invariance:
 * {@code softmax(s) = softmax(s - c)}).
 *
 * <p>Accuracy: Lemma X's bounds are within about {@code 1e-15} relative of the true value (exp computed to 20
 * digits, then rounded outward to double), except for values below the double range; an outer row is used only
 * where its bounds are within a factor {@code 1 + 2^-20} of each other (typically about {@code 2e-13}).
 */
public final class SoftmaxNumerators {
    public final double[][] tokLo, tokHi, posLo, posHi;

    private static final int DIGITS = 20;

    public SoftmaxNumerators(PathMatrices pm) {
        this(pm, false);
    }

    /**
     * With {@code outer}, Lemma XF's outer enclosures of the same numerators instead (SPEC §6, §7): per row, Lemma DE's
     * {@code [exp(down), exp(up)]} for double bounds {@code down <= a <= up} of each exact argument if all of them lie
     * in (0, 2] and within a factor 1 + 2^-20 of each other, else Lemma X's row (it has a non-finite or imprecise
     * argument, or a numerator below 2^-1000).
     */
    public SoftmaxNumerators(PathMatrices pm, boolean outer) {
        int v = pm.vocab, n = pm.nCtx;
        BigDecimal[] r = Enclosures.inverseSqrt(pm.dHead, DIGITS + 5);
        double[] rd = {Round.toDouble(r[0], FLOOR), Round.toDouble(r[1], CEILING)};
        tokLo = new double[v][v]; tokHi = new double[v][v];
        posLo = new double[v][n]; posHi = new double[v][n];
        ExactMatrix eqke = pm.eqke();
        // rows are independent, so they are computed in parallel; the result does not depend on the order
        java.util.stream.IntStream.range(0, v).parallel().forEach(q -> {
            fillRow(eqke, q, v, r, outer ? rd : null, tokLo[q], tokHi[q]);
            fillRow(pm.eqkp, q, n, r, outer ? rd : null, posLo[q], posHi[q]);
        });
    }

    /** The enclosures with their ends given (Lemma XF's inner ones are an outer set's ends swapped). */
    public SoftmaxNumerators(double[][] tokLo, double[][] tokHi, double[][] posLo, double[][] posHi) {
        this.tokLo = tokLo; this.tokHi = tokHi; this.posLo = posLo; this.posHi = posHi;
    }

    /**
     * Lemma XF's outer row, with {@code r0 <= 1/sqrt(d_head) <= r1}: the shift's argument is the row's largest exact
     * entry (r > 0), so {@code [sLo, sHi]} holds the shift.
     */
    private static void outerRow(ExactMatrix m, int q, double r0, double r1, double[] lo, double[] hi) {
        int top = 0;
        for (int j = 1; j < m.cols; j++) if (m.compare(q, j, q, top) > 0) top = j;
        double sLo = Round.mulInterval(r0, r1, m.toDouble(q, top, FLOOR), FLOOR), sHi = Round.mulInterval(r0, r1, m.toDouble(q, top, CEILING), CEILING);
        for (int j = 0; j < m.cols; j++) {
            double down = Enclosures.exp(Round.sub(Round.mulInterval(r0, r1, m.toDouble(q, j, FLOOR), FLOOR), sHi, FLOOR), FLOOR);
            lo[j] = down < 0x1p-1000 ? 0.0 : down;
            hi[j] = Math.max(0x1p-1000, Enclosures.exp(Round.sub(Round.mulInterval(r0, r1, m.toDouble(q, j, CEILING), CEILING), sLo, CEILING), CEILING));
        }
    }

    /** Below this argument e^x < 2^-1074 (ln 2^-1074 = -744.44...), the smallest positive double. */
    private static final BigDecimal UNDERFLOW = BigDecimal.valueOf(-746);

    /**
     * Encloses {@code exp(M[q][j] * r - shift)} for every j, where {@code r = 1/sqrt(d_head)} lies in
     * {@code [r[0], r[1]]} and the shift is the largest upper end {@code max_j max(M[q][j] r[0], M[q][j] r[1])},
     * exactly. So every argument is at most 0 and every bound is at most 1 (no overflow, Lemma S), and
     * an argument below -746 has the enclosure {@code [0, Double.MIN_VALUE]}. With {@code rd} (r rounded outward to
     * doubles), Lemma XF's outer row instead where it is usable.
     */
    private static void fillRow(ExactMatrix m, int q, int cols, BigDecimal[] r, double[] rd, double[] lo, double[] hi) {
        if (rd != null) { // Lemma XF's row where usable
            outerRow(m, q, rd[0], rd[1], lo, hi);
            // a choice of rows, not a bound: precise enough (as tables go), finite and in (0, 2]
            if (java.util.stream.IntStream.range(0, cols).allMatch(j -> lo[j] > 0 && hi[j] <= 2 && hi[j] <= lo[j] * (1 + 0x1p-20))) return;
        }
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
