package compactproofs.checker;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.Differential;
import compactproofs.checker.testing.ExactOracle;
import compactproofs.checker.testing.ExtremeModels;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Audit of Lemma XF's outer numerator rows used by brute force, cascade and separable (SPEC §6 Numerators, §7 XF)
 * and of cubic's double-based Lemma B: models whose score rows straddle the fallback condition (a numerator near
 * 2^-1000, i.e. a score spread near 693), rows with infinite double bounds (scores ~1e500), tiny scores (uniform
 * attention), read-outs scaled by 2^-s (1e300), and seeded extreme models. Each model: (1) every outer row is either
 * Lemma X's row itself or lies in (0, 2] and is consistent with Lemma X's row up to one constant per row (a necessary
 * condition for both to enclose exp(score)·C); (2) brute force, cubic, cascade and separable against ExactOracle
 * (no overclaim verified, no exception, claim+1 rejected).
 */
@Tag("slow")
class NumeratorRowsAttackTest {
    /** Seeded extreme models after the named ones ({@code -Dnumattack.extreme=N} for a longer sweep). */
    static final int EXTREME = Integer.getInteger("numattack.extreme", 60);
    static final long SEED = Long.getLong("numattack.seed", 20261203L);

    /** d_model 2: coordinate 0 carries the attention key c(t+1), coordinate 1 the value t (read out as y t - y^2/2). */
    static Weights spread(double c, double a, double[] pos0, double valueScale, double outScale, int v, int n) throws CheckFailure {
        return spread(0, c, a, pos0, valueScale, outScale, v, n);
    }

    /** With keys {@code offset + c(t+1)}: a large offset makes every score large with O(1) differences (imprecise double bounds). */
    static Weights spread(double offset, double c, double a, double[] pos0, double valueScale, double outScale, int v, int n) throws CheckFailure {
        double[][] wE = new double[v][2], wPos = new double[n][2];
        for (int t = 0; t < v; t++) { wE[t][0] = offset + c * (t + 1); wE[t][1] = t; }
        for (int i = 0; i < n; i++) wPos[i][0] = pos0[i % pos0.length];
        double[][] wQ = {{a}, {0}}, wK = {{1}, {0}}, wV = {{0}, {valueScale}}, wO = {{0, 1}}, wU = new double[2][v];
        double[] bU = new double[v];
        for (int y = 0; y < v; y++) { wU[1][y] = y * outScale; bU[y] = -y * y * valueScale / 2 * outScale; }
        return Weights.of(wE, wPos, wQ, wK, wV, wO, wU, new double[1], new double[1], new double[1], new double[2], bU);
    }

