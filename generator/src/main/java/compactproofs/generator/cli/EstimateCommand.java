package compactproofs.generator.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import compactproofs.checker.Workers;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.model.Weights;
import compactproofs.generator.train.Evaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code generator estimate}: the model's accuracy on uniform random inputs with a 95 % confidence
 * interval. A statistical estimate, NOT a proof: it shows how far a proved bound is from the truth
 * when an exact count is out of reach.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = {"Estimates the model's accuracy on uniformly random inputs (float64 forward pass, a tie counts as wrong) "
                + "with a 95%% Wilson score interval. NOT A PROOF: a sampled estimate, to compare proved bounds against.",
                "Deterministic for a given --seed and --samples (independent of --threads)."})
public final class EstimateCommand implements Callable<Integer> {
    /** Samples per independently seeded chunk: the chunking, not the thread count, fixes the result. */
    static final long CHUNK = 1 << 16;
    /** The 0.975 quantile of the standard normal distribution. */
    static final double Z = 1.959963984540054;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "weights file (safetensors)")
    Path model;
    @Option(names = "--samples", defaultValue = "1000000", paramLabel = "N", description = "random inputs to evaluate. Default: ${DEFAULT-VALUE}.")
    long samples;
    @Option(names = "--seed", defaultValue = "1", description = "seed of the random inputs. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all processors)")
    int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--json", description = "print one JSON object instead of a line")
    boolean json;
    @Mixin ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() throws Exception {
        CliError.atLeast("estimate", "--samples", samples, 1);
        CliError.atLeast("estimate", "--threads", threads, 1);
        ProgressBar.Mode mode = progress.mode("estimate");
        LoadedModel m = CliError.loadModel("estimate", model);
        long correct;
        try (ProgressBar bar = new ProgressBar(System.err, "estimate", mode).start()) {
            correct = correctOnRandomInputs(m.weights(), samples, seed, threads, done -> bar.update(done, samples, ""));
        }
        double[] ci = wilson(correct, samples);
        double p = (double) correct / samples;
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("model_sha256", m.sha256());
            o.addProperty("samples", samples);
            o.addProperty("correct", correct);
            o.addProperty("accuracy", p);
            o.addProperty("ci95_low", ci[0]);
            o.addProperty("ci95_high", ci[1]);
            o.addProperty("seed", seed);
            o.addProperty("proof", false);
            System.out.println(new GsonBuilder().create().toJson(o));
        } else {
            System.out.println(String.format(Locale.ROOT, "sampled accuracy %.6f (%d of %d random inputs correct; 95%% interval %.6f-%.6f)"
                    + " | NOT A PROOF: a statistical estimate (uniform inputs, float64 forward pass, seed %d)", p, correct, samples, ci[0], ci[1], seed));
        }
        return ExitCodes.OK;
    }

    /**
     * Correct inputs among {@code samples} uniform random inputs, in independently seeded chunks of {@link #CHUNK}
     * (chunk c has seed {@code seed * 1000003 + c}), so the result depends on the seed and the count only.
     */
    static long correctOnRandomInputs(Weights w, long samples, long seed, int threads, java.util.function.LongConsumer progress) throws InterruptedException {
        long chunks = (samples + CHUNK - 1) / CHUNK;
        AtomicLong done = new AtomicLong();
        List<Callable<Long>> tasks = new ArrayList<>();
        for (long c = 0; c < chunks; c++) {
            long size = Math.min(CHUNK, samples - c * CHUNK), chunkSeed = seed * 1_000_003L + c;
            tasks.add(() -> {
                long k = Evaluation.onRandomSequences(w, size, chunkSeed).correct();
                progress.accept(done.addAndGet(size));
                return k;
            });
        }
        long correct = 0;
        for (long k : Workers.runAll("estimate", threads, tasks)) correct += k;
        return correct;
    }

    /** The 95 % Wilson score interval of a binomial proportion {@code k / n}. */
    static double[] wilson(long k, long n) {
        double p = (double) k / n, z2 = Z * Z / n;
        double centre = (p + z2 / 2) / (1 + z2);
        double half = Z / (1 + z2) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
