package compactproofs.generator.cli;

import compactproofs.checker.subcubic.Variant;
import compactproofs.generator.sweep.Groups;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generator strategies}: every strategy name {@code certify --strategy} takes, with group, complexity and a description. */
@Command(name = "strategies", mixinStandardHelpOptions = true,
        description = {"Lists every proof strategy: brute-force, cubic, cascade and the paper's 100 subcubic variants, "
                + "one per line: name, report group, complexity, description (tab-separated with --tsv)."})
public final class StrategiesCommand implements Callable<Integer> {
    @Option(names = "--tsv", description = "Tab-separated with a header line, for scripts.")
    boolean tsv;

    @Option(names = "--names", description = "Only the names, one per line.")
    boolean namesOnly;

    /** One strategy's row. */
    record Row(String name, String group, String complexity, String description) {}

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("brute-force", "brute-force", "V^K K D (every input)",
                "decides every input exactly: the exact accuracy, at the highest cost (Lemmas BF, D1)"));
        rows.add(new Row("cubic", "cubic", "V^3 (cubic)",
                "the paper's cubic proof made rigorous: per (max, gap) class bounds on attention and logits (Lemmas A, B, C)"));
        rows.add(new Row("cascade", "cascade", "cubic + enumerated classes",
                "cubic where it works, exact enumeration of chosen classes (Lemma K); --max-ops budget, --shard I/N"));
        rows.add(new Row("separable", "separable", "V^3 K + V^2 K (V + R)",
                "per (query, max), counts exactly on a grid the inputs whose separable bound on each wrong logit is negative (Lemmas U, GC); --resolution R, --split-logits K, --max-ops"));
        for (Variant v : Variant.all())
            rows.add(new Row(v.strategy(), Groups.reportGroup(v), Groups.complexityLabel(v), describe(v)));
        rows.add(new Row("subcubic:all", "subcubic", "all 100 variants",
                "certify only: writes one certificate per subcubic variant into --out DIR, plus summary.tsv"));
        return rows;
    }

    /** A one-line description of a subcubic variant from its three option choices. */
    static String describe(Variant v) {
        String eu = switch (v.eupu()) {
            case MEAN_QUERY_MAX_DIFF -> "EU by mean query + max diff";
            case SVD_QUERY_MAX_DIFF -> "EU by SVD query + max diff";
            case MAX_DIFF -> "EU by max diff";
            case MAX_DIFF_EXACT -> "EU exact per query";
            case GLOBAL_MAX_DIFF_EXACT -> "EU exact, global max diff";
        };
        String attn = switch (v.attn()) {
            case MEAN_QUERY_DIFF -> "attention by mean query + diff";
            case DROP_AVERAGE -> "attention dropping the average query per output logit";
        };
        String err = switch (v.err().split) {
            case RANK_ONE -> "error by rank-1 SVD split (" + v.err().paperName + ")";
            case SUBPRODUCT -> "error by subproduct peeling (" + v.err().paperName + ")";
            case EXACT -> "exact EQKE error";
        };
        return "subcubic: " + eu + "; " + attn + "; " + err;
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        List<Row> rows = rows();
        if (namesOnly) {
            for (Row r : rows) out.println(r.name());
            return ExitCodes.OK;
        }
        if (tsv) {
            out.println("strategy\tgroup\tcomplexity\tdescription");
            for (Row r : rows) out.println(r.name() + "\t" + r.group() + "\t" + r.complexity() + "\t" + r.description());
            return ExitCodes.OK;
        }
        int wn = 0, wg = 0, wc = 0;
        for (Row r : rows) { wn = Math.max(wn, r.name().length()); wg = Math.max(wg, r.group().length()); wc = Math.max(wc, r.complexity().length()); }
        String fmt = "%-" + wn + "s  %-" + wg + "s  %-" + wc + "s  %s%n";
        out.printf(fmt, "STRATEGY", "GROUP", "COMPLEXITY", "DESCRIPTION");
        for (Row r : rows) out.printf(fmt, r.name(), r.group(), r.complexity(), r.description());
        out.printf("%d strategies (brute-force, cubic, cascade, %d subcubic variants; subcubic:all runs all of them).%n",
                rows.size() - 1, Variant.all().size());
        return ExitCodes.OK;
    }
}
