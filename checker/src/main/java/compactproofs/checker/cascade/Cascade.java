package compactproofs.checker.cascade;

import compactproofs.checker.statement.InputClass;
import compactproofs.checker.Workers;
import compactproofs.checker.bruteforce.BruteForce;
import compactproofs.checker.cubic.Cubic;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cascade strategy: the cubic proof where it works, exact enumeration where it does not.
 *
 * <p><b>Lemma K (partition).</b> Every input t belongs to exactly one class {@code (q, m, c)}: its
 * query token {@code q = t_{n-1}}, its max {@code m}, and the number {@code c} of non-query positions
 * holding a token below m (the set J of those positions is determined by t). Within a class, the
 * inputs whose tokens on J all lie in {@code S(q, m, c) = {k < m : cubic case (m, q, k, c) proved}}
 * are correct by Lemma C (for {@code c = 0}: the single input, if its case is proved); the rest of the
 * class is the set of inputs of the class with at least one token on J outside S (all of it when S is
 * empty). The rests of the classes listed in the certificate are enumerated, each input decided as in
 * brute force (Lemmas BF and D1), over every J of size c and every token in {@code [0, m)} on J.
 * So the proved count is the cubic count plus the enumerated inputs proved correct, and no input is
 * counted twice (the classes are disjoint and within a class the two parts are complementary).
 */
public final class Cascade {
    private Cascade() {}


    /** Receives each enumerated class's result. */
    public interface ClassListener { void done(InputClass k, long enumerated, long proved, long ops); }

    public record Result(BigInteger proved, BigInteger cubicProved, long enumerated, long enumeratedProved,
                         long wrong, long unresolved, BigInteger ops, boolean everyRestEnumerated) {}

    /** The cubic stage's proved sets: {@code inS[m][q][c][k]} for c >= 1; {@code single[m][q]} for c = 0. */
    public static final class CubicStage {
        final int v, n;
        final boolean[][][][] inS;
        final boolean[][] single;
        public final Cubic.Result cubic;
        final SoftmaxNumerators se;

        CubicStage(Weights w, PathMatrices pm) {
            se = new SoftmaxNumerators(pm);
            v = w.vocab; n = w.nCtx;
            inS = new boolean[v][][][];
            single = new boolean[v][];
            for (int m = 0; m < v; m++) {
                inS[m] = new boolean[m + 1][n][];
                single[m] = new boolean[m + 1];
            }
            cubic = new Cubic(w, pm, se).run((m, q, k, c) -> {
                if (c == 0) single[m][q] = true;
                else {
                    if (inS[m][q][c] == null) inS[m][q][c] = new boolean[v];
                    inS[m][q][c][k] = true;
                }
                return true;
            });
        }

        /**
         * The number of inputs the cubic stage proves in the classes of shard {@code index/count}
         * (Lemma C restricted to those classes; the whole cubic count for shard 0/1).
         */
        public BigInteger provedIn(int index, int count) {
            BigInteger total = BigInteger.ZERO;
            for (int m = 0; m < v; m++)
                for (int q = 0; q <= m; q++) {
                    if (!inShard(v, q, m, index, count)) continue;
                    if (single[m][q]) total = total.add(BigInteger.ONE);
                    for (int c = 1; c < n; c++) {
                        boolean[] s = inS[m][q][c];
                        if (s == null) continue;
                        int size = 0;
                        for (boolean b : s) if (b) size++;
                        total = total.add(binomial(n - 1, c).multiply(BigInteger.valueOf(size).pow(c)));
                    }
                }
            return total;
        }

        /** Whether class k has inputs the cubic stage does not prove. */
        public boolean hasRest(InputClass k) {
            if (k.c() == 0) return !single[k.m()][k.q()];
            boolean[] s = inS[k.m()][k.q()][k.c()];
            if (s == null) return k.m() > 0;
            for (int t = 0; t < k.m(); t++) if (!s[t]) return true;
            return false;
        }
    }

    /** Whether the classes of {@code (q, m)} belong to shard {@code index} of {@code count}: {@code (m V + q) mod count = index}. */
    public static boolean inShard(int v, int q, int m, int index, int count) {
        return ((long) m * v + q) % count == index;
    }

