package compactproofs.checker.subcubic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.Checker;
import compactproofs.checker.ExitCode;
import compactproofs.checker.Verdict;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.Differential;
import compactproofs.checker.testing.ExactOracle;
import compactproofs.checker.testing.ExtremeModels;
import compactproofs.checker.testing.MaxLikeModels;
import compactproofs.checker.testing.RandomModels;
import compactproofs.checker.testing.TestHints;
import compactproofs.checker.testing.TestWeights;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Independent soundness attack on the 100 subcubic variants (SPEC §9): tiny models (max-like, copy,
 * random, near-tie, extreme-magnitude, degenerate hand-built ones with V = 2, n = 2, d_head = 1, zero
 * matrices, uniform attention, huge score spreads) x every variant x honest and adversarial hints
 * (gap tables at 1 / V-1 / random / adversarially searched, random, unit, repeated, tiny, huge and
 * mixed-magnitude directions, W_EP_direction zero / huge / random, mean_attention 0 / 1 / random /
 * tiny). For every case it checks, against {@link ExactOracle} (an independent exact classifier):
 * <ul>
 *   <li><b>per class</b>: every input of every class the analysis counts (bound &lt; 0) is not WRONG;
 *   <li><b>total</b>: the count is at most the oracle's correct + unknown count;
 *   <li><b>end to end</b>: {@link Checker#verify} on a certificate claiming that count verifies it
 *       exactly when the analysis proved it, and rejects the count plus one.
 * </ul>
 * and, for models with moderate weights, that every valid class's bound is at least the 60-digit reference value
 * of {@code max_x logit[x] - logit[m]} on each of its inputs, whatever its sign.
 * Any failure is an overclaim (or an inconsistency between the verifier and the analysis).
 *
 * <p>Checked to fail (scratch copies of the main code, reverted): Lemma F without {@code eps} in Delta-
 * (1 overclaim); the paper's mean_query+diff rule (R* also when A &lt; Abar; caught on the avoids-the-max
 * model, 55 failures); Lemma F with the max tokens on the largest offsets (1629 failures).
 */
@Tag("slow")
class SubcubicAttackTest {
    static final long SEED = 0x5ABC0BE5L;
    static final String SHA = "ef".repeat(32);
    static final int PLANTED = 12;

    /** A model, its oracle count, and (for moderate weights) the 60-digit margin of every input (else null). */
    record Model(String label, Weights w, ExactOracle.Count oc, java.math.BigDecimal[] margins) {
        Model(String label, Weights w, ExactOracle.Count oc) { this(label, w, oc, null); }
    }

    /** The reference margins {@code min_x logit[m] - logit[x]} of every input, when every weight is moderate (|x| <= 2^20). */
    static java.math.BigDecimal[] margins(Weights w) {
        double[][][] all = {w.wE, w.wPos, w.wQ, w.wK, w.wV, w.wO, w.wU, {w.bQ, w.bK, w.bV, w.bO, w.bU}};
        for (double[][] m : all) for (double[] row : m) if (row != null) for (double x : row) if (Math.abs(x) > 0x1p20 || (x != 0 && Math.abs(x) < 0x1p-20)) return null;
        int v = w.vocab, n = w.nCtx;
        int total = BigInteger.valueOf(v).pow(n).intValueExact();
        java.math.BigDecimal[] out = new java.math.BigDecimal[total];
        compactproofs.checker.testing.ReferenceModel ref = new compactproofs.checker.testing.ReferenceModel(w);
        try {
            for (int i = 0; i < total; i++) out[i] = ref.margin(ExactOracle.input(i, v, n));
        } catch (ArithmeticException e) { // scores too large for the reference's plain exp
            return null;
        }
        return out;
    }