    static List<Object[]> models() throws CheckFailure {
        List<Object[]> out = new ArrayList<>();
        // score spread of row q: a c^2 (q+1) (v-1); pick it around 693 (= -ln 2^-1000) and 745 (double underflow)
        int v = 4, n = 3;
        for (double target : new double[] {600, 690, 692.5, 693.2, 694, 700, 744, 746, 800, 2000}) {
            for (int qr : new int[] {1, 3}) {
                double a = target / ((qr + 1) * (v - 1.0));
                for (double[] pos : new double[][] {{0}, {0, 1.0 / 1024}, {0, 230, -230}, {0, 231.1, -231.1}, {0, 0, 693.2}}) {
                    out.add(new Object[] {"spread " + target + " row " + qr + " pos " + java.util.Arrays.toString(pos), spread(1, a, pos, 10, 1, v, n)});
                    out.add(new Object[] {"spread " + target + " neg row " + qr + " pos " + java.util.Arrays.toString(pos), spread(1, -a, pos, 10, 1, v, n)});
                }
            }
        }
        // infinite double bounds of the scores (~1e500), huge read-out (scaling s > 0), tiny scores (uniform), mixed
        out.add(new Object[] {"scores 1e500", spread(1e250, 1e0, new double[] {0}, 10, 1, 3, 3)});
        out.add(new Object[] {"scores 1e500 neg", spread(1e250, -1e0, new double[] {0, 1e250}, 10, 1, 3, 3)});
        out.add(new Object[] {"scores ~1e308", spread(1e154, 1.5, new double[] {0}, 10, 1, 3, 3)});
        out.add(new Object[] {"read-out 1e300", spread(1, 100, new double[] {0, 3}, 10, 1e300, 4, 3)});
        out.add(new Object[] {"read-out 1e300 value 1e10", spread(1, 231, new double[] {0, 3}, 1e10, 1e290, 4, 3)});
        out.add(new Object[] {"read-out 1e-300", spread(1, 231, new double[] {0, 1}, 10, 1e-300, 4, 3)});
        out.add(new Object[] {"scores 1e-300 (uniform)", spread(1e-150, 1e-10, new double[] {0, 1e-150}, 10, 1, 4, 3)});
        out.add(new Object[] {"scores 2^-40", spread(0x1p-20, 0x1p-0, new double[] {0, 0x1p-20}, 10, 1, 4, 3)});
        out.add(new Object[] {"exact ties a=0", spread(1, 0, new double[] {0}, 10, 1, 3, 3)});
        // positional attention dominates (Lemma A's orderings and cubic's prefix sums decide these)
        for (double a : new double[] {0.5, 2, 8, 240})
            for (double[] pos : new double[][] {{3, 0, 0, 1}, {0, 3, 0, 1}, {0, 0, -3, 1}, {2, 1, 0, 1}, {-2, 1, 3, 1}})
                out.add(new Object[] {"positional a=" + a + " pos " + java.util.Arrays.toString(pos), spread(0.05, a, pos, 10, 1, 3, 4)});
        // scores ~2^47..2^53 with O(1) differences: outer rows wide (ulp 1/64 .. 1) yet inside (0, 2], or just outside
        for (int e : new int[] {47, 49, 50, 51, 52, 53})
            for (double c : new double[] {0.25, 1, 3})
                out.add(new Object[] {"offset 2^" + e + " c=" + c, spread(Math.scalb(1.0, e), c, Math.scalb(1.0, -e), new double[] {0, 1, 0.5}, 10, 1, 4, 3)});
        out.add(new Object[] {"n=1 spread 700", spread(1, 700 / 6.0, new double[] {0}, 10, 1, 3, 1)});
        out.add(new Object[] {"n=2 spread 693.2", spread(1, 693.2 / 6.0, new double[] {0, 693.2}, 10, 1, 3, 2)});
        out.add(new Object[] {"v=1 spread 700", spread(1, 700.0, new double[] {0, 700, -700}, 10, 1, 1, 3)});
        out.add(new Object[] {"n=5 pos straddle", spread(1, 60, new double[] {0, 693.1, 693.2, -1, 1}, 10, 1, 3, 5)});
        return out;
    }

    /** Rows seen: [outer, fallback], and queries whose tok and pos rows took different paths. */
    static final long[] seen = new long[3];
    /** The widest outer enclosure accepted (hi / lo). */
    static double widest = 1;

    /** Lemma XF rows: Lemma X's row itself, or in (0, 2] and consistent with Lemma X's row for one constant per row. */
    static void checkRows(String name, PathMatrices pm, List<String> bad) {
        SoftmaxNumerators o = new SoftmaxNumerators(pm, true), x = new SoftmaxNumerators(pm);
        for (int q = 0; q < pm.vocab; q++) {
            boolean a = checkRow(name + " tok[" + q + "]", o.tokLo[q], o.tokHi[q], x.tokLo[q], x.tokHi[q], bad);
            boolean b = checkRow(name + " pos[" + q + "]", o.posLo[q], o.posHi[q], x.posLo[q], x.posHi[q], bad);
            seen[a ? 1 : 0]++;
            seen[b ? 1 : 0]++;
            if (a != b) seen[2]++;
        }
    }

