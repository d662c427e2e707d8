package compactproofs.generator.search;

import compactproofs.checker.cubic.CubicVerifier;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.bruteforce.Tally;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import compactproofs.checker.statement.InputClass;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.cascade.CascadeVerifier;
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
 *
 * <p><b>The budget is a hard cap on the checker's count.</b> The checker counts (SPEC §8) the cubic
 * stage, then per query token used: its tables ({@link #tableOps}), one grid refinement per distinct max
 * token among that query's listed classes ({@link #rescaleOps}; the classes of a query are enumerated in
 * order of m, and the grid for max m is always refined afresh), and each class's enumeration, which
 * depends only on the class (its grid is fixed by m). {@link #choose} charges exactly these, so its
 * total is the checker's count; with a finite budget, {@link #search} also runs the checker's own
 * counting ({@link CascadeVerifier#run}) on the chosen list and drops classes until that count is within the
 * budget, so the cap holds even if this accounting ever drifts from the checker's.
 */
public final class CascadeSearch implements ProofSearch {
    /** One point of the bound-versus-length curve: after choosing the first classes of the greedy order. */
    public record Point(long ops, BigInteger proved) {}

    /** Per class: inputs gained and operations spent, from the search's own enumeration. */
    public record Gain(InputClass k, long proved, long ops) {}

    private List<Point> curve = List.of();

    @Override public String strategy() { return "cascade"; }

    /** The greedy curve of the last search (for plots). */
    public List<Point> curve() { return curve; }

    /** What the search learned: the cubic stage and every class's gain and cost. */
    public record Analysis(Weights weights, PathMatrices pm, CubicVerifier.Result stage, List<Gain> gains, int shardIndex,
                           int shardCount, int threads) {
        /** The shortest cascade proof: the cubic stage alone (no class enumerated). */
        public long minimumOps() { return stage.ops().longValueExact(); }
    }

    @Override
    public Result search(Weights w, Options opt) throws Exception {
        Analysis a = analyze(w, opt);
        if (opt.maxOps() < a.minimumOps())
            throw CheckFailure.malformed("--max-ops " + opt.maxOps() + " is below the shortest cascade proof of this model: the cubic stage alone counts "
                    + a.minimumOps() + " operations");
        Result r = choose(a, opt.maxOps(), opt.exact());
        return opt.maxOps() == Long.MAX_VALUE ? r : trimToBudget(a, r, opt.maxOps());
    }

    /** The checker's count of proof operations for this analysis and hints (in-process {@link CascadeVerifier#run}). */
    public static BigInteger checkerOps(Analysis a, JsonObject hints) throws InterruptedException {
        return CascadeVerifier.run(a.pm(), a.stage(), classes(hints), a.shardIndex(), a.shardCount(), a.threads(), null).ops();
    }

    /**
     * Verify and trim: while the checker's own count of the chosen classes exceeds {@code maxOps}, drops
     * the last-chosen class (the least gain per operation). Never drops below the cubic stage, which
     * the caller checked fits.
     */
    public Result trimToBudget(Analysis a, Result r, long maxOps) throws InterruptedException {
        JsonObject hints = r.hints();
        BigInteger proved = r.correctCount();
        BigInteger budget = BigInteger.valueOf(maxOps);
        while (checkerOps(a, hints).compareTo(budget) > 0) {
            JsonArray list = hints.getAsJsonArray("enumerate");
            JsonArray last = list.remove(list.size() - 1).getAsJsonArray();
            InputClass k = new InputClass(last.get(0).getAsInt(), last.get(1).getAsInt(), last.get(2).getAsInt());
            for (Gain g : a.gains()) if (g.k().equals(k)) proved = proved.subtract(BigInteger.valueOf(g.proved()));
        }
        return new Result(proved, hints);
    }

    /** The classes of hint {@code enumerate}. */
    static List<InputClass> classes(JsonObject hints) {
        List<InputClass> out = new ArrayList<>();
        for (var e : hints.getAsJsonArray("enumerate")) {
            JsonArray c = e.getAsJsonArray();
            out.add(new InputClass(c.get(0).getAsInt(), c.get(1).getAsInt(), c.get(2).getAsInt()));
        }
        return out;
    }

    /** Operations the checker counts for building one query token's tables: 2V per (position, token) row. */
    public static long tableOps(int v, int n) { return 2L * v * ((long) (n - 1) * v + 1); }

    /** Operations the checker counts for refining one query token's grid to max token {@code m}. */
    public static long rescaleOps(int v, int n, int m) { return 2L * n * (m + 1) * v; }

    /** Runs the cubic stage and enumerates the rest of every class of the shard once. */
    public Analysis analyze(Weights w, Options opt) throws Exception {
        PathMatrices pm = PathMatrices.of(w);
        CubicVerifier.Result stage = CubicVerifier.run(w, pm);
        List<InputClass> all = new ArrayList<>();
        for (InputClass k : InputClass.classes(w.vocab, w.nCtx))
            if (InputClass.inShard(w.vocab, k, opt.shardIndex(), opt.shardCount()) && stage.cover().hasRest(k)) all.add(k);
        // per-class gains: each query's classes enumerated with one pass, as the checker does
        Map<Integer, List<InputClass>> byQuery = new TreeMap<>();
        for (InputClass k : all) byQuery.computeIfAbsent(k.q(), x -> new ArrayList<>()).add(k);
        AtomicInteger done = new AtomicInteger();
        List<Gain> sorted = Collections.synchronizedList(new ArrayList<>());
        new BruteForceVerifier(pm, stage.numerators()).perQuery("cascade-search", opt.threads(), byQuery.keySet(), null, (pass, q) -> {
            List<InputClass> classes = new ArrayList<>(byQuery.get(q));
            classes.sort(Comparator.comparingInt(InputClass::m).thenComparingInt(InputClass::c));
            for (InputClass k : classes) {
                pass.rescale(k.m()); // as enumerateRest does first, so that the gain excludes the grid refinement
                Tally before = pass.tally();
                CascadeVerifier.enumerateRest(pass, stage.cover(), k);
                Tally after = pass.tally();
                sorted.add(new Gain(k, after.proved() - before.proved(), after.ops() - before.ops()));
                if (opt.progress() != null) opt.progress().update(done.incrementAndGet(), all.size());
            }
        });
        sorted.sort(Comparator.comparingDouble((Gain g) -> -(double) g.proved() / Math.max(1, g.ops()))
                .thenComparingInt(g -> g.k().m()).thenComparingInt(g -> g.k().q()).thenComparingInt(g -> g.k().c()));
        return new Analysis(w, pm, stage, sorted, opt.shardIndex(), opt.shardCount(), Math.max(1, opt.threads()));
    }

    /**
     * Picks classes greedily by inputs gained per operation (the analysis order) within
     * {@code maxOps}, charging each class what the checker counts for it given the classes already
     * chosen (its enumeration, plus its query's tables if new, plus a grid refinement if its max is new
     * for its query); records the curve of bound against proof length (the checker's count).
     */
    public Result choose(Analysis a, long maxOps) {
        return choose(a, maxOps, false);
    }

    /** {@link #choose(Analysis, long)}; with {@code all}, also the classes that gain nothing (an exact proof lists every class with a rest). */
    public Result choose(Analysis a, long maxOps, boolean all) {
        int v = a.weights().vocab, n = a.weights().nCtx;
        long tableOps = tableOps(v, n);
        long spent = a.minimumOps();
        BigInteger proved = a.stage().cover().count(a.shardIndex(), a.shardCount());
        List<Point> points = new ArrayList<>();
        points.add(new Point(spent, proved));
        Set<Integer> queries = new HashSet<>();
        Set<Long> grids = new HashSet<>(); // (q, m) whose grid the checker refines
        JsonArray chosen = new JsonArray();
        for (Gain g : a.gains()) {
            if (g.proved() == 0 && !all) continue;
            long grid = (long) g.k().q() * v + g.k().m();
            long cost = g.ops() + (queries.contains(g.k().q()) ? 0 : tableOps) + (grids.contains(grid) ? 0 : rescaleOps(v, n, g.k().m()));
            if (spent + cost > maxOps) continue;
            spent += cost;
            queries.add(g.k().q());
            grids.add(grid);
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
