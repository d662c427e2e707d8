package compactproofs.generator.cli;

import compactproofs.checker.bruteforce.Tally;
import com.google.gson.JsonObject;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.search.CascadeSearch;
import compactproofs.generator.search.ProofSearch;
import java.awt.BasicStroke;
import java.awt.Color;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cascade-curve}: the cascade's bound against proof length, from the cubic point up to the
 * exact accuracy. One search; certificates at several budgets, each verified by the checker
 * (in-process) so the plotted proof lengths are the checker's own counts, each at most its budget
 * ({@code --max-ops} is a hard cap; the command fails if a count ever exceeds its budget).
 */
@Command(name = "cascade-curve", mixinStandardHelpOptions = true,
        description = "Plot the cascade's accuracy bound against proof length over a range of --max-ops budgets.")
public final class CascadeCurveCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "weights file (safetensors)")
    Path model;

    @Option(names = "--out", required = true, description = "output directory (curve.csv, cascade-curve.png/.svg, certificates)")
    Path out;

    @Option(names = "--points", description = "number of budgets between the cubic and the full cascade (default 8)")
    int points = 8;

    @Option(names = "--brute-force", negatable = true, description = "also run brute force for its proof length (default: when V^n <= 2^26)")
    Boolean bruteForce;

    @Option(names = "--threads", description = "worker threads")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        // --- up-front checks (cli-generator): --points, --threads, --model, --out; see UpFrontChecks ---
        UpFrontChecks.cascadeCurve(this);
        // ---
        LoadedModel m = CliError.loadModel(model);
        Files.createDirectories(out);
        BigInteger total = BigInteger.valueOf(m.weights().vocab).pow(m.weights().nCtx);
        CascadeSearch search = new CascadeSearch();
        ProgressBar bar = new ProgressBar("cascade analysis", true);
        CascadeSearch.Analysis a = search.analyze(m.weights(), new ProofSearch.Options(threads, (d, t) -> bar.update(d, t, "")));
        search.choose(a, Long.MAX_VALUE);
        List<CascadeSearch.Point> greedy = search.curve();
        long lo = greedy.get(0).ops(), hi = greedy.get(greedy.size() - 1).ops();
        StringBuilder csv = new StringBuilder("budget,checker_proof_ops,correct_count,total,bound_decimal\n");
        List<double[]> verified = new ArrayList<>();
        for (int i = 0; i <= points; i++) {
            long budget = i == points ? Long.MAX_VALUE : (long) (lo * Math.pow((double) hi / lo, (double) i / points));
            ProofSearch.Result r = search.choose(a, budget);
            if (i < points) r = search.trimToBudget(a, r, budget); // a no-op when the accounting is exact
            JsonObject cert = CertificateWriter.build(m.sha256(), m.weights(), "cascade", r.correctCount(), r.hints(), 0);
            Path file = out.resolve("cascade-budget-" + i + ".json");
            byte[] bytes = CertificateWriter.write(file, cert);
            Verdict v = Checker.verify(m.weights(), m.sha256(), Certificate.parse(bytes), VerifyOptions.defaults());
            if (!v.verified()) {
                System.err.println("budget " + budget + ": NOT verified: " + v.reason());
                return 1;
            }
            if (i < points && v.proofOps().compareTo(BigInteger.valueOf(budget)) > 0) {
                System.err.println("budget " + budget + ": the checker counts " + v.proofOps() + " operations, over the budget");
                return 1;
            }
            double bound = new BigDecimal(v.correctCount()).divide(new BigDecimal(total), MathContext.DECIMAL64).doubleValue();
            csv.append(i == points ? "unlimited" : String.valueOf(budget)).append(',').append(v.proofOps()).append(',')
               .append(v.correctCount()).append(',').append(total).append(',').append(bound).append('\n');
            verified.add(new double[] {v.proofOps().doubleValue(), bound});
            System.err.printf("budget %s: verified %s / %s (%.6f) with %s ops%n", i == points ? "unlimited" : budget, v.correctCount(), total, bound, v.proofOps());
        }
        double[] bf = null;
        boolean runBf = bruteForce != null ? bruteForce : total.compareTo(BigInteger.ONE.shiftLeft(26)) <= 0;
        if (runBf) {
            Tally r = new BruteForceVerifier(PathMatrices.of(m.weights())).run(threads, null, null);
            bf = new double[] {r.ops(), new BigDecimal(r.proved()).divide(new BigDecimal(total), MathContext.DECIMAL64).doubleValue()};
            csv.append("brute-force,").append(r.ops()).append(',').append(r.proved()).append(',').append(total).append(',').append(bf[1]).append('\n');
        }
        Files.writeString(out.resolve("curve.csv"), csv.toString(), StandardCharsets.UTF_8);
        plot(greedy, total, verified, bf);
        System.err.println("wrote " + out.resolve("curve.csv") + " and " + out.resolve("cascade-curve.png"));
        return 0;
    }

    private void plot(List<CascadeSearch.Point> greedy, BigInteger total, List<double[]> verified, double[] bf) throws java.io.IOException {
        XYSeries line = new XYSeries("greedy order (generator's estimate)", false);
        for (CascadeSearch.Point p : greedy)
            line.add(p.ops(), new BigDecimal(p.proved()).divide(new BigDecimal(total), MathContext.DECIMAL64).doubleValue());
        XYSeries pts = new XYSeries("certificates verified by the checker", false);
        for (double[] p : verified) pts.add(p[0], p[1]);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(line);
        data.addSeries(pts);
        if (bf != null) {
            XYSeries b = new XYSeries("brute force", false);
            b.add(bf[0], bf[1]);
            data.addSeries(b);
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Cascade: accuracy bound vs proof length", "proof length (checker-counted operations)",
                "proved accuracy bound", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis x = new LogAxis("proof length (checker-counted operations, log scale)");
        plot.setDomainAxis(x);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        r.setSeriesLinesVisible(0, true); r.setSeriesShapesVisible(0, false);
        r.setSeriesPaint(0, new Color(0x1F77B4)); r.setSeriesStroke(0, new BasicStroke(2f));
        r.setSeriesLinesVisible(1, false); r.setSeriesShapesVisible(1, true); r.setSeriesPaint(1, new Color(0xD62728));
        if (bf != null) { r.setSeriesLinesVisible(2, false); r.setSeriesShapesVisible(2, true); r.setSeriesPaint(2, Color.BLACK); }
        plot.setRenderer(r);
        ((org.jfree.chart.axis.NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        compactproofs.generator.report.ReportPlots.save(chart, out, "cascade-curve");
    }
}
