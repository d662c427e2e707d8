package compactproofs.checker.cascade;

import compactproofs.checker.bruteforce.BruteForce;
import compactproofs.checker.bruteforce.Tally;
import compactproofs.checker.cubic.Cubic;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.statement.CubicCover;
import compactproofs.checker.statement.InputClass;
import compactproofs.checker.statement.InputSpace;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The cascade strategy (SPEC §8, <b>Lemma K</b>): the cubic proof where it works, exact enumeration
 * where it does not. Within a class {@code (q, m, c)} (see {@link InputSpace}), the inputs whose c
 * non-max non-query tokens all lie in the cubic stage's set {@code S(q, m, c)} are correct by Lemma C
 * ({@link CubicCover}); the rest of each listed class, every input with a token on J outside S over
 * every set J of c non-query positions, is enumerated and each input decided as in brute force (Lemmas
 * BF and D1). The count is the cubic count plus the enumerated inputs proved correct; nothing is
 * counted twice, because classes are disjoint and the two parts of a class are complementary.
 */
public final class Cascade {
    private Cascade() {}

    /**
     * The proved count (cubic part of the shard's classes plus enumerated inputs proved correct), the
     * enumeration's tally, the counted operations, and whether every class of the shard with a rest was
     * enumerated.
     */
    public record Result(BigInteger proved, BigInteger cubicProved, Tally enumerated, BigInteger ops, boolean everyRestEnumerated) {}

    /**
     * Proves the cascade count of shard {@code index/count} (0/1: the whole space, Lemma M): the cubic
     * stage restricted to the shard's classes plus the enumeration of the rests of {@code listed}
     * (valid classes of the shard, without repetition: the certificate format checks this).
     */
    public static Result run(PathMatrices pm, Cubic.Result stage, List<InputClass> listed, int index, int count, int threads,
                             IntConsumer progress) throws InterruptedException {
        Tally t = enumerate(pm, stage, listed, threads, progress);
        boolean all = t.unresolved() == 0;
        Set<InputClass> set = new HashSet<>(listed);
        for (InputClass cls : InputSpace.classes(pm.vocab, pm.nCtx))
            all &= !InputSpace.inShard(pm.vocab, cls, index, count) || set.contains(cls) || !stage.cover().hasRest(cls);
        BigInteger cubic = stage.cover().count(index, count);
        return new Result(cubic.add(BigInteger.valueOf(t.proved())), cubic, t, stage.ops().add(BigInteger.valueOf(t.ops())), all);
    }

    /**
     * Enumerates the rest of every listed class that has one, one task per query token; within a query,
     * classes in order of m then c, with the fixed-point grid refined per max token m (which changes
     * only precision, Lemma BF). {@code progress} gets the number of classes done.
     */
    private static Tally enumerate(PathMatrices pm, Cubic.Result stage, List<InputClass> listed, int threads, IntConsumer progress)
            throws InterruptedException {
        List<InputClass> sorted = new ArrayList<>(listed);
        sorted.sort(Comparator.comparingInt(InputClass::m).thenComparingInt(InputClass::c));
        Map<Integer, List<InputClass>> byQuery = new TreeMap<>();
        for (InputClass cls : sorted) if (stage.cover().hasRest(cls)) byQuery.computeIfAbsent(cls.q(), x -> new ArrayList<>()).add(cls);
        AtomicInteger done = new AtomicInteger();
        return new BruteForce(pm, stage.numerators()).perQuery("cascade", threads, byQuery.keySet(), null, (pass, q) -> {
            for (InputClass cls : byQuery.get(q)) {
                enumerateRest(pass, stage.cover(), cls);
                if (progress != null) progress.accept(done.incrementAndGet());
            }
        });
    }

    /**
     * Enumerates the rest of class {@code cls} with the pass of its query token, after refining the
     * pass's fixed-point grid to max token m (the finest grid for inputs with max m; Lemma BF).
     */
    public static void enumerateRest(BruteForce.QueryPass pass, CubicCover cover, InputClass cls) {
        int n = pass.nCtx();
        pass.rescale(cls.m());
        int[] base = new int[n];
        Arrays.fill(base, cls.m());
        boolean[] inS = new boolean[cls.m()];
        for (int k = 0; k < cls.m(); k++) inS[k] = cover.covers(cls, k);
        // for c = 0 the one (empty) subset gives the class's single input, which has a rest only if it is not covered
        for (int[] j : InputSpace.subsets(n - 1, cls.c())) pass.enumerate(base, j, cls.m(), inS);
    }
}
