package compactproofs.generator.sweep;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.io.SafetensorsWriter;
import compactproofs.generator.search.ProofSearch;
import compactproofs.generator.search.Strategies;
import compactproofs.generator.train.MaxOfKTrainer;
import compactproofs.generator.train.TrainConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Trains (or reuses) one model per seed, certifies it with every strategy, verifies the seed's
 * certificates with the checker jar in one separate process (the weights read once), and appends one row per (seed, strategy) to
 * {@code results.csv}. Resumable: pairs that already have a final row are skipped. A failure in one pair
 * becomes an ERROR row and never stops the sweep.
 */
public final class Sweep {
    /** Progress of the sweep: units (trainings and rows) done of total, and what just finished. */
    public interface Listener {
        void progress(long done, long total, String note);

        /** Called once per appended row. */
        default void row(ResultRow row) { }
    }

    /** Counts of one run. */
    public record Summary(int rowsWritten, int verified, int skipped, int trained, double seconds) {}

    private final SweepConfig cfg;
    private final Listener listener;
    private final Map<Long, BigInteger> bruteForceCount = new ConcurrentHashMap<>();
    private final Map<Long, Object[]> subcubicShared = new ConcurrentHashMap<>();
    /** The configuration columns of this run's rows (the model hash is filled in per row). */
    private RunConfig runConfig = RunConfig.UNKNOWN;

    /** Training batch of every sweep model (the paper's). */
    public static final int BATCH = 128;

    public Sweep(SweepConfig cfg, Listener listener) {
        this.cfg = cfg; this.listener = listener;
    }

