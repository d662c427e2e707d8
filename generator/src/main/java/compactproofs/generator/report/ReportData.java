package compactproofs.generator.report;

import compactproofs.generator.sweep.Groups;
import compactproofs.generator.sweep.ResultRow;
import compactproofs.generator.sweep.ResultsCsv;
import compactproofs.generator.sweep.Sweep;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows a report is made of: the last row of each (seed, strategy) in a results file, with the
 * normalized bound recomputed from the same seed's verified brute-force row (so the order in which the
 * sweep wrote rows does not matter) and the group recomputed by {@link Groups#groupOf}.
 */
public final class ReportData {
    /** One report point; doubles are for display only (the exact values stay in the CSV). */
    public record Point(String seed, String strategy, String group, boolean verified, double bound, double normalized,
                        double proofOps, double effectiveDimension) {}

    /** Statistics of one group or strategy. {@code NaN} where no verified row has the value. */
    public record Stats(String name, int rows, int verified, double boundMean, double boundSd, double normMean,
                        double normSd, double proofOpsMean, double effDimMean) {}

    private final List<Point> points;

    private ReportData(List<Point> points) { this.points = points; }

    /**
     * Reads a results file.
     *
     * @throws IOException if it cannot be read or is not a results file
     */
    public static ReportData read(Path csv) throws IOException {
        return of(ResultsCsv.read(csv));
    }

    /** The report rows of results rows (later rows for a pair replace earlier ones). */
    public static ReportData of(List<ResultRow> rows) {
        List<ResultRow> latest = ResultsCsv.latest(rows);
        Map<String, BigInteger> bruteForce = new HashMap<>();
        for (ResultRow r : latest)
            if (r.verified() && r.strategy().equals("brute-force") && !r.correctCount().isEmpty())
                bruteForce.put(r.seed(), new BigInteger(r.correctCount()));
        List<Point> pts = new ArrayList<>();
        for (ResultRow r : latest) {
            String norm = r.normalizedBound();
            BigInteger bf = bruteForce.get(r.seed());
            if (r.verified() && bf != null && !r.correctCount().isEmpty()) norm = Sweep.normalized(new BigInteger(r.correctCount()), bf);
            pts.add(new Point(r.seed(), r.strategy(), Groups.groupOf(r.strategy()), r.verified(),
                    r.verified() ? num(r.boundDecimal()) : Double.NaN, r.verified() ? num(norm) : Double.NaN,
                    num(r.proofOps()), num(r.effectiveDimension())));
        }
        return new ReportData(pts);
    }

    public List<Point> points() { return points; }

    /** True when at least one verified row has a normalized bound (plots then use it; else the raw bound). */
    public boolean hasNormalized() {
        return points.stream().anyMatch(p -> p.verified() && !Double.isNaN(p.normalized()));
    }

    /** Statistics per group, largest mean proof length first (brute force at the top, as in the paper). */
    public List<Stats> byGroup() { return stats(Point::group); }

    /**
     * The paper's Table 1 view: for each group, and for "best subcubic" (every subcubic variant), the
     * best verified normalized bound of each seed, then statistics over seeds of those bests (their
     * proof lengths and effective dimensions are the best strategy's).
     */
    public List<Stats> bestPerSeedByGroup() {
        Map<String, Map<String, Point>> best = new LinkedHashMap<>();
        for (Point p : points) {
            if (!p.verified()) continue;
            for (String g : p.strategy().startsWith("subcubic:") ? List.of(p.group(), "best subcubic") : List.of(p.group())) {
                Map<String, Point> bySeed = best.computeIfAbsent(g, x -> new LinkedHashMap<>());
                Point cur = bySeed.get(p.seed());
                if (cur == null || score(p) > score(cur)) bySeed.put(p.seed(), p);
            }
        }
        List<Point> flat = new ArrayList<>();
        for (Map.Entry<String, Map<String, Point>> e : best.entrySet())
            for (Point p : e.getValue().values()) {
                Point copy = new Point(p.seed(), p.strategy(), e.getKey(), true, p.bound(), p.normalized(), p.proofOps(), p.effectiveDimension());
                flat.add(copy);
            }
        return new ReportData(flat).byGroup();
    }

    private static double score(Point p) {
        return Double.isNaN(p.normalized()) ? p.bound() : p.normalized();
    }

    /** Statistics per strategy, largest mean proof length first. */
    public List<Stats> byStrategy() { return stats(Point::strategy); }

    private List<Stats> stats(Function<Point, String> key) {
        Map<String, List<Point>> m = new LinkedHashMap<>();
        for (Point p : points) m.computeIfAbsent(key.apply(p), x -> new ArrayList<>()).add(p);
        List<Stats> out = new ArrayList<>();
        for (Map.Entry<String, List<Point>> e : m.entrySet()) {
            List<Point> v = e.getValue().stream().filter(Point::verified).toList();
            double[] b = v.stream().mapToDouble(Point::bound).filter(x -> !Double.isNaN(x)).toArray();
            double[] n = v.stream().mapToDouble(Point::normalized).filter(x -> !Double.isNaN(x)).toArray();
            double[] ops = v.stream().mapToDouble(Point::proofOps).filter(x -> !Double.isNaN(x)).toArray();
            double[] ed = v.stream().mapToDouble(Point::effectiveDimension).filter(x -> !Double.isNaN(x)).toArray();
            out.add(new Stats(e.getKey(), e.getValue().size(), v.size(), mean(b), sd(b), mean(n), sd(n), mean(ops), mean(ed)));
        }
        out.sort(Comparator.comparingDouble((Stats s) -> Double.isNaN(s.proofOpsMean()) ? Double.NEGATIVE_INFINITY : s.proofOpsMean())
                .reversed().thenComparing(Stats::name));
        return out;
    }

    static double mean(double[] a) {
        if (a.length == 0) return Double.NaN;
        double s = 0;
        for (double x : a) s += x;
        return s / a.length;
    }

    /** Sample standard deviation (n − 1); 0 for one value, NaN for none. */
    static double sd(double[] a) {
        if (a.length == 0) return Double.NaN;
        if (a.length == 1) return 0;
        double m = mean(a), s = 0;
        for (double x : a) s += (x - m) * (x - m);
        return Math.sqrt(s / (a.length - 1));
    }

    private static double num(String s) {
        if (s == null || s.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