    /** Whether the row is the fallback (Lemma X's row). */
    static boolean checkRow(String what, double[] lo, double[] hi, double[] xlo, double[] xhi, List<String> bad) {
        if (java.util.Arrays.equals(lo, xlo) && java.util.Arrays.equals(hi, xhi)) return true; // the fallback
        for (int j = 0; j < lo.length; j++)
            if (!(lo[j] > 0 && lo[j] <= hi[j] && hi[j] <= 2)) { bad.add(what + ": outer entry " + j + " [" + lo[j] + ", " + hi[j] + "] not in (0, 2]"); return false; }
        for (int j = 0; j < lo.length; j++) widest = Math.max(widest, hi[j] / lo[j]);
        // exists K > 0 with K [xlo_j, xhi_j] meeting [lo_j, hi_j] for all j  <=>  lo_j xlo_k <= hi_k xhi_j for all j, k
        for (int j = 0; j < lo.length; j++)
            for (int k = 0; k < lo.length; k++)
                if (new BigDecimal(lo[j]).multiply(new BigDecimal(xlo[k])).compareTo(new BigDecimal(hi[k]).multiply(new BigDecimal(xhi[j]))) > 0)
                    bad.add(what + ": no common constant (entries " + j + ", " + k + ")");
        return false;
    }

    static List<Differential.Strategy> strategies(Weights w, Random r) {
        return List.of(new Differential.Strategy("brute-force", "{}"), new Differential.Strategy("cubic", "{}"),
                new Differential.Strategy("cascade[all classes]", "cascade", Differential.allClasses(w.vocab, w.nCtx)),
                new Differential.Strategy("separable", Differential.separableHints(w, r)));
    }

    @Test
    void outerRowsAreSoundOnAdversarialModels() throws CheckFailure {
        long start = System.nanoTime();
        List<String> bad = new ArrayList<>();
        List<Differential.Failure> failures = new ArrayList<>();
        List<Object[]> ms = models();
        Random r = new Random(SEED);
        for (int k = 0; k < ms.size(); k++) {
            String name = (String) ms.get(k)[0];
            Weights w = (Weights) ms.get(k)[1];
            checkRows(name, PathMatrices.of(w), bad);
            ExactOracle.Count oc = ExactOracle.exactCount(w);
            Differential.check(name, w, Differential.SHA, oc, strategies(w, r), failures);
            if (k % 4 == 0) { // cascade with random classes, and sharded (Lemma M)
                Differential.check(name, w, Differential.SHA, oc, List.of(new Differential.Strategy("cascade[random classes]", "cascade", Differential.classes(w.vocab, w.nCtx, r))), failures);
                Differential.checkShards(name, w, Differential.SHA, oc, 2 + k % 3, failures);
            }
        }
        for (int k = 0; k < EXTREME; k++) {
            ExtremeModels.Model m = ExtremeModels.extreme(r.nextLong());
            checkRows(m.description(), PathMatrices.of(m.w()), bad);
            Differential.check(m.description(), m.w(), Differential.SHA, ExactOracle.exactCount(m.w()), strategies(m.w(), r), failures);
        }
        System.out.printf("NumeratorRowsAttackTest: %d models, %d outer rows, %d fallback rows, %d mixed queries, widest outer enclosure hi/lo %.3g, %.1f s%n",
                ms.size() + EXTREME, seen[0], seen[1], seen[2], widest, (System.nanoTime() - start) / 1e9);
        // the attack must reach both kinds of row and queries mixing them (else it tests nothing new)
        if (seen[0] == 0 || seen[1] == 0 || seen[2] == 0) bad.add("coverage: " + java.util.Arrays.toString(seen));
        if (!bad.isEmpty() || !failures.isEmpty()) fail(String.join("\n", bad) + "\n" + failures.stream().map(Object::toString).reduce("", (p, s) -> p + s + "\n"));
        assertTrue(true);
    }
}
