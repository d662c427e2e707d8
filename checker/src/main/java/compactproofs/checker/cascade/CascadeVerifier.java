package compactproofs.checker.cascade;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.bruteforce.Tally;
import compactproofs.checker.cubic.CubicVerifier;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.statement.CubicCover;
import compactproofs.checker.statement.InputClass;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The cascade strategy and its verifier (SPEC §8, <b>Lemma K</b>): the cubic proof where it works, exact
 * enumeration where it does not. Within a class {@code (q, m, c)} (see {@link InputClass}), the inputs
 * whose c non-max non-query tokens all lie in the cubic stage's set {@code S(q, m, c)} are correct by
 * Lemma C ({@link CubicCover}); the rest of each listed class, every input with a token on J outside S
 * over every set J of c non-query positions, is enumerated and each input decided as in brute force
 * (Lemmas BF and D1). The count is the cubic count plus the enumerated inputs proved correct; nothing is
 * counted twice, because classes are disjoint and the two parts of a class are complementary.
 *
 * <p>Hint {@code enumerate}: the classes {@code [q, m, c]} whose rest (the inputs the cubic stage does
 * not prove) is enumerated. Each must be a class (see {@link InputClass#isClass}) and none may repeat;
 * the partition itself is not a hint but is fixed by Lemma K, so a hint can only choose how much is
 * enumerated.
 */
public final class CascadeVerifier {
    private CascadeVerifier() {}

    public static StrategyResult prove(Weights w, PathMatrices pm, Hints.Cascade hints, VerifyOptions opt)
            throws CheckFailure, InterruptedException {
        int[] shard = {hints.shardIndex(), hints.shardCount()};
        if (opt.shard() != null && !Arrays.equals(opt.shard(), shard))
            throw CheckFailure.rejected("the certificate is for shard " + shard[0] + "/" + shard[1] + ", not the requested "
                    + opt.shard()[0] + "/" + opt.shard()[1]);
        List<InputClass> classes = classes(hints, w, shard);
        BigInteger budget = BigInteger.ZERO;
        // a class's rest has at most C(n-1, c) m^c <= 2^(n-1) m^c inputs
        for (InputClass k : classes) budget = budget.add(BigInteger.valueOf(k.m()).pow(k.c()).shiftLeft(w.nCtx - 1));
        if (budget.compareTo(opt.maxInputs()) > 0)
            throw CheckFailure.resourceLimit("the listed classes hold up to " + budget + " inputs, over the limit of " + opt.maxInputs() + " (see --max-inputs)");
        CubicVerifier.Result stage = CubicVerifier.run(w, pm);
        int units = (int) classes.stream().filter(stage.cover()::hasRest).count();
        Result r = run(pm, stage, classes, shard[0], shard[1], opt.threads(), opt.progress() == null ? null : done -> opt.progress().done(done, units));
        String detail = (shard[1] > 1 ? "shard " + shard[0] + "/" + shard[1] + ": " : "") + "cubic stage " + r.cubicProved() + "; " + classes.size() + " classes enumerated: " + r.enumerated().enumerated()
                + " inputs, " + r.enumerated().proved() + " proved correct, " + r.enumerated().wrong() + " proved wrong, " + r.enumerated().unresolved() + " unresolved";
        boolean complete = r.everyRestEnumerated();
        BigInteger ed = BigInteger.valueOf(3L * w.vocab * w.vocab + 2L * w.nCtx * w.vocab);
        return new StrategyResult(r.proved(), r.ops(), complete && shard[1] == 1, ed, detail, complete);
    }

    /** The listed classes; each must be a class of this model (Lemma K) in the shard, listed once. */
    static List<InputClass> classes(Hints.Cascade h, Weights w, int[] shard) throws CheckFailure {
        int[][] a = h.enumerate();
        if (a.length > (long) w.vocab * w.vocab * w.nCtx) throw CheckFailure.malformed("hints.enumerate lists more classes (" + a.length + ") than exist");
        Set<InputClass> out = new LinkedHashSet<>();
        for (int i = 0; i < a.length; i++) {
            InputClass k = new InputClass(a[i][0], a[i][1], a[i][2]);
            String named = "[" + k.q() + ", " + k.m() + ", " + k.c() + "]";
            if (!InputClass.isClass(w.vocab, w.nCtx, k)) throw CheckFailure.malformed("hints.enumerate[" + i + "] = " + named + " is not a class");
            if (!out.add(k)) throw CheckFailure.malformed("hints.enumerate lists " + named + " twice");
            if (!InputClass.inShard(w.vocab, k, shard[0], shard[1]))
                throw CheckFailure.malformed("hints.enumerate lists " + named + ", which is not in shard " + shard[0] + "/" + shard[1]);
        }
        return new ArrayList<>(out);
    }

    /**
     * The proved count (cubic part of the shard's classes plus enumerated inputs proved correct), the
     * enumeration's tally, the counted operations, and whether every class of the shard with a rest was
     * enumerated.
     */
    public record Result(BigInteger proved, BigInteger cubicProved, Tally enumerated, BigInteger ops, boolean everyRestEnumerated) {}

    /**
     * Proves the cascade count of shard {@code index/count} (0/1: the whole space, Lemma M): the cubic
     * stage restricted to the shard's classes plus the enumeration of the rests of {@code listed}
     * (valid classes of the shard, without repetition: the certificate format checks this). The rests
     * are enumerated one task per query token; within a query, classes in order of m then c, with the
     * fixed-point grid refined per max token m (which changes only precision, Lemma BF).
     * {@code progress} gets the number of classes done.
     */
    public static Result run(PathMatrices pm, CubicVerifier.Result stage, List<InputClass> listed, int index, int count, int threads,
                             IntConsumer progress) throws InterruptedException {
        List<InputClass> sorted = new ArrayList<>(listed);
        sorted.sort(Comparator.comparingInt(InputClass::m).thenComparingInt(InputClass::c));
        Map<Integer, List<InputClass>> byQuery = new TreeMap<>();
        for (InputClass cls : sorted) if (stage.cover().hasRest(cls)) byQuery.computeIfAbsent(cls.q(), x -> new ArrayList<>()).add(cls);
        AtomicInteger done = new AtomicInteger();
        Tally t = new BruteForceVerifier(pm, stage.numerators()).perQuery("cascade", threads, byQuery.keySet(), null, (pass, q) -> {
            for (InputClass cls : byQuery.get(q)) {
                enumerateRest(pass, stage.cover(), cls);
                if (progress != null) progress.accept(done.incrementAndGet());
            }
        });
        boolean all = t.unresolved() == 0;
        Set<InputClass> set = new HashSet<>(listed);
        for (InputClass cls : InputClass.classes(pm.vocab, pm.nCtx))
            all &= !InputClass.inShard(pm.vocab, cls, index, count) || set.contains(cls) || !stage.cover().hasRest(cls);
        BigInteger cubic = count == 1 ? stage.proved() : stage.cover().count(index, count); // the stage's count is count(0, 1)
        return new Result(cubic.add(BigInteger.valueOf(t.proved())), cubic, t, stage.ops().add(BigInteger.valueOf(t.ops())), all);
    }

    /**
     * Enumerates the rest of class {@code cls} with the pass of its query token, after refining the
     * pass's fixed-point grid to max token m (the finest grid for inputs with max m; Lemma BF).
     */
    public static void enumerateRest(BruteForceVerifier.QueryPass pass, CubicCover cover, InputClass cls) {
        int n = pass.nCtx();
        pass.rescale(cls.m());
        int[] base = new int[n];
        Arrays.fill(base, cls.m());
        boolean[] inS = new boolean[cls.m()];
        for (int k = 0; k < cls.m(); k++) inS[k] = cover.covers(cls, k);
        // for c = 0 the one (empty) subset gives the class's single input, which has a rest only if it is not covered
        for (int[] j : InputClass.subsets(n - 1, cls.c())) pass.enumerate(base, j, cls.m(), inS);
    }
}
