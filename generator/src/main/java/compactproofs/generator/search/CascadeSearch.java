package compactproofs.generator.search;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.proof.Cascade;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cascade search: runs the cubic stage, enumerates the rest of every class once to learn how many
 * inputs each would add and at what cost, then picks classes greedily by inputs gained per counted
 * operation until the budget ({@code --max-ops}) is spent. With no budget every class that gains
 * anything is chosen, so the claim is the exact brute-force count.
 */
public final class CascadeSearch implements ProofSearch {
    /** One point of the bound-versus-length curve: after choosing the first classes of the greedy order. */
    public record Point(long ops, BigInteger proved) {}

    /** Per class: inputs gained and operations spent, from the search's own enumeration. */
    public record Gain(Cascade.Klass k, long proved, long ops) {}

    private List<Point> curve = List.of();

    @Override public String strategy() { return "cascade"; }

    /** The greedy curve of the last search (for plots). */
    public List<Point> curve() { return curve; }

    /** What the search learned: the cubic stage and every class's gain and cost. */
    public record Analysis(Weights weights, Cascade.CubicStage stage, List<Gain> gains, int shardIndex, int shardCount) {}

    @Override
    public Result search(Weights w, Options opt) throws Exception {
        return choose(analyze(w, opt), opt.maxOps());
    }

    /** Runs the cubic stage and enumerates the rest of every class of the shard once. */
    public Analysis analyze(Weights w, Options opt) throws Exception {
        PathMatrices pm = PathMatrices.of(w);
        Cascade.CubicStage stage = Cascade.cubicStage(w, pm);
        List<Cascade.Klass> all = new ArrayList<>();
        int v = w.vocab, n = w.nCtx;
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++)
                for (int c = 0; c < n; c++) {
                    if (!Cascade.isClass(v, n, q, m, c) || !Cascade.inShard(v, q, m, opt.shardIndex(), opt.shardCount())) continue;
                    Cascade.Klass k = new Cascade.Klass(q, m, c);
                    if (stage.hasRest(k)) all.add(k);
                }
        List<Gain> gains = Collections.synchronizedList(new ArrayList<>());
        long[] done = new long[1];
        Cascade.run(w, pm, stage, all, opt.threads(), (k, enumerated, proved, ops) -> {
            gains.add(new Gain(k, proved, ops));
            synchronized (done) {
                done[0]++;
                if (opt.progress() != null) opt.progress().update(done[0], all.size());
            }
        }, opt.shardIndex(), opt.shardCount());
        List<Gain> sorted = new ArrayList<>(gains);
        sorted.sort(Comparator.comparingDouble((Gain g) -> -(double) g.proved() / Math.max(1, g.ops()))
                .thenComparingInt(g -> g.k().m()).thenComparingInt(g -> g.k().q()).thenComparingInt(g -> g.k().c()));
        return new Analysis(w, stage, sorted, opt.shardIndex(), opt.shardCount());
    }

    /**
     * Picks classes greedily by inputs gained per operation (the analysis order) within
     * {@code maxOps}; records the curve of bound against (estimated) proof length.
     */
    public Result choose(Analysis a, long maxOps) {
        int v = a.weights().vocab, n = a.weights().nCtx;
        long tableOps = (long) n * v * v; // per query token whose tables the checker builds
        long spent = a.stage().cubic.ops().longValue();
        BigInteger proved = a.stage().provedIn(a.shardIndex(), a.shardCount());
        List<Point> points = new ArrayList<>();
        points.add(new Point(spent, proved));
        Set<Integer> queries = new HashSet<>();
        JsonArray chosen = new JsonArray();
        for (Gain g : a.gains()) {
            if (g.proved() == 0) continue;
            long cost = g.ops() + (queries.contains(g.k().q()) ? 0 : tableOps);
            if (spent + cost > maxOps) continue;
            spent += cost;
            queries.add(g.k().q());
            proved = proved.add(BigInteger.valueOf(g.proved()));
            points.add(new Point(spent, proved));
            JsonArray c = new JsonArray();
            c.add(g.k().q()); c.add(g.k().m()); c.add(g.k().c());
            chosen.add(c);
        }
        curve = points;
        JsonObject hints = new JsonObject();
        if (a.shardCount() > 1) {
            JsonObject shard = new JsonObject();
            shard.addProperty("index", a.shardIndex());
            shard.addProperty("count", a.shardCount());
            hints.add("shard", shard);
        }
        hints.add("enumerate", chosen);
        return new Result(proved, hints);
    }
}
