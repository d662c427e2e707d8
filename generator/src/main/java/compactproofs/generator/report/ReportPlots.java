package compactproofs.generator.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/** Scatter plots of bound against proof length and effective dimension, coloured by group, as PNG and SVG. */
public final class ReportPlots {
    private ReportPlots() {}

    static final int WIDTH = 900, HEIGHT = 600;

    /**
     * The colour of every known group, fixed so that a group has the same colour in every report
     * (whatever groups a results file holds and in whatever order they appear).
     */
    static final Map<String, Color> GROUP_COLORS;
    static {
        Map<String, Color> m = new LinkedHashMap<>();
        m.put("brute-force", new Color(0xD62728));
        m.put("cubic", new Color(0xFF7F0E));
        m.put("separable", new Color(0x000080));
        m.put("cascade", new Color(0x2CA02C));
        m.put("subcubic", new Color(0x1F77B4));
        m.put("subcubic: exact", new Color(0x7F7F7F));
        m.put("subcubic: low-rank QK", new Color(0x17BECF));
        m.put("subcubic: low-rank EU", new Color(0x9467BD));
        m.put("subcubic: low-rank QK&EU", new Color(0xE377C2));
        m.put("subcubic: quadratic QK", new Color(0xBCBD22));
        m.put("subcubic: quadratic QK&EU", new Color(0x8C564B));
        GROUP_COLORS = java.util.Collections.unmodifiableMap(m);
    }

    /** Colours of groups not in {@link #GROUP_COLORS}, chosen by a hash of the name (stable across reports). */
    private static final Color[] OTHER = {new Color(0x393B79), new Color(0x637939), new Color(0x8C6D31),
            new Color(0x843C39), new Color(0x7B4173), new Color(0x3182BD)};

    /** Groups drawn last (on top), so that they are never hidden under a group with the same x. */
    static final List<String> ON_TOP = List.of("cubic", "separable", "brute-force", "cascade");

    /** The group's colour: fixed for known groups, a stable hash-chosen one for others. */
    public static Color colorOf(String group) {
        Color c = GROUP_COLORS.get(group);
        return c != null ? c : OTHER[Math.floorMod(group.hashCode(), OTHER.length)];
    }

    /**
     * The group's marker: circles, except cubic (triangle), brute force (square) and cascade (a larger
     * diamond), which share x values with each other in the effective-dimension plot (cascade and cubic
     * have the same effective dimension).
     */
    static java.awt.Shape shapeOf(String group) {
        switch (group) {
            case "cascade": {
                java.awt.geom.Path2D.Double d = new java.awt.geom.Path2D.Double();
                d.moveTo(0, -6.5); d.lineTo(6.5, 0); d.lineTo(0, 6.5); d.lineTo(-6.5, 0); d.closePath();
                return d;
            }
            case "cubic": {
                java.awt.geom.Path2D.Double t = new java.awt.geom.Path2D.Double();
                t.moveTo(0, -4.5); t.lineTo(4.5, 3.5); t.lineTo(-4.5, 3.5); t.closePath();
                return t;
            }
            case "brute-force":
                return new Rectangle(-4, -4, 8, 8);
            default:
                return new Ellipse2D.Double(-3.5, -3.5, 7, 7);
        }
    }

    /** The order of series (and legend entries): known groups in {@link #GROUP_COLORS} order, others by name, then {@link #ON_TOP}. */
    static List<String> seriesOrder(java.util.Collection<String> groups) {
        List<String> known = new ArrayList<>(), other = new ArrayList<>(), top = new ArrayList<>();
        for (String g : GROUP_COLORS.keySet()) if (groups.contains(g) && !ON_TOP.contains(g)) known.add(g);
        for (String g : groups) if (!GROUP_COLORS.containsKey(g) && !ON_TOP.contains(g)) other.add(g);
        java.util.Collections.sort(other);
        for (String g : ON_TOP) if (groups.contains(g)) top.add(g);
        known.addAll(other);
        known.addAll(top);
        return known;
    }

    /** File stems of the two plots, in the order {@link #writeAll} writes them. */
    public static final List<String> STEMS = List.of("bound-vs-proof-length", "bound-vs-effective-dimension");

    /** Writes {@code <stem>.png} and {@code <stem>.svg} for both plots; returns the PNG file names. */
    public static List<String> writeAll(ReportData d, Path dir) throws IOException {
        boolean norm = d.hasNormalized();
        String y = norm ? "normalized accuracy bound" : "accuracy bound";
        List<String> pngs = new ArrayList<>();
        JFreeChart a = chart(d, Point -> Point.proofOps(), "proof length (checker operations, log scale)", y,
                y + " vs proof length", true);
        write(a, dir, STEMS.get(0));
        pngs.add(STEMS.get(0) + ".png");
        JFreeChart b = chart(d, Point -> Point.effectiveDimension(), "effective (unexplained) dimension (log scale)", y,
                y + " vs effective dimension", false);
        write(b, dir, STEMS.get(1));
        pngs.add(STEMS.get(1) + ".png");
        return pngs;
    }

