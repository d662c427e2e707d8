package compactproofs.checker.statement;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A class of inputs and the partition of the input space into classes (SPEC §1, §8, <b>Lemma K</b>):
 * every one of the {@code V^n} inputs t lies in exactly one class {@code (q, m, c)} with query token
 * {@code q = t_{n-1}}, max token {@code m >= q}, and {@code c}, the number of non-query positions
 * holding a token below m. This is the one tuple order for a class everywhere in the checker and its
 * hints. Shards (<b>Lemma M</b>) are unions of classes: shard {@code i/N} holds the classes with
 * {@code (m V + q) mod N = i}.
 */
public record InputClass(int q, int m, int c) {
    /** Whether {@code k} is a class: {@code q <= m < V}; {@code c <= n-1} if q = m, else {@code c <= n-2}; m > 0 if c > 0. */
    public static boolean isClass(int v, int n, InputClass k) {
        return k.m() >= 0 && k.m() < v && k.q() >= 0 && k.q() <= k.m() && k.c() >= 0
                && k.c() <= (k.q() == k.m() ? n - 1 : n - 2) && (k.c() == 0 || k.m() > 0);
    }

    /** Whether class k belongs to shard {@code index} of {@code count} (Lemma M). */
    public static boolean inShard(int v, InputClass k, int index, int count) {
        return ((long) k.m() * v + k.q()) % count == index;
    }

    /** Every class, ordered by m, then q, then c. */
    public static List<InputClass> classes(int v, int n) {
        List<InputClass> all = new ArrayList<>();
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++)
                for (int c = 0; c < n; c++) if (isClass(v, n, new InputClass(q, m, c))) all.add(new InputClass(q, m, c));
        return all;
    }

    /** The binomial coefficient {@code C(a, b)}, exactly. */
    public static BigInteger binomial(int a, int b) {
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= b; i++) r = r.multiply(BigInteger.valueOf(a - b + i)).divide(BigInteger.valueOf(i));
        return r;
    }

    /** Every k-element subset of {@code {0..size-1}}, each as an ascending array. */
    public static List<int[]> subsets(int size, int k) {
        List<int[]> out = new ArrayList<>();
        addSubsets(out, new int[k], 0, 0, size);
        return out;
    }

    private static void addSubsets(List<int[]> out, int[] cur, int idx, int from, int size) {
        if (idx == cur.length) { out.add(cur.clone()); return; }
        for (int i = from; i < size; i++) { cur[idx] = i; addSubsets(out, cur, idx + 1, i + 1, size); }
    }
}
