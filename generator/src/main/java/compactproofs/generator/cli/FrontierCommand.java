package compactproofs.generator.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.checker.Checker;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.report.ReportPlots;
import compactproofs.generator.search.CascadeSearch;
import compactproofs.generator.search.CubicSearch;
import compactproofs.generator.search.ProofSearch;
import compactproofs.generator.search.SeparableSearch;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code frontier}: for each model, the proved bound against the checker-counted proof length of the cubic
 * proof, the separable proof at several resolutions (with and without logits tested alone), the exact cascade
 * where the input space is small enough (or a checker verdict given with {@code --verdict}), and the sampled
 * accuracy as a band (not a proof). Every plotted proof is a certificate written to the output directory and
 * verified in-process by the checker; the plotted numbers are the checker's.
 */
@Command(name = "frontier", mixinStandardHelpOptions = true,
        description = {"Plot proved accuracy bound against proof length for cubic, separable (several resolutions) and cascade, "
                + "with the sampled accuracy as a band (NOT a proof), for one or more models.",
                "Writes DIR/frontier.csv, one plot per model (DIR/frontier-<model>.png/.svg), DIR/frontier.png (all models) "
                + "and every certificate plotted."})
public final class FrontierCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", description = "weights file (repeat for several models)")
    List<Path> models = List.of();

    @Option(names = "--replot", paramLabel = "CSV", description = "only redraw the plots from a frontier.csv written before (no proofs are run)")
    Path replot;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
    Path out;

    @Option(names = "--resolutions", split = ",", paramLabel = "R,...", description = "separable resolutions. Default: 4,16,64,256,1024,4096.")
    List<Integer> resolutions = List.of(4, 16, 64, 256, 1024, 4096);

    @Option(names = "--split-logits", split = ",", paramLabel = "K,...", description = "separable: logits tested alone per class. Default: 0,2.")
    List<Integer> splits = List.of(0, 2);

    @Option(names = "--samples", paramLabel = "N", description = "random inputs for the sampled band. Default: 1000000.")
    long samples = 1_000_000;

    @Option(names = "--cascade-max-inputs", paramLabel = "N", description = "run the exact cascade when V^n is at most N. Default: 2^31.")
    long cascadeMaxInputs = 1L << 31;

    @Option(names = "--verdict", paramLabel = "LABEL=FILE", description = "also plot a checker verdict (`checker.jar verify|combine --json` output, "
            + "e.g. cascade=maxof6.json) for the model with the same sha256")
    List<String> verdicts = List.of();

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    /** One plotted proof: its series, the checker's proof length and proved count. */
    record Point(String model, int k, String series, String params, BigInteger ops, BigInteger count, BigInteger total) {
        double bound() { return new BigDecimal(count).divide(new BigDecimal(total), MathContext.DECIMAL64).doubleValue(); }
    }

    @Override
    public Integer call() throws Exception {
        CliError.atLeast("frontier", "--samples", samples, 1);
        CliError.atLeast("frontier", "--threads", threads, 1);
        for (int r : resolutions) CliError.atLeast("frontier", "--resolutions", r, 1);
        for (int s : splits) CliError.atLeast("frontier", "--split-logits", s, 0);
        Map<String, JsonObject> known = new LinkedHashMap<>();
        for (String v : verdicts) {
            int eq = v.indexOf('=');
            if (eq <= 0) throw CliError.usage("frontier: --verdict needs LABEL=FILE, got \"" + v + "\"");
            JsonObject o;
            try {
                o = JsonParser.parseString(Files.readString(Path.of(v.substring(eq + 1)))).getAsJsonObject();
                for (String k : List.of("verified", "model_sha256", "proof_ops", "proved_count"))
                    if (!o.has(k) || o.get(k).isJsonNull()) throw new IllegalStateException("no \"" + k + "\"");
                new BigInteger(o.get("proof_ops").getAsString());
                new BigInteger(o.get("proved_count").getAsString());
            } catch (RuntimeException e) {
                throw CliError.usage("frontier: " + v.substring(eq + 1) + " is not a checker --json verdict (" + e.getMessage() + ")");
            }
            if (!o.get("verified").getAsBoolean()) throw CliError.usage("frontier: the verdict in " + v.substring(eq + 1) + " is not VERIFIED");
            known.put(v.substring(0, eq) + "=" + v.substring(eq + 1), o);
        }
        OutputPaths.requireWritableDirectory("frontier", "--out", out);
        if (replot != null) return replot();
        if (models.isEmpty()) throw CliError.usage("frontier: give --model FILE (one or more) or --replot CSV");
        List<Point> points = new ArrayList<>();
        StringBuilder csv = new StringBuilder("model,k,series,params,proof_ops,correct_count,total,bound_decimal\n");
        List<BufferedImage> images = new ArrayList<>();
        for (Path file : models) {
            LoadedModel m = CliError.loadModel("frontier", file);
            String name = file.getFileName().toString().replaceAll("\\.safetensors$", "");
            int k = m.weights().nCtx;
            BigInteger total = BigInteger.valueOf(m.weights().vocab).pow(k);
            List<Point> mine = new ArrayList<>();
            mine.add(prove(m, name, "cubic", "", "cubic", new CubicSearch(), new ProofSearch.Options(threads, null)));
            for (int s : splits)
                for (int r : resolutions)
                    mine.add(prove(m, name, "separable, " + s + " logits alone", "resolution " + r, "separable-r" + r + "-split" + s, new SeparableSearch(),
                            new ProofSearch.Options(threads, null, Long.MAX_VALUE, 0, 1, false, r, s)));
            if (total.compareTo(BigInteger.valueOf(cascadeMaxInputs)) <= 0)
                mine.add(prove(m, name, "cascade (exact)", "", "cascade-exact", new CascadeSearch(), new ProofSearch.Options(threads, null, Long.MAX_VALUE, 0, 1, true)));
            for (Map.Entry<String, JsonObject> e : known.entrySet()) {
                JsonObject o = e.getValue();
                if (!o.get("model_sha256").getAsString().equals(m.sha256())) continue;
                mine.add(new Point(name, k, e.getKey().substring(0, e.getKey().indexOf('=')), "verdict " + e.getKey().substring(e.getKey().indexOf('=') + 1),
                        new BigInteger(o.get("proof_ops").getAsString()), new BigInteger(o.get("proved_count").getAsString()), total));
            }
            double[] band = sampled(m);
            for (Point p : mine) {
                csv.append(String.join(",", p.model, String.valueOf(p.k), '"' + p.series + '"', '"' + p.params + '"', p.ops.toString(),
                        p.count.toString(), p.total.toString(), String.format(Locale.ROOT, "%.10f", p.bound()))).append('\n');
                System.err.printf(Locale.ROOT, "frontier: %s %s %s: %.6f with %s ops%n", name, p.series, p.params, p.bound(), p.ops);
            }
            csv.append(String.join(",", name, String.valueOf(k), "\"sampled (not a proof)\"", "\"" + samples + " samples, 95% interval\"", "",
                    "", total.toString(), String.format(Locale.ROOT, "%.10f-%.10f", band[0], band[1]))).append('\n');
            points.addAll(mine);
            JFreeChart chart = chart("Max-of-" + k + " (" + name + ")", mine, band);
            ReportPlots.save(chart, out, "frontier-" + name);
            images.add(chart.createBufferedImage(900, 600));
        }
        Files.writeString(out.resolve("frontier.csv"), csv.toString(), StandardCharsets.UTF_8);
        saveAll(images);
        System.err.println("frontier: wrote " + out.resolve("frontier.csv") + ", " + out.resolve("frontier.png") + " and " + points.size() + " certificates");
        return ExitCodes.OK;
    }

    /** Redraws every model's plot and the combined image from a frontier.csv. */
    private int replot() throws Exception {
        Map<String, List<Point>> byModel = new LinkedHashMap<>();
        Map<String, double[]> bands = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(replot, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1); // commas outside quotes
            if (f.length != 8) throw CliError.usage("frontier: " + replot + " is not a frontier.csv (line \"" + line + "\")");
            if (f.length == 8 && !f[2].startsWith("\"sampled") && !(f[4].matches("[0-9]+") && f[5].matches("[0-9]+") && f[6].matches("[0-9]+") && f[1].matches("[0-9]+")))
                throw CliError.usage("frontier: " + replot + " is not a frontier.csv (line \"" + line + "\")");
            String series = f[2].replace("\"", "");
            if (series.startsWith("sampled")) {
                if (!f[7].matches("[0-9.]+-[0-9.]+")) throw CliError.usage("frontier: " + replot + " is not a frontier.csv (line \"" + line + "\")");
                String[] b = f[7].split("-");
                bands.put(f[0], new double[] {Double.parseDouble(b[0]), Double.parseDouble(b[1])});
            } else byModel.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Point(f[0], Integer.parseInt(f[1]), series, f[3].replace("\"", ""),
                    new BigInteger(f[4]), new BigInteger(f[5]), new BigInteger(f[6])));
        }
        List<BufferedImage> images = new ArrayList<>();
        for (Map.Entry<String, List<Point>> e : byModel.entrySet()) {
            Point first = e.getValue().get(0);
            JFreeChart chart = chart("Max-of-" + first.k() + " (" + e.getKey() + ")", e.getValue(), bands.getOrDefault(e.getKey(), new double[] {1, 1}));
            ReportPlots.save(chart, out, "frontier-" + e.getKey());
            images.add(chart.createBufferedImage(900, 600));
        }
        saveAll(images);
        System.err.println("frontier: redrew " + images.size() + " plots and " + out.resolve("frontier.png"));
        return ExitCodes.OK;
    }

    /** All models' plots side by side, two per row, as DIR/frontier.png. */
    private void saveAll(List<BufferedImage> images) throws java.io.IOException {
        int cols = images.size() == 1 ? 1 : 2, rows = (images.size() + cols - 1) / cols;
        BufferedImage all = new BufferedImage(900 * cols, 600 * rows, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        for (int i = 0; i < images.size(); i++) g.drawImage(images.get(i), 900 * (i % cols), 600 * (i / cols), null);
        g.dispose();
        ImageIO.write(all, "png", out.resolve("frontier.png").toFile());
    }

    /** Searches, writes and verifies one certificate; the point is the checker's verdict. */
    private Point prove(LoadedModel m, String name, String series, String params, String tag, ProofSearch search, ProofSearch.Options opt) throws Exception {
        ProofSearch.Result r = search.search(m.weights(), opt);
        JsonObject cert = CertificateWriter.build(m.sha256(), m.weights(), search.strategy(), r.correctCount(), r.hints(), 0);
        String stem = name + "." + tag;
        byte[] bytes = CertificateWriter.write(out.resolve(stem + ".json"), cert);
        Verdict v = Checker.verify(m.weights(), m.sha256(), Certificate.parse(bytes), new VerifyOptions(threads, BigInteger.ONE.shiftLeft(40), null));
        if (!v.verified()) throw new CliError(ExitCodes.FAILED, "frontier: " + stem + " was NOT verified by the checker: " + v.reason());
        return new Point(name, m.weights().nCtx, series, params, v.proofOps(), v.proved(), v.total());
    }

    /** The 95 % Wilson interval of the sampled accuracy (not a proof). */
    private double[] sampled(LoadedModel m) throws Exception {
        return EstimateCommand.wilson(EstimateCommand.correctOnRandomInputs(m.weights(), samples, 1, threads, done -> {}), samples);
    }

    private static JFreeChart chart(String title, List<Point> pts, double[] band) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        // y = 1 - bound on a log scale: the error rate each proof leaves unexplained (lower is better)
        for (Point p : pts) series.computeIfAbsent(p.series, s -> new XYSeries(s, false)).add(p.ops.doubleValue(), Math.max(1e-9, 1 - p.bound()));
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "proof length", "1 - proved accuracy bound", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(new LogAxis("proof length (checker-counted operations, log scale)"));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        Color[] colors = {new Color(0xFF7F0E), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0xD62728), new Color(0x9467BD), Color.BLACK};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, colors[i % colors.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShapesVisible(i, true);
        }
        plot.setRenderer(r);
        IntervalMarker sampled = new IntervalMarker(1 - band[1], 1 - band[0], new Color(0x80, 0x80, 0x80, 0x60));
        sampled.setLabel("sampled error rate, 95% interval (not a proof)");
        sampled.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT);
        sampled.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        plot.addRangeMarker(sampled, Layer.BACKGROUND);
        LogAxis y = new LogAxis("1 - proved accuracy bound (log scale; the sampled band is the truth's neighbourhood)");
        double low = Math.min(1 - band[1], pts.stream().mapToDouble(p -> 1 - p.bound()).filter(b -> b > 0).min().orElse(1 - band[1]));
        y.setRange(Math.max(1e-9, low / 2), 1.5);
        plot.setRangeAxis(y);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return chart;
    }
}