    /** Hand-built degenerate models (V = 2, n = 2, d_head = 1, zeros, uniform attention, huge score spreads). */
    static List<Model> degenerate(SplittableRandom r) {
        List<Model> out = new ArrayList<>();
        // V=2, n=2, d=1, h=1: attention score huge (2^40 scale), value path copies the token
        out.add(new Model("deg: V=2 n=2 d=h=1 huge scores", TestWeights.of(new double[][] {{0}, {1}}, new double[][] {{0}, {0}},
                new double[][] {{0x1p20}}, new double[][] {{0x1p20}}, new double[][] {{1}}, new double[][] {{1}}, new double[][] {{-1, 1}},
                new double[] {0x1p20}, null, null, null, null), null));
        // zero QK (uniform attention), identity-ish OV: correct only when the mean favours the max
        out.add(new Model("deg: V=3 n=3 uniform attention", TestWeights.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[3][3],
                new double[3][1], new double[3][1], new double[][] {{1}, {2}, {3}}, new double[][] {{1, 1, 1}},
                new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, null, null, null, null, null), null));
        // all zero: every logit ties, nothing is correct
        out.add(new Model("deg: V=3 n=2 all zero", TestWeights.of(new double[3][2], new double[2][2], new double[2][1], new double[2][1],
                new double[2][1], new double[1][2], new double[2][3], null, null, null, null, null), null));
        // direct path only, exact ties between two logits for some queries
        out.add(new Model("deg: V=3 n=3 direct path ties", TestWeights.of(new double[][] {{0, 0}, {1, 0}, {1, 1}}, new double[3][2],
                new double[2][1], new double[2][1], new double[2][1], new double[1][2], new double[][] {{0, 1, 1}, {0, 0, 1}},
                null, null, null, null, null), null));
        // tiny scores (2^-40): nearly uniform attention with a copy path
        out.add(new Model("deg: V=4 n=3 tiny scores", MaxLikeModels.copyModel(r.nextLong(), 4, 3, true), null));
        // huge score spread with F64 extreme magnitudes in W_Q and a 1e-300 value path
        out.add(new Model("deg: V=3 n=2 1e300 scores", TestWeights.of(new double[][] {{0, 1}, {1, 1}, {2, 1}}, new double[2][2],
                new double[][] {{0}, {1e150}}, new double[][] {{1e150}, {0}}, new double[][] {{1e-300}, {0}}, new double[][] {{1, 0}},
                new double[][] {{0, 1, 2}, {0, 0, 0}}, null, new double[] {-1e150}, null, null, new double[] {0, 1e-300, -1e-300}), null));
        // d_head = 1 with b_Q, b_K only (query-independent tokens): scores from biases
        out.add(new Model("deg: V=4 n=2 bias scores", TestWeights.of(new double[][] {{0, 1}, {1, 1}, {2, 1}, {3, 1}}, new double[][] {{0.5, 0}, {0, 0}},
                new double[][] {{0}, {0}}, new double[][] {{4}, {0}}, new double[][] {{1}, {0}}, new double[][] {{1, 0}},
                new double[][] {{0, 1, 2, 3}, {0, 0, 0, 0}}, new double[] {1}, new double[] {3}, new double[] {0.25}, new double[] {0, 1}, new double[] {0, 0, 0, 0.5}), null));
        out.add(new Model("deg: V=3 n=2 avoids the max (paper's mean_query+diff case)", avoidsMax(), null));
        return out;
    }

    /**
     * Attention avoids the max (score -20 t), no positional or direct-path variation (b_U = (-1, 5, 0) only),
     * the value path writes (10, -100, 0) for token 2 and nothing for tokens 0, 1. For max 2 with A near 0 the
     * logits are about (-1, 5, 0): wrong. The paper's mean_query+diff rule (R* also when A < Abar) with
     * Abar = 1 bounds logit[x] - logit[2] by 10 A - 1 < 0 and would count these wrong inputs; the corrected
     * rule (R_* = -100 when A < Abar) gives 109 - 100 A > 0. A regression model for Lemma G's sign case.
     */
    static Weights avoidsMax() {
        double[][] wE = {{0, 1, 0, 0}, {1, 1, 0, 0}, {2, 1, 1, 0}}, wPos = new double[2][4];
        double[][] wQ = {{0}, {1}, {0}, {0}}, wK = {{-20}, {0}, {0}, {0}}, wV = {{0}, {0}, {1}, {0}}, wO = {{0, 0, 0, 1}};
        double[][] wU = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {10, -100, 0}};
        return TestWeights.of(wE, wPos, wQ, wK, wV, wO, wU, null, null, null, null, new double[] {-1, 5, 0});
    }

    /**
     * A model with planted path matrices (SPEC §5 Lemma P): one-hot token and position dimensions, d_head = V + n,
     * so that EQKE = S_E, EQKP = S_P, EVOU = O_E, PVOU = O_P and EUPU = U are the given integer matrices times
     * the given scales. Random "almost max" paths: attention slope beta t (either sign) plus noise, a copy-like
     * value path plus noise, a noisy direct path; many inputs are near the decision boundary.
     */
    static Weights planted(SplittableRandom r, int v, int n) {
        int h = v + n, base = v + 1 + n, d = 2 * base;
        double beta = (r.nextInt(4) == 0 ? -1 : 1) * (0.5 + 4 * r.nextDouble()), noise = r.nextDouble() * 3;
        double[][] wE = new double[v][d], wPos = new double[n][d], wQ = new double[d][h], wK = new double[d][h],
                wV = new double[d][h], wO = new double[h][d], wU = new double[d][v];
        for (int t = 0; t < v; t++) { wE[t][t] = 1; wE[t][v] = 1; }
        for (int i = 0; i < n; i++) wPos[i][v + 1 + i] = 1;
        for (int q = 0; q < v; q++) {
            for (int t = 0; t < v; t++) wQ[q][t] = Math.rint(4 * (beta * t + noise * r.nextGaussian())) / 4;   // EQKE[q][t]
            for (int i = 0; i < n; i++) wQ[q][v + i] = Math.rint(4 * noise * r.nextGaussian()) / 4 * (r.nextInt(3) == 0 ? 8 : 1); // EQKP[q][i]
        }
        for (int t = 0; t < v; t++) { wK[t][t] = 1; wV[t][t] = 1; wO[t][base + t] = 1; }
        for (int i = 0; i < n; i++) { wK[v + 1 + i][v + i] = 1; wV[v + 1 + i][v + i] = 1; wO[v + i][base + v + 1 + i] = 1; }
        double copy = 1 + 4 * r.nextDouble(), vn = r.nextDouble() * 2;
        for (int t = 0; t < v; t++)
            for (int y = 0; y < v; y++) {
                wU[base + t][y] = Math.rint(4 * (copy * (y == t ? 1 : 0) - (r.nextInt(3) == 0 ? 0.5 * Math.abs(y - t) : 0) + vn * r.nextGaussian())) / 4; // EVOU
                wU[t][y] = Math.rint(4 * vn * r.nextGaussian()) / 4;                                                     // EUPU
            }
        for (int i = 0; i < n; i++) for (int y = 0; y < v; y++) wU[base + v + 1 + i][y] = Math.rint(4 * vn * 0.5 * r.nextGaussian()) / 4; // PVOU
        return TestWeights.of(wE, wPos, wQ, wK, wV, wO, wU, null, null, null, null, r.nextBoolean() ? null : new double[v]);
    }

    static List<Model> models() {
        SplittableRandom r = new SplittableRandom(SEED);
        List<Model> raw = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int v = 3 + r.nextInt(4), n = 2 + r.nextInt(v <= 4 ? 3 : 2);
            raw.add(new Model("maxlike#" + i + " V=" + v + " n=" + n, MaxLikeModels.of(r.nextLong(), v, n, 2 + 4 * r.nextDouble(), 0.02 + 0.15 * r.nextDouble(), i % 2 == 0), null));
        }
        for (int i = 0; i < 2; i++) {
            int v = 3 + r.nextInt(4), n = 2 + r.nextInt(2);
            raw.add(new Model("copy#" + i + " V=" + v + " n=" + n, MaxLikeModels.copyModel(r.nextLong(), v, n, i == 1), null));
        }
        for (int i = 0; i < 4; i++) {
            int v = 2 + r.nextInt(4), n = 2 + r.nextInt(2);
            raw.add(new Model("random#" + i + " V=" + v + " n=" + n, RandomModels.random(r.nextLong(), v, n, 1 + r.nextInt(3), 1 + r.nextInt(2), 1 + 3 * r.nextDouble(), i % 2 == 1), null));
        }
        for (int i = 0; i < 2; i++) raw.add(new Model("nearTie#" + i, RandomModels.nearTie(r.nextLong(), 4 + i, 3), null));
        for (int i = 0; i < 8; i++) {
            long s = r.nextLong();
            ExtremeModels.Model m = i % 3 == 2 ? ExtremeModels.random(s) : ExtremeModels.extreme(s);
            raw.add(new Model("extreme(" + s + ") " + m.description(), m.w(), null));
        }
        raw.addAll(degenerate(r));
        for (int i = 0; i < PLANTED; i++) {
            int v = 3 + r.nextInt(3), n = 2 + r.nextInt(v == 3 ? 3 : 2);
            raw.add(new Model("planted#" + i + " V=" + v + " n=" + n, planted(r, v, n), null));
        }
        List<Model> out = new ArrayList<>();
        for (Model m : raw) out.add(new Model(m.label, m.w, ExactOracle.exactCount(m.w), margins(m.w)));
        return out;
    }

    // ---------------------------------------------------------------- hint mutations

    static final String[] DIRS = {"query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U"};

    static JsonArray strings(String... xs) {
        JsonArray a = new JsonArray();
        for (String x : xs) a.add(x);
        return a;
    }

    /** An adversarial direction of length len: extreme, mixed, tiny, negative or unit entries (within the 512-bit limit). */
    static JsonArray weirdDirection(SplittableRandom r, int len) {
        String[] out = new String[len];
        int kind = r.nextInt(7);
        String kind5 = r.nextInt(20) == 0 ? "4.9e-324" : "4.9e-150";
        for (int i = 0; i < len; i++) {
            out[i] = switch (kind) {
                case 0 -> i == 0 ? "1" : "0";                                        // unit vector e_0
                case 1 -> i == len - 1 ? "-1" : "0";                                 // negative unit vector, last slot
                case 2 -> (r.nextBoolean() ? "-" : "") + "1/" + BigInteger.ONE.shiftLeft(200 + r.nextInt(50)); // tiny
                case 3 -> (r.nextBoolean() ? "-" : "") + BigInteger.ONE.shiftLeft(200 + r.nextInt(50));        // huge
                case 4 -> r.nextBoolean() ? BigInteger.ONE.shiftLeft(240).toString() : "1/" + BigInteger.ONE.shiftLeft(240); // mixed 2^±240
                case 5 -> kind5;                                                     // constant tiny value (4.9e-324 is refused: lcm 10^325)
                default -> (r.nextInt(4) == 0 ? "0" : (r.nextInt(2000) - 1000) + "/" + (1 + r.nextInt(997)));
            };
        }
        boolean zero = true;
        for (String s : out) zero &= s.equals("0");
        if (zero) out[0] = "3";
        return strings(out);
    }

    static JsonArray meanAttention(SplittableRandom r, int v, int n, int kind) {
        JsonArray a = new JsonArray();
        for (int m = 0; m < v; m++) {
            JsonArray row = new JsonArray();
            for (int c = 0; c < n; c++)
                row.add(switch (kind) {
                    case 0 -> "0";
                    case 1 -> "1";
                    case 2 -> "1e-300";
                    case 3 -> "0.9999999999999999999999999";
                    default -> r.nextInt(1001) + "/1000";
                });
            a.add(row);
        }
        return a;
    }

    /**
     * Adversarial gap table for these hints: for every class (q, m, c) the smallest gap (largest class)
     * whose bound is negative under the hints' own mean_attention, iterated twice (the default centring
     * depends on the other gaps); the final table is then evaluated as a whole.
     */
    static int[][][] adversarialGaps(Weights w, Variant var, SubcubicHints h, boolean largest) {
        SubcubicAnalysis an = new SubcubicAnalysis(w, PathMatrices.of(w), var, h, new ProofLength());
        int v = w.vocab, n = w.nCtx;
        int[][][] g = TestHints.ones(v, n);
        for (int it = 0; it < 2; it++)
            for (int m = 1; m < v; m++)
                for (int c = 1; c < n; c++) {
                    double ab = h.abar != null ? h.abar[m][c] : an.abar(m, c, g);
                    double lam = an.lambda(m, ab);
                    for (int q = 0; q <= m; q++) {
                        int gmax = q == m ? m : m - q;
                        if (gmax < 1) continue;
                        if (largest) { g[q][m][c] = Math.min(v - 1, gmax); continue; }
                        for (int gg = 1; gg <= gmax; gg++)
                            if (an.bound(q, m, c, gg, an.attention(q, m, c, gg), lam, ab) < 0) { g[q][m][c] = gg; break; }
                    }
                }
        return g;
    }

    /**
     * Adversarial mean_attention for fixed gaps: per (m, c), the centring (from 0, 1, a grid, and every valid
     * query's attention endpoints) that maximises the number of inputs of the classes proved.
     */
    static JsonArray adversarialAbar(Weights w, Variant var, SubcubicHints h) {
        SubcubicAnalysis an = new SubcubicAnalysis(w, PathMatrices.of(w), var, h, new ProofLength());
        int v = w.vocab, n = w.nCtx;
        JsonArray out = new JsonArray();
        for (int m = 0; m < v; m++) {
            JsonArray row = new JsonArray();
            for (int c = 0; c < n; c++) {
                double best = 0;
                if (m > 0 && c > 0) {
                    List<Double> cand = new ArrayList<>(List.of(0.0, 1.0, 0.25, 0.5, 0.75, 0.9, 0.99));
                    double[][] att = new double[m + 1][];
                    for (int q = 0; q <= m; q++)
                        if (an.valid(q, m, c, h.gaps[q][m][c])) {
                            att[q] = an.attention(q, m, c, h.gaps[q][m][c]);
                            for (double a : att[q]) if (a >= 0 && a <= 1) cand.add(a);
                        }
                    BigInteger bestCount = BigInteger.valueOf(-1);
                    for (double ab : cand) {
                        double lam = an.lambda(m, ab);
                        BigInteger cnt = BigInteger.ZERO;
                        for (int q = 0; q <= m; q++)
                            if (att[q] != null && an.bound(q, m, c, h.gaps[q][m][c], att[q], lam, ab) < 0)
                                cnt = cnt.add(an.classSize(q, m, c, h.gaps[q][m][c]));
                        if (cnt.compareTo(bestCount) > 0) { bestCount = cnt; best = ab; }
                    }
                }
                row.add(best == 0 ? "0" : new java.math.BigDecimal(best).toPlainString());
            }
            out.add(row);
        }
        return out;
    }

    // ---------------------------------------------------------------- checks

    static final Map<String, Integer> STATS = new LinkedHashMap<>();

    static void stat(String k) { STATS.merge(k, 1, Integer::sum); }

    /**
     * Runs one (model, variant, hints) case; returns a failure description or null. MALFORMED / RESOURCE_LIMIT
     * refusals of a hint are fine (counted); any other exception is a robustness failure.
     */
    static String runCase(Model mo, Variant var, JsonObject hints, String mutation, boolean reGap, boolean advAbar, boolean endToEnd) {
        Weights w = mo.w;
        int v = w.vocab, n = w.nCtx;
        String where = mo.label + " | " + var.name() + " | " + mutation;
        try {
            SubcubicHints.Parsed parsed = (SubcubicHints.Parsed) TestHints.cert(w, var, hints).hints;
            SubcubicHints h = parsed.forModel(w);
            if (reGap) {
                hints.add("min_gaps", TestHints.gapsJson(adversarialGaps(w, var, h, false)));
                parsed = (SubcubicHints.Parsed) TestHints.cert(w, var, hints).hints;
                h = parsed.forModel(w);
            }
            if (advAbar && var.attn() == Variant.Attn.MEAN_QUERY_DIFF) {
                for (int it = 0; it < 2; it++) {
                    hints.add("mean_attention", adversarialAbar(w, var, h));
                    h = ((SubcubicHints.Parsed) TestHints.cert(w, var, hints).hints).forModel(w);
                    hints.add("min_gaps", TestHints.gapsJson(adversarialGaps(w, var, h, false)));
                    h = ((SubcubicHints.Parsed) TestHints.cert(w, var, hints).hints).forModel(w);
                }
            }
            PathMatrices pm = PathMatrices.of(w);
            SubcubicAnalysis.Evaluation ev = new SubcubicAnalysis(w, pm, var, h, new ProofLength()).evaluate(h.gaps, h.abar);
            // per class: every input of a counted class must not be WRONG
            BigInteger perClass = BigInteger.ZERO;
            long total = BigInteger.valueOf(v).pow(n).longValueExact();
            for (long idx = 0; idx < total; idx++) {
                int[] t = ExactOracle.input(idx, v, n);
                int m = 0;
                for (int x : t) m = Math.max(m, x);
                int q = t[n - 1], c = 0;
                for (int x : t) if (x != m) c++;
                boolean in;
                if (c == 0) in = true;
                else {
                    int g = h.gaps[q][m][c];
                    in = (q == m ? g <= m : q <= m - g);
                    for (int x : t) if (x != m && x > m - g) in = false;
                }
                double bnd = ev.bounds()[q][m][c];
                // Lemmas F, G: the bound of a valid class is an upper bound of max_x logit[x] - logit[m] for each of its inputs,
                // whatever its sign (a bound below the truth is a soundness bug even when it does not flip a count)
                if (in && mo.margins != null && !Double.isNaN(bnd) && bnd != Double.POSITIVE_INFINITY) {
                    java.math.BigDecimal truth = mo.margins[(int) idx].negate(), b = new java.math.BigDecimal(bnd);
                    java.math.BigDecimal tol = new java.math.BigDecimal("1e-25").multiply(truth.abs().max(java.math.BigDecimal.ONE));
                    if (b.compareTo(truth.subtract(tol)) < 0)
                        return "BOUND BELOW TRUTH " + where + ": input " + java.util.Arrays.toString(t) + " has max_x logit[x]-logit[m] = " + truth.round(new java.math.MathContext(20))
                                + " but class (q=" + q + ", m=" + m + ", c=" + c + ", g=" + (c == 0 ? "-" : h.gaps[q][m][c]) + ") has bound " + bnd + "; hints " + hints;
                    stat("bound-vs-truth input checks");
                }
                if (!in || !(bnd < 0)) continue;
                perClass = perClass.add(BigInteger.ONE);
                if (mo.oc.perInput()[(int) idx] == ExactOracle.Outcome.WRONG)
                    return "OVERCLAIM(per input) " + where + ": input " + java.util.Arrays.toString(t) + " is WRONG but class (q=" + q + ", m=" + m
                            + ", c=" + c + ", g=" + (c == 0 ? "-" : h.gaps[q][m][c]) + ") has bound " + ev.bounds()[q][m][c] + "; hints " + hints;
            }
            if (!perClass.equals(ev.count()))
                return "COUNT MISMATCH " + where + ": classes cover " + perClass + " inputs, evaluate() counts " + ev.count() + "; hints " + hints;
            if (ev.count().compareTo(BigInteger.valueOf(mo.oc.upper())) > 0)
                return "OVERCLAIM(total) " + where + ": proved " + ev.count() + " > " + mo.oc + "; hints " + hints;
            if (ev.count().signum() > 0) stat("cases with a positive count"); else stat("cases with count 0");
            if (endToEnd) {
                String json = hints.toString();
                Verdict ok = Checker.verify(w, SHA, Certificate.parse(Differential.cert(w, SHA, var.strategy(), ev.count(), json).getBytes(StandardCharsets.UTF_8)), Differential.OPT);
                if (!ok.verified() || !ok.proved().equals(ev.count()))
                    return "END-TO-END MISMATCH " + where + ": claim " + ev.count() + " gave " + ok.code() + " proved " + ok.proved() + ": " + ok.reason();
                Verdict over = Checker.verify(w, SHA, Certificate.parse(Differential.cert(w, SHA, var.strategy(), ev.count().add(BigInteger.ONE), json).getBytes(StandardCharsets.UTF_8)), Differential.OPT);
                if (over.verified())
                    return "OVERCLAIM(end to end) " + where + ": claim " + ev.count().add(BigInteger.ONE) + " verified";
                stat("end-to-end checks");
            }
            stat("cases checked");
            return null;
        } catch (CheckFailure f) {
            if (f.code() == ExitCode.MALFORMED || f.code() == ExitCode.RESOURCE_LIMIT) { stat("refused " + f.code() + " [" + mutation.replaceAll(" .*", "") + "]"); return null; }
            return "UNEXPECTED CheckFailure " + where + ": " + f.code() + " " + f.getMessage();
        } catch (Throwable e) {
            return "CRASH " + where + ": " + Differential.describe(e) + "\n" + Differential.stackTrace(e);
        }
    }

    @Test
    void noVariantOverclaimsUnderAdversarialHints() {
        long t0 = System.nanoTime();
        System.out.println("SubcubicAttackTest seed " + SEED);
        List<Model> models = models();
        System.out.printf("models and oracle: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        SplittableRandom r = new SplittableRandom(SEED ^ 0x9E3779B97F4A7C15L);
        List<String> failures = new ArrayList<>();
        long cases = 0;
        for (Model mo : models) {
            Weights w = mo.w;
            int v = w.vocab, n = w.nCtx;
            for (Variant var : Variant.all()) {
                JsonObject honest = TestHints.hints(w, var.strategy(), true);
                List<Object[]> muts = new ArrayList<>();
                muts.add(new Object[] {"honest", honest.deepCopy(), false});
                // gaps at the extremes
                JsonObject gMax = honest.deepCopy();
                int[][][] g = TestHints.ones(v, n);
                for (int[][] a : g) for (int[] b : a) java.util.Arrays.fill(b, v - 1);
                gMax.add("min_gaps", TestHints.gapsJson(g));
                muts.add(new Object[] {"gaps=V-1", gMax, false});
                JsonObject gOne = honest.deepCopy();
                gOne.add("min_gaps", TestHints.gapsJson(TestHints.ones(v, n)));
                muts.add(new Object[] {"gaps=1", gOne, false});
                JsonObject gRand = honest.deepCopy();
                for (int[][] a : g) for (int[] b : a) for (int k = 0; k < b.length; k++) b[k] = 1 + r.nextInt(v - 1);
                gRand.add("min_gaps", TestHints.gapsJson(g));
                muts.add(new Object[] {"gaps=random", gRand, false});
                // adversarial directions, then an adversarial gap search under them
                for (int k = 0; k < 2; k++) {
                    JsonObject d = honest.deepCopy();
                    StringBuilder what = new StringBuilder("dirs:");
                    for (String key : DIRS)
                        if (r.nextInt(3) != 0) { d.add(key, weirdDirection(r, d.getAsJsonArray(key).size())); what.append(key).append(' '); }
                    if (r.nextBoolean()) { d.add("second_query_direction", d.get("query_direction").deepCopy()); what.append("u2=u1 "); }
                    if (r.nextBoolean()) { d.add("second_key_direction", d.get("key_direction").deepCopy()); what.append("v2=v1 "); }
                    int wk = r.nextInt(4);
                    if (wk == 0) { JsonArray z = new JsonArray(); for (int i = 0; i < w.dModel; i++) z.add("0"); d.add("W_EP_direction", z); what.append("mu=0 "); }
                    else if (wk == 1) { d.add("W_EP_direction", weirdDirection(r, w.dModel)); what.append("mu=weird "); }
                    muts.add(new Object[] {what.toString().trim(), d, true});
                }
                // mean_attention extremes with an adversarial gap search under them
                JsonObject ma = honest.deepCopy();
                int kind = r.nextInt(5);
                ma.add("mean_attention", meanAttention(r, v, n, kind));
                muts.add(new Object[] {"mean_attention kind " + kind, ma, true});
                if (var.attn() == Variant.Attn.MEAN_QUERY_DIFF) muts.add(new Object[] {"mean_attention adversarial", honest.deepCopy(), true, true});
                for (Object[] mu : muts) {
                    boolean e2e = r.nextInt(10) == 0;
                    String f = runCase(mo, var, (JsonObject) mu[1], (String) mu[0], (Boolean) mu[2], mu.length > 3, e2e);
                    cases++;
                    if (f != null) { failures.add(f); if (failures.size() <= 5) System.out.println(f); }
                }
            }
        }
        System.out.printf("SubcubicAttackTest: %d models x 100 variants, %d cases in %.1f s; %s%n", models.size(), cases,
                (System.nanoTime() - t0) / 1e9, STATS);
        for (Model mo : models) System.out.println("  " + mo.label + ": " + mo.oc);
        assertTrue(failures.isEmpty(), failures.size() + " failures; first:\n" + (failures.isEmpty() ? "" : failures.get(0)));
    }
}
