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
    record Gain(Cascade.Klass k, long proved, long ops) {}

    private List<Point> curve = List.of();

    @Override public String strategy() { return "cascade"; }

    /** The greedy curve of the last search (for plots). */
    public List<Point> curve() { return curve; }

    @Override
    public Result search(Weights w, Options opt) throws Exception {
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
        });
        List<Gain> useful = new ArrayList<>();
        for (Gain g : gains) if (g.proved() > 0) useful.add(g);
        useful.sort(Comparator.comparingDouble((Gain g) -> -(double) g.proved() / Math.max(1, g.ops()))
                .thenComparingInt(g -> g.k().m()).thenComparingInt(g -> g.k().q()).thenComparingInt(g -> g.k().c()));
        long tableOps = (long) n * v * v; // per query token whose tables the checker builds
        long spent = stage.cubic.ops().longValue();
        BigInteger proved = stage.provedIn(opt.shardIndex(), opt.shardCount());
        List<Point> points = new ArrayList<>();
        points.add(new Point(spent, proved));
        Set<Integer> queries = new HashSet<>();
        JsonArray chosen = new JsonArray();
        for (Gain g : useful) {
            long cost = g.ops() + (queries.contains(g.k().q()) ? 0 : tableOps);
            if (spent + cost > opt.maxOps()) continue;
            spent += cost;
            queries.add(g.k().q());
            proved = proved.add(BigInteger.valueOf(g.proved()));
            points.add(new Point(spent, proved));
            JsonArray a = new JsonArray();
            a.add(g.k().q()); a.add(g.k().m()); a.add(g.k().c());
            chosen.add(a);
        }
        curve = points;
        JsonObject hints = new JsonObject();
        if (opt.shardCount() > 1) {
            JsonObject shard = new JsonObject();
            shard.addProperty("index", opt.shardIndex());
            shard.addProperty("count", opt.shardCount());
            hints.add("shard", shard);
        }
        hints.add("enumerate", chosen);
        return new Result(proved, hints);
    }
}
