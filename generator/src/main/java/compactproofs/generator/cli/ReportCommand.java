package compactproofs.generator.cli;

import compactproofs.generator.report.ReportData;
import compactproofs.generator.report.ReportPlots;
import compactproofs.generator.report.ReportTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code generator report}: tables (Markdown, HTML) and plots (PNG, SVG) of a sweep's results.csv. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Summarises a sweep's results.csv like the paper's Table 1: per group and per strategy, rows, "
                + "mean ± sd of the bound and of the normalized bound, mean proof length and effective dimension.",
                "Writes OUT/table.md, OUT/table.html and two plots as PNG and SVG: bound vs proof length (with the "
                + "Pareto frontier) and bound vs effective dimension."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RESULTS.csv", description = "results file written by the sweep command")
    Path results;

    @Option(names = "--out", required = true, description = "output directory")
    Path out;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        // --- up-front checks (cli-generator): empty, binary or non-CSV input, unusable --out; see UpFrontChecks ---
        UpFrontChecks.report(this);
        // ---
        if (!Files.isRegularFile(results)) {
            System.err.println("report: no such file " + results);
            return 2;
        }
        ReportData d;
        try {
            d = ReportData.read(results);
        } catch (IOException e) {
            System.err.println("report: cannot read " + results + ": " + e.getMessage());
            return 2;
        }
        try {
            Files.createDirectories(out);
            List<String> images = ReportPlots.writeAll(d, out);
            Files.writeString(out.resolve("table.md"), ReportTables.markdown(d, results.getFileName().toString()), StandardCharsets.UTF_8);
            Files.writeString(out.resolve("table.html"), ReportTables.html(d, results.getFileName().toString(), images), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("report: cannot write to " + out + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            System.err.println("report: cannot draw the plots: " + e);
            return 1;
        }
        System.err.printf("report: %d rows (%d groups) -> %s/table.md, table.html, 2 plots (PNG, SVG)%n",
                d.points().size(), d.byGroup().size(), out);
        return 0;
    }
}