    static BigInteger binomial(int a, int b) {
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= b; i++) r = r.multiply(BigInteger.valueOf(a - b + i)).divide(BigInteger.valueOf(i));
        return r;
    }

    /** Runs the cubic stage. */
    public static CubicStage cubicStage(Weights w, PathMatrices pm) {
        return new CubicStage(w, pm);
    }

    /** Whether {@code (q, m, c)} is a class: {@code q <= m < V}, {@code c <= n-1} if q = m, else {@code c <= n-2}. */
    public static boolean isClass(int v, int n, int q, int m, int c) {
        return m >= 0 && m < v && q >= 0 && q <= m && c >= 0 && c <= (q == m ? n - 1 : n - 2) && (c == 0 || m > 0);
    }

    /**
     * Proves the cascade count: the cubic stage plus the enumeration of the rests of {@code classes}
     * (each a valid class, no duplicates: the caller validates).
     */
    public static Result run(Weights w, PathMatrices pm, CubicStage stage, List<InputClass> classes, int threads,
                             ClassListener listener) throws InterruptedException {
        return run(w, pm, stage, classes, threads, listener, 0, 1);
    }

    /**
     * The same restricted to shard {@code index/count}: only the cubic proofs of the shard's classes
     * are counted, and every listed class must belong to the shard (the caller validates).
     */
    public static Result run(Weights w, PathMatrices pm, CubicStage stage, List<InputClass> classes, int threads,
                             ClassListener listener, int shardIndex, int shardCount) throws InterruptedException {
        int v = w.vocab, n = w.nCtx;
        Map<Integer, List<InputClass>> byQuery = new TreeMap<>();
        for (InputClass k : classes) if (stage.hasRest(k)) byQuery.computeIfAbsent(k.q(), x -> new ArrayList<>()).add(k);
        BruteForce bf = new BruteForce(pm, stage.se);
        List<java.util.concurrent.Callable<long[]>> tasks = new ArrayList<>();
        for (Map.Entry<Integer, List<InputClass>> e : byQuery.entrySet())
            tasks.add(() -> enumerateQuery(bf, stage, e.getKey(), e.getValue(), n, listener));
        long[] r = tasks.isEmpty() ? new long[5] : Workers.sum("cascade", threads, tasks);
        long enumerated = r[0], proved = r[1], wrong = r[2], unresolved = r[3];
        BigInteger ops = stage.cubic.ops().add(BigInteger.valueOf(r[4]));
        boolean all = unresolved == 0;
        java.util.Set<InputClass> listed = new java.util.HashSet<>(classes);
        if (all)
            outer:
            for (int m = 0; m < v; m++)
                for (int q = 0; q <= m; q++)
                    for (int c = 0; c < n; c++)
                        if (isClass(v, n, q, m, c) && inShard(v, q, m, shardIndex, shardCount) && stage.hasRest(new InputClass(q, m, c)) && !listed.contains(new InputClass(q, m, c))) { all = false; break outer; }
        BigInteger cubicProved = shardCount == 1 ? stage.cubic.proved() : stage.provedIn(shardIndex, shardCount);
        return new Result(cubicProved.add(BigInteger.valueOf(proved)), cubicProved, enumerated, proved,
                wrong, unresolved, ops, all);
    }

    private static long[] enumerateQuery(BruteForce bf, CubicStage stage, int q, List<InputClass> classes, int n, ClassListener listener) {
        BruteForce.QueryPass pass = bf.pass(q, null);
        classes = new ArrayList<>(classes);
        classes.sort(java.util.Comparator.comparingInt(InputClass::m).thenComparingInt(InputClass::c));
        for (InputClass k : classes) {
            pass.rescale(k.m()); // the finest fixed-point grid for inputs with max m
            long p0 = pass.proved, w0 = pass.wrong, u0 = pass.unresolved, o0 = pass.ops;
            int[] base = new int[n];
            java.util.Arrays.fill(base, k.m());
            base[n - 1] = q;
            if (k.c() == 0) {
                pass.enumerate(base, new int[0], 0, null);
            } else {
                boolean[] s = stage.inS[k.m()][q][k.c()];
                for (int[] j : subsets(n - 1, k.c())) pass.enumerate(base, j, k.m(), s == null ? new boolean[stage.v] : s);
            }
            if (listener != null)
                listener.done(k, (pass.proved - p0) + (pass.wrong - w0) + (pass.unresolved - u0), pass.proved - p0, pass.ops - o0);
        }
        return new long[] {pass.proved + pass.wrong + pass.unresolved, pass.proved, pass.wrong, pass.unresolved, pass.ops};
    }

    /** All subsets of {0..size-1} with k elements, each as an ascending array. */
    static List<int[]> subsets(int size, int k) {
        List<int[]> out = new ArrayList<>();
        int[] cur = new int[k];
        fill(out, cur, 0, 0, size);
        return out;
    }

    private static void fill(List<int[]> out, int[] cur, int idx, int from, int size) {
        if (idx == cur.length) { out.add(cur.clone()); return; }
        for (int i = from; i < size; i++) { cur[idx] = i; fill(out, cur, idx + 1, i + 1, size); }
    }
}