    /** Saves a chart as {@code stem.png} and {@code stem.svg} in {@code dir}. */
    public static void save(JFreeChart chart, Path dir, String stem) throws IOException {
        write(chart, dir, stem);
    }

    static void write(JFreeChart chart, Path dir, String stem) throws IOException {
        Files.createDirectories(dir);
        ChartUtils.saveChartAsPNG(dir.resolve(stem + ".png").toFile(), chart, WIDTH, HEIGHT);
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(g, new Rectangle(WIDTH, HEIGHT));
        Files.writeString(dir.resolve(stem + ".svg"), g.getSVGDocument(), StandardCharsets.UTF_8);
    }

    /**
     * The x range, padded by 5% of its width in log space and at least one decade wide: JFreeChart's own
     * log auto-range fails when every point has the same x (for example brute force alone).
     */
    static org.jfree.data.Range logRange(List<double[]> pts) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] p : pts) {
            lo = Math.min(lo, Math.log10(p[0]));
            hi = Math.max(hi, Math.log10(p[0]));
        }
        double pad = Math.max(0.05 * (hi - lo), (1 - (hi - lo)) / 2);
        return new org.jfree.data.Range(Math.pow(10, lo - pad), Math.pow(10, hi + pad));
    }

    /** The y range, padded by 5% of its height and at least 0.02 high, so identical bounds still get readable ticks. */
    static org.jfree.data.Range linearRange(List<double[]> pts) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] p : pts) {
            lo = Math.min(lo, p[1]);
            hi = Math.max(hi, p[1]);
        }
        double pad = Math.max(0.05 * (hi - lo), (0.02 - (hi - lo)) / 2);
        return new org.jfree.data.Range(lo - pad, hi + pad);
    }

    /**
     * The scatter of verified rows with a positive x value, one series per group; with {@code pareto},
     * the frontier (best y among points with at most that x) as a step line.
     */
    static JFreeChart chart(ReportData d, ToDoubleFunction<ReportData.Point> xOf, String xLabel, String yLabel,
                            String title, boolean pareto) {
        boolean norm = d.hasNormalized();
        Map<String, XYSeries> byGroup = new LinkedHashMap<>();
        List<double[]> all = new ArrayList<>();
        for (ReportData.Point p : d.points()) {
            double x = xOf.applyAsDouble(p), y = norm ? p.normalized() : p.bound();
            if (!p.verified() || Double.isNaN(x) || x <= 0 || Double.isNaN(y)) continue;
            byGroup.computeIfAbsent(p.group(), g -> new XYSeries(g, false, true)).add(x, y);
            all.add(new double[] {x, y});
        }
        XYSeriesCollection points = new XYSeriesCollection();
        for (String g : seriesOrder(byGroup.keySet())) points.addSeries(byGroup.get(g));
        LogAxis xAxis = new LogAxis(xLabel);
        xAxis.setBase(10);
        xAxis.setSmallestValue(1e-3);
        xAxis.setNumberFormatOverride(new java.text.DecimalFormat("0.#E0"));
        NumberAxis yAxis = new NumberAxis(yLabel);
        yAxis.setAutoRangeIncludesZero(false);
        if (!all.isEmpty()) {
            org.jfree.data.Range xr = logRange(all);
            xAxis.setRange(xr);
            // one tick per power of 10 when the plot spans decades; finer ticks (exponent steps of 0.1...) otherwise
            boolean wide = Math.log10(xr.getUpperBound() / xr.getLowerBound()) >= 2;
            xAxis.setStandardTickUnits(wide ? NumberAxis.createIntegerTickUnits() : NumberAxis.createStandardTickUnits());
            yAxis.setRange(linearRange(all));
        }
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setUseOutlinePaint(true);
        dots.setDrawOutlines(true);
        for (int i = 0; i < points.getSeriesCount(); i++) {
            String g = (String) points.getSeriesKey(i);
            Color c = colorOf(g);
            boolean top = ON_TOP.contains(g);
            dots.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), top ? 230 : 170));
            dots.setSeriesShape(i, shapeOf(g));
            dots.setSeriesOutlinePaint(i, top ? Color.BLACK : new Color(c.getRed(), c.getGreen(), c.getBlue(), 170));
            dots.setSeriesOutlineStroke(i, new BasicStroke(top ? 0.8f : 0.5f));
        }
        XYPlot plot = new XYPlot(points, xAxis, yAxis, dots);
        // series are drawn in order, so the ON_TOP groups (last) are never hidden under another group
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        if (pareto && !all.isEmpty()) {
            XYSeries front = new XYSeries("Pareto frontier", false, true);
            all.sort(Comparator.comparingDouble(a -> a[0]));
            double best = Double.NEGATIVE_INFINITY;
            for (double[] p : all) {
                if (p[1] > best) {
                    best = p[1];
                    front.add(p[0], best);
                }
            }
            front.add(all.get(all.size() - 1)[0], best); // carry the last step to the largest proof
            XYStepRenderer steps = new XYStepRenderer();
            steps.setSeriesPaint(0, Color.BLACK);
            steps.setSeriesStroke(0, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            plot.setDataset(1, new XYSeriesCollection(front));
            plot.setRenderer(1, steps);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
