package compactproofs.generator.report;

import java.util.List;
import java.util.Locale;

/** Markdown and HTML tables of a report, laid out like the paper's Table 1 (one line per group). */
public final class ReportTables {
    private ReportTables() {}

    static final String[] COLUMNS = {"", "rows", "verified", "bound (mean ± sd)", "normalized bound (mean ± sd)",
            "proof length (mean checker ops)", "effective dimension (mean)"};

    /** The Markdown document: the per-group table, then the per-strategy table. */
    public static String markdown(ReportData d, String source) {
        StringBuilder s = new StringBuilder();
        s.append("# Accuracy bounds by proof strategy\n\n");
        s.append("Source: `").append(source).append("`. Statistics over verified rows; the normalized bound divides by the same ")
         .append("seed's brute-force accuracy. Proof length is the checker's operation count.\n\n");
        s.append("## Best per model in each group (the paper's Table 1 view)\n\n");
        table(s, "group", d.bestPerSeedByGroup());
        s.append("\n## All rows by group\n\n");
        table(s, "group", d.byGroup());
        s.append("\n## Plots\n\n");
        String[] titles = {"Bound against proof length (with the Pareto frontier)", "Bound against effective dimension"};
        for (int i = 0; i < ReportPlots.STEMS.size(); i++) {
            String stem = ReportPlots.STEMS.get(i);
            s.append("[").append(titles[i]).append("](").append(stem).append(".png) ([SVG](").append(stem).append(".svg))\n\n")
             .append("![").append(titles[i]).append("](").append(stem).append(".png)\n\n");
        }
        s.append("## By strategy\n\n");
        table(s, "strategy", d.byStrategy());
        return s.toString();
    }

    private static void table(StringBuilder s, String first, List<ReportData.Stats> stats) {
        s.append("| ").append(first);
        for (int i = 1; i < COLUMNS.length; i++) s.append(" | ").append(COLUMNS[i]);
        s.append(" |\n|---");
        for (int i = 1; i < COLUMNS.length; i++) s.append("|---:");
        s.append("|\n");
        for (ReportData.Stats st : stats) {
            s.append("| ").append(st.name().replace("|", "\\|"));
            for (String c : cells(st)) s.append(" | ").append(c);
            s.append(" |\n");
        }
    }

    /** A standalone HTML page with both tables and the plots. */
    public static String html(ReportData d, String source, List<String> images) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Accuracy bounds by proof strategy</title>\n")
         .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}th,td{border:1px solid #ccc;")
         .append("padding:4px 8px}td{text-align:right}td:first-child{text-align:left}img{max-width:100%}</style></head><body>\n")
         .append("<h1>Accuracy bounds by proof strategy</h1>\n<p>Source: <code>").append(esc(source))
         .append("</code>. Statistics over verified rows; the normalized bound divides by the same seed's brute-force accuracy. ")
         .append("Proof length is the checker's operation count.</p>\n<h2>Best per model in each group (the paper's Table 1 view)</h2>\n");
        htmlTable(s, "group", d.bestPerSeedByGroup());
        s.append("<h2>All rows by group</h2>\n");
        htmlTable(s, "group", d.byGroup());
        for (String img : images) s.append("<p><img src=\"").append(esc(img)).append("\" alt=\"").append(esc(img)).append("\"></p>\n");
        s.append("<h2>By strategy</h2>\n");
        htmlTable(s, "strategy", d.byStrategy());
        s.append("</body></html>\n");
        return s.toString();
    }

    private static void htmlTable(StringBuilder s, String first, List<ReportData.Stats> stats) {
        s.append("<table>\n<tr><th>").append(first).append("</th>");
        for (int i = 1; i < COLUMNS.length; i++) s.append("<th>").append(esc(COLUMNS[i])).append("</th>");
        s.append("</tr>\n");
        for (ReportData.Stats st : stats) {
            s.append("<tr><td>").append(esc(st.name())).append("</td>");
            for (String c : cells(st)) s.append("<td>").append(esc(c)).append("</td>");
            s.append("</tr>\n");
        }
        s.append("</table>\n");
    }

    private static List<String> cells(ReportData.Stats st) {
        return List.of(Integer.toString(st.rows()), Integer.toString(st.verified()), pm(st.boundMean(), st.boundSd()),
                pm(st.normMean(), st.normSd()), big(st.proofOpsMean()), big(st.effDimMean()));
    }

    static String pm(double mean, double sd) {
        if (Double.isNaN(mean)) return "–";
        return String.format(Locale.ROOT, "%.4f ± %.4f", mean, sd);
    }

    /**
     * A count (proof length, effective dimension) rounded to an integer with thousands separators, the
     * one format of every count in a report: {@code 1,247,000}, never {@code 1.247e6}.
     */
    static String big(double x) {
        if (Double.isNaN(x)) return "–";
        return String.format(Locale.ROOT, "%,.0f", x);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
