package compactproofs.checker.cascade;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.cubic.Cubic;
import compactproofs.checker.format.Hints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.statement.InputClass;
import compactproofs.checker.statement.InputSpace;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifier of the {@code cascade} strategy (SPEC §8, Lemma K). Hint {@code enumerate}: the classes
 * {@code [q, m, c]} whose rest (the inputs the cubic stage does not prove) is enumerated. Each must be
 * a class (see {@link Cascade#isClass}) and none may repeat; the partition itself is not a hint but
 * is fixed by Lemma K, so a hint can only choose how much is enumerated.
 */
public final class CascadeVerifier {
    private CascadeVerifier() {}

    public static StrategyResult prove(Weights w, PathMatrices pm, Hints.Cascade hints, VerifyOptions opt) throws CheckFailure {
        int[] shard = shard(hints, opt);
        List<InputClass> classes = classes(hints, w, shard);
        BigInteger budget = BigInteger.ZERO;
        // a class's rest has at most C(n-1, c) m^c <= 2^(n-1) m^c inputs
        for (InputClass k : classes) budget = budget.add(BigInteger.valueOf(k.m()).pow(k.c()).shiftLeft(w.nCtx - 1));
        if (budget.compareTo(opt.maxInputs()) > 0)
            throw CheckFailure.resourceLimit("the listed classes hold up to " + budget + " inputs, over the limit of " + opt.maxInputs() + " (see --max-inputs)");
        Cascade.Result r;
        try {
            Cubic.Result stage = Cubic.run(w, pm);
            int units = (int) classes.stream().filter(stage.cover()::hasRest).count();
            r = Cascade.run(pm, stage, classes, shard[0], shard[1], opt.threads(), opt.progress() == null ? null : done -> opt.progress().done(done, units));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CheckFailure.resourceLimit("interrupted");
        }
        long v = w.vocab, n = w.nCtx;
        String detail = (shard[1] > 1 ? "shard " + shard[0] + "/" + shard[1] + ": " : "") + "cubic stage " + r.cubicProved() + "; " + classes.size() + " classes enumerated: " + r.enumerated().enumerated()
                + " inputs, " + r.enumerated().proved() + " proved correct, " + r.enumerated().wrong() + " proved wrong, " + r.enumerated().unresolved() + " unresolved";
        boolean complete = r.everyRestEnumerated();
        return new StrategyResult(r.proved(), r.ops(), complete && shard[1] == 1, BigInteger.valueOf(3 * v * v + 2 * n * v), detail, complete);
    }

    /** The shard {@code {index, count}} of a cascade certificate; it must match {@code --shard} when that is given. */
    static int[] shard(Hints.Cascade h, VerifyOptions opt) throws CheckFailure {
        int[] s = {h.shardIndex(), h.shardCount()};
        if (opt.shard() != null && (opt.shard()[0] != s[0] || opt.shard()[1] != s[1]))
            throw CheckFailure.rejected("the certificate is for shard " + s[0] + "/" + s[1] + ", not the requested " + opt.shard()[0] + "/" + opt.shard()[1]);
        return s;
    }

    /** The listed classes; each must be a class of this model (Lemma K) in the shard, listed once. */
    static List<InputClass> classes(Hints.Cascade h, Weights w, int[] shard) throws CheckFailure {
        int[][] a = h.enumerate();
        if (a.length > (long) w.vocab * w.vocab * w.nCtx) throw CheckFailure.malformed("hints.enumerate lists more classes (" + a.length + ") than exist");
        Set<InputClass> out = new LinkedHashSet<>();
        for (int i = 0; i < a.length; i++) {
            InputClass k = new InputClass(a[i][0], a[i][1], a[i][2]);
            String named = "[" + k.q() + ", " + k.m() + ", " + k.c() + "]";
            if (!InputSpace.isClass(w.vocab, w.nCtx, k)) throw CheckFailure.malformed("hints.enumerate[" + i + "] = " + named + " is not a class");
            if (!out.add(k)) throw CheckFailure.malformed("hints.enumerate lists " + named + " twice");
        }
        for (InputClass k : out)
            if (!InputSpace.inShard(w.vocab, k, shard[0], shard[1]))
                throw CheckFailure.malformed("hints.enumerate lists [" + k.q() + ", " + k.m() + ", " + k.c() + "], which is not in shard " + shard[0] + "/" + shard[1]);
        return new ArrayList<>(out);
    }
}
