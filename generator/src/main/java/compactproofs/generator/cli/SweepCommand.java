package compactproofs.generator.cli;

import compactproofs.generator.search.Strategies;
import compactproofs.generator.sweep.CheckerProcess;
import compactproofs.generator.sweep.ResultRow;
import compactproofs.generator.sweep.SeedList;
import compactproofs.generator.sweep.Sweep;
import compactproofs.generator.sweep.SweepConfig;
import compactproofs.generator.sweep.SweepConfigException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generator sweep}: the paper's experiment in one command (train, certify, verify, tabulate). */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Trains one Max-of-K model per seed (or reuses OUT/models/seed-S.safetensors), certifies it "
                + "with every strategy, verifies each seed's certificates with the checker jar in one separate process (one JVM per seed), and "
                + "appends one row per (seed, strategy) to OUT/results.csv.",
                "Resumable: rows with a checker verdict are skipped on a rerun; ERROR rows are retried.",
                "OUT/sweep.json records the configuration (K, V, d_model, d_head, steps, generator and checker versions); "
                + "a rerun with another configuration is refused (exit 2) naming each setting that differs. "
                + "Every row of results.csv carries the same settings and its model's SHA-256."})
public final class SweepCommand implements Callable<Integer> {
    @Option(names = "--k", defaultValue = "4", description = "Sequence length K. Default: ${DEFAULT-VALUE}.")
    int k;
    @Option(names = "--vocab", defaultValue = "64", description = "Vocabulary size V. Default: ${DEFAULT-VALUE}.")
    int vocab;
    @Option(names = "--d-model", defaultValue = "32", description = "Residual width D (= d_head). Default: ${DEFAULT-VALUE}.")
    int dModel;
    @Option(names = "--seeds", required = true, description = "Seeds: a range 1-20, a list 1,5,9, a mix, or 'paper' (the paper's 151 seeds).")
    String seeds;
    @Option(names = "--steps", defaultValue = "3000", description = "Training steps (batch 128). Default: ${DEFAULT-VALUE} (paper).")
    int steps;
    @Option(names = "--out", required = true, description = "Output directory: models/, certificates/, results.csv.")
    Path out;
    @Option(names = "--strategies", defaultValue = "all", description = "'all' (brute force, cascade, cubic and the 100 subcubic variants) or a comma list; 'subcubic' stands for its 100 variants. Default: ${DEFAULT-VALUE}.")
    String strategies;
    @Option(names = "--jobs", description = "(Seed, strategy) pairs worked on at once. Default: number of processors.")
    int jobs = Runtime.getRuntime().availableProcessors();
    @Option(names = "--threads", description = "Threads per job for search and checking. Default: processors / jobs.")
    Integer threads;
    @Option(names = "--force-brute-force", description = "Run brute force even when V^K > 2^26 (skipped by default with 'all').")
    boolean forceBruteForce;
    @Option(names = "--checker-jar", description = "Checker jar. Default: checker/target/checker.jar under the working directory, or next to the generator jar.")
    Path checkerJar;
    @Option(names = "--checker-timeout", defaultValue = "0", description = "Seconds before a checker process is killed (0: no limit). Default: ${DEFAULT-VALUE}.")
    long checkerTimeout;
    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    /** V^K above which brute force is left out unless forced: 2^26 inputs. */
    static final BigInteger BRUTE_FORCE_LIMIT = BigInteger.ONE.shiftLeft(26);

    @Override
    public Integer call() throws Exception {
        // --- up-front checks (cli-generator): option values, strategy names, --out; see UpFrontChecks ---
        UpFrontChecks.sweep(this);
        // ---
        PrintStream err = System.err;
        List<Long> seedList;
        try {
            seedList = SeedList.parse(seeds);
        } catch (IllegalArgumentException e) {
            err.println("sweep: " + e.getMessage());
            return 2;
        }
        if (k < 1 || vocab < 2 || dModel < 1 || steps < 0 || jobs < 1 || (threads != null && threads < 1)) {
            err.println("sweep: need K >= 1, V >= 2, D >= 1, steps >= 0, jobs >= 1, threads >= 1");
            return 2;
        }
        List<String> chosen = chooseStrategies(err);
        if (chosen == null) return 2;
        if (chosen.isEmpty()) {
            err.println("sweep: no strategy to run");
            return 2;
        }
        Path jar = CheckerProcess.locate(checkerJar);
        if (jar == null) {
            err.println("sweep: checker jar not found" + (checkerJar != null ? " at " + checkerJar : "")
                    + "; build it (mvn -pl checker -am package) or pass --checker-jar");
            return 2;
        }
        int perJob = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
        SweepConfig cfg = new SweepConfig(k, vocab, dModel, steps, seedList, chosen, out, jobs, perJob, jar, checkerTimeout);
        // a killed sweep must not leave checker processes running
        Thread hook = new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressBar bar = new ProgressBar(err, "sweep", !quiet);
        boolean lines = !quiet && System.console() == null;
        Sweep.Summary s;
        try {
            s = new Sweep(cfg, new Sweep.Listener() {
                @Override public void progress(long done, long total, String note) { bar.update(done, total, note); }

                @Override public void row(ResultRow r) {
                    if (lines) err.println("seed " + r.seed() + " " + r.strategy() + ": " + r.verdict()
                            + (r.verified() ? " bound " + r.boundDecimal() : " " + r.reason()));
                }
            }).run();
        } catch (SweepConfigException e) {
            // the directory holds another configuration: a usage error, nothing was done
            err.println("sweep: " + e.getMessage());
            return 2;
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        if (!quiet) err.printf("sweep: %d rows written (%d verified), %d already done, %d models trained, %.1f s; results in %s%n",
                s.rowsWritten(), s.verified(), s.skipped(), s.trained(), s.seconds(), cfg.resultsFile());
        return s.verified() == s.rowsWritten() ? 0 : 1;
    }

    /** The strategies to run, brute force first; null (after a message) if a name is unknown. */
    private List<String> chooseStrategies(PrintStream err) {
        List<String> known = Strategies.concrete();
        List<String> chosen = new ArrayList<>();
        boolean all = strategies.strip().equalsIgnoreCase("all");
        if (all) chosen.addAll(known);
        else for (String s : strategies.split(",")) {
            String name = s.strip();
            if (name.isEmpty()) continue;
            // "subcubic" stands for all 100 variants
            List<String> names = name.equals("subcubic") ? known.stream().filter(x -> x.startsWith("subcubic:")).toList() : List.of(name);
            for (String n : names) {
                if (!known.contains(n)) {
                    err.println("sweep: unknown strategy \"" + n + "\"; known: brute-force, cascade, cubic, subcubic (all 100), subcubic:<variant>");
                    return null;
                }
                if (!chosen.contains(n)) chosen.add(n);
            }
        }
        if (chosen.remove("brute-force")) {
            boolean tooBig = BigInteger.valueOf(vocab).pow(k).compareTo(BRUTE_FORCE_LIMIT) > 0;
            if (!tooBig || forceBruteForce) chosen.add(0, "brute-force");
            else err.println("sweep: leaving out brute-force: V^K = " + vocab + "^" + k + " > 2^26 (use --force-brute-force)");
        }
        return chosen;
    }
}