    /**
     * Runs the sweep to the end.
     *
     * @throws SweepConfigException if the directory was made with another configuration (nothing is done)
     * @throws IOException if results.csv cannot be opened or written (rows are then lost, so this is fatal)
     * @throws InterruptedException if interrupted
     */
    public Summary run() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String generatorVersion = Versions.generator(), checkerVersion = Versions.checker(cfg.checkerJar());
        Map<String, String> settings = SweepManifest.settings(cfg, BATCH, generatorVersion, checkerVersion);
        SweepManifest.checkOrCreate(cfg.out(), cfg.resultsFile(), settings);
        runConfig = new RunConfig(settings.get("k"), settings.get("vocab"), settings.get("d_model"), settings.get("d_head"),
                settings.get("steps"), "", generatorVersion, checkerVersion);
        List<ResultRow> existing = ResultsCsv.read(cfg.resultsFile());
        Set<String> finished = new HashSet<>();
        for (ResultRow r : ResultsCsv.latest(existing)) {
            if (r.isFinal()) finished.add(r.key());
            if (r.verified() && r.strategy().equals("brute-force")) bruteForceCount.put(Long.parseLong(r.seed()), new BigInteger(r.correctCount()));
        }
        Map<Long, List<String>> todo = new LinkedHashMap<>();
        int skipped = 0;
        for (long seed : cfg.seeds()) {
            List<String> pending = new ArrayList<>();
            for (String s : cfg.strategies()) {
                if (finished.contains(seed + "\u0000" + s)) skipped++;
                else pending.add(s);
            }
            if (!pending.isEmpty()) todo.put(seed, pending);
        }
        int trainings = 0;
        for (long seed : todo.keySet()) if (!Files.exists(cfg.modelFile(seed))) trainings++;
        long total = trainings + todo.values().stream().mapToLong(List::size).sum();
        AtomicLong done = new AtomicLong();
        int[] counts = new int[2];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, cfg.jobs()), r -> {
            Thread t = new Thread(r, "sweep-worker");
            t.setDaemon(true);
            return t;
        });
        listener.progress(0, total, "");
        try (ResultsCsv csv = ResultsCsv.open(cfg.resultsFile())) {
            List<CompletableFuture<?>> all = new ArrayList<>();
            // trainings are queued first, so every model exists early and certificates follow in seed order
            Map<Long, CompletableFuture<LoadedModel>> models = new LinkedHashMap<>();
            for (long seed : todo.keySet()) {
                boolean train = !Files.exists(cfg.modelFile(seed));
                models.put(seed, CompletableFuture.supplyAsync(() -> {
                    LoadedModel m = loadOrTrain(seed);
                    if (train) listener.progress(done.incrementAndGet(), total, "trained seed " + seed);
                    return m;
                }, pool));
            }
            for (Map.Entry<Long, List<String>> e : todo.entrySet()) {
                long seed = e.getKey();
                CompletableFuture<LoadedModel> model = models.get(seed);
                // every strategy searched in parallel, then the seed's certificates verified in one checker JVM
                List<CompletableFuture<Searched>> searches = new ArrayList<>();
                for (String strategy : e.getValue())
                    searches.add(model.thenApplyAsync(m -> search(seed, strategy, m), pool)
                            .exceptionally(t -> new Searched(strategy, null, "", ResultRow.error(seed, strategy, model.isCompletedExceptionally()
                                    ? "training or loading failed: " + failure(model) : describe(t)))));
                all.add(CompletableFuture.allOf(searches.toArray(new CompletableFuture[0])).thenRunAsync(() -> {
                    LoadedModel m = model.isCompletedExceptionally() ? null : model.join();
                    List<ResultRow> rows;
                    try {
                        rows = verify(seed, searches.stream().map(CompletableFuture::join).toList());
                    } catch (Throwable t) {
                        rows = e.getValue().stream().map(st -> ResultRow.error(seed, st, describe(t))).toList();
                    }
                    for (ResultRow row : rows) {
                        row = row.withConfig(runConfig.withModel(m == null ? "" : m.sha256()));
                        write(csv, row, counts);
                        listener.progress(done.incrementAndGet(), total, "seed " + seed + " " + row.strategy() + ": " + row.verdict());
                    }
                }, pool));
            }
            try {
                CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.io.UncheckedIOException u) throw u.getCause();
                throw e;
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(counts[0], counts[1], skipped, trainings, (System.nanoTime() - t0) / 1e9);
    }

    private void write(ResultsCsv csv, ResultRow row, int[] counts) {
        try {
            csv.append(row);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot append to " + cfg.resultsFile() + ": " + e.getMessage(), e);
        }
        synchronized (counts) {
            counts[0]++;
            if (row.verified()) counts[1]++;
        }
        listener.row(row);
    }

    /** The seed's model: reused from models/ when present (and of the right shape), else trained and written. */
    LoadedModel loadOrTrain(long seed) {
        Path file = cfg.modelFile(seed);
        try {
            if (!Files.exists(file)) {
                TrainConfig tc = TrainConfig.paper(cfg.nCtx(), cfg.vocab(), cfg.dModel(), seed).withSchedule(cfg.steps(), BATCH);
                var result = MaxOfKTrainer.train(tc);
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("format", "pt");
                meta.put("task", "max-of-K");
                meta.put("trainer", "compact-proofs");
                meta.put("seed", Long.toString(seed));
                meta.put("steps", Integer.toString(tc.steps()));
                meta.put("batch", Integer.toString(tc.batch()));
                meta.put("lr", Double.toString(tc.lr()));
                meta.put("weight_decay", Double.toString(tc.weightDecay()));
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                SafetensorsWriter.write(tmp, result.weights(), meta, SafetensorsWriter.Dtype.F32);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            LoadedModel m = SafetensorsReader.read(file);
            var w = m.weights();
            if (w.vocab != cfg.vocab() || w.nCtx != cfg.nCtx() || w.dModel != cfg.dModel())
                throw new IllegalStateException(file + " has V=" + w.vocab + " K=" + w.nCtx + " D=" + w.dModel + ", but the sweep asks for V="
                        + cfg.vocab() + " K=" + cfg.nCtx() + " D=" + cfg.dModel());
            String steps = m.metadata() == null ? null : m.metadata().get("steps");
            if (steps != null && "compact-proofs".equals(m.metadata().get("trainer")) && !steps.equals(Integer.toString(cfg.steps())))
                throw new IllegalStateException(file + " was trained with " + steps + " steps, but the sweep asks for --steps " + cfg.steps());
            return m;
        } catch (CheckFailure f) {
            throw new IllegalStateException("cannot read " + file + ": " + f.getMessage(), f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A strategy's search: its certificate file and search seconds, or the ERROR row that replaces it. */
    record Searched(String strategy, Path certFile, String genSeconds, ResultRow error) {}

    /** Searches (or reuses) the certificate of one strategy and writes it. */
    Searched search(long seed, String strategy, LoadedModel m) {
        Path certFile = cfg.certificateFile(seed, strategy);
        String genSeconds = reusableSearchSeconds(certFile, m.sha256(), strategy);
        if (genSeconds != null) return new Searched(strategy, certFile, genSeconds, null);
        ProofSearch search = Strategies.of(strategy);
        if (search == null) return new Searched(strategy, null, "", ResultRow.error(seed, strategy, "unknown strategy \"" + strategy + "\""));
        try {
            if (search instanceof compactproofs.generator.search.SubcubicSearch sc) {
                // the 100 variants of one model share their direction search and path matrices
                Object[] shared = subcubicShared.computeIfAbsent(seed, s -> new Object[] {
                        compactproofs.generator.search.SubcubicDirections.of(m.weights()),
                        compactproofs.checker.model.PathMatrices.of(m.weights())});
                search = sc.sharing((JsonObject) shared[0], (compactproofs.checker.model.PathMatrices) shared[1]);
            }
            long t0 = System.nanoTime();
            ProofSearch.Result r = search.search(m.weights(), new ProofSearch.Options(cfg.threadsPerJob(), null));
            double secs = (System.nanoTime() - t0) / 1e9;
            JsonObject cert = CertificateWriter.build(m.sha256(), m.weights(), search.strategy(), r.correctCount(), r.hints(), secs);
            Path tmp = certFile.resolveSibling(certFile.getFileName() + ".tmp");
            CertificateWriter.write(tmp, cert);
            Files.move(tmp, certFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            // rounded as CertificateWriter stores it, so a reused certificate gives the same text
            return new Searched(strategy, certFile, String.format(Locale.ROOT, "%.3f", Math.round(secs * 1000) / 1000.0), null);
        } catch (Exception e) {
            return new Searched(strategy, null, "", ResultRow.error(seed, strategy, describe(e)));
        }
    }

    /**
     * Verifies the seed's certificates in one checker process (SPEC §4: the weights read once) and
     * builds their rows: brute force first, so that the other rows' normalized bounds are known.
     */
    List<ResultRow> verify(long seed, List<Searched> searched) throws InterruptedException {
        List<Searched> order = new ArrayList<>(searched);
        order.sort(java.util.Comparator.comparing((Searched x) -> !x.strategy().equals("brute-force")));
        List<Searched> toCheck = order.stream().filter(x -> x.error() == null).toList();
        List<CheckerProcess.Outcome> outcomes = toCheck.isEmpty() ? List.of()
                : new CheckerProcess(cfg.checkerJar(), cfg.threadsPerJob(), cfg.checkerTimeout())
                        .verifyAll(cfg.modelFile(seed), toCheck.stream().map(Searched::certFile).toList());
        List<ResultRow> rows = new ArrayList<>();
        int k = 0;
        for (Searched x : order) rows.add(x.error() != null ? x.error() : row(seed, x.strategy(), x.genSeconds(), outcomes.get(k++)));
        return rows;
    }

    /** The row of one verified (or refused) certificate. */
    private ResultRow row(long seed, String strategy, String genSeconds, CheckerProcess.Outcome o) {
        String checkerSeconds = String.format(Locale.ROOT, "%.3f", o.wallSeconds());
        if (o.json() == null) {
            ResultRow e = ResultRow.error(seed, strategy, o.problem());
            return new ResultRow(e.seed(), e.strategy(), e.group(), "", "", "", "", "", "", "", genSeconds, checkerSeconds, e.verdict(), e.reason());
        }
        JsonObject j = o.json();
        boolean verified = j.has("verified") && j.get("verified").getAsBoolean();
        String correct = str(j, "claimed_count"), total = str(j, "total");
        String normalized = "";
        if (verified) {
            BigInteger c = new BigInteger(correct);
            if (strategy.equals("brute-force")) bruteForceCount.put(seed, c);
            BigInteger bf = bruteForceCount.get(seed);
            if (bf != null) normalized = normalized(c, bf);
        }
        return new ResultRow(Long.toString(seed), strategy, Groups.groupOf(strategy), correct, total,
                verified ? str(j, "accuracy") : "", verified ? str(j, "accuracy_decimal") : "", normalized,
                str(j, "proof_ops"), str(j, "effective_dimension"), genSeconds, checkerSeconds, str(j, "status"),
                verified ? "" : str(j, "reason"));
    }

    /** {@code count / bruteForce} rounded down to 10 decimals (empty if the brute-force count is 0). */
    public static String normalized(BigInteger count, BigInteger bruteForce) {
        if (bruteForce.signum() <= 0) return "";
        return new BigDecimal(count).divide(new BigDecimal(bruteForce), 10, RoundingMode.DOWN).toPlainString();
    }

    /** The search seconds of an existing certificate for this model and strategy (written atomically), or null. */
    private static String reusableSearchSeconds(Path certFile, String sha256, String strategy) {
        if (!Files.isRegularFile(certFile)) return null;
        try {
            JsonObject c = JsonParser.parseString(Files.readString(certFile, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!sha256.equals(c.getAsJsonObject("model").get("sha256").getAsString())) return null;
            if (!strategy.equals(c.get("strategy").getAsString())) return null;
            JsonElement s = c.getAsJsonObject("generator").get("search_seconds");
            return s == null ? "" : String.format(Locale.ROOT, "%.3f", s.getAsDouble());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String str(JsonObject j, String name) {
        JsonElement e = j.get(name);
        return e == null || e.isJsonNull() ? "" : e.getAsString();
    }

    private static String failure(CompletableFuture<?> f) {
        try {
            f.join();
            return "unknown";
        } catch (RuntimeException e) {
            return describe(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** One line for a failure: the message, else the exception's name. */
    static String describe(Throwable t) {
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null)
            t = t.getCause();
        String msg = t.getMessage();
        if (t instanceof OutOfMemoryError) return "out of memory (raise -Xmx)";
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }
}
