package compactproofs.generator.cli;

import compactproofs.checker.model.Weights;
import compactproofs.generator.io.AtomicFiles;
import compactproofs.generator.io.SafetensorsWriter;
import compactproofs.generator.train.MaxOfKTrainer;
import compactproofs.generator.train.TrainConfig;
import compactproofs.generator.train.TrainResult;
import compactproofs.generator.train.TrainingListener;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generator train}: trains one Max-of-K model and writes it as F32 safetensors. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains a one-layer attention-only Max-of-K transformer (paper recipe: AdamW, "
                + "lr 1e-3, weight decay 0.01, batch 128, 3000 steps) and writes it as F32 safetensors.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--k", defaultValue = "4", description = "Sequence length K (n_ctx). Default: ${DEFAULT-VALUE}.")
    int k;
    @Option(names = "--vocab", defaultValue = "64", description = "Vocabulary size V. Default: ${DEFAULT-VALUE}.")
    int vocab;
    @Option(names = "--d-model", defaultValue = "32", description = "Residual width D (= d_head). Default: ${DEFAULT-VALUE}.")
    int dModel;
    @Option(names = "--seed", required = true, description = "Seed of initialisation and data.")
    long seed;
    @Option(names = "--steps", defaultValue = "3000", description = "Optimizer steps. Default: ${DEFAULT-VALUE}.")
    int steps;
    @Option(names = "--batch", defaultValue = "128", description = "Batch size. Default: ${DEFAULT-VALUE}.")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "AdamW learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW decoupled weight decay. Default: ${DEFAULT-VALUE}.")
    double weightDecay;
    @Option(names = "--out", required = true, description = "Output .safetensors path (checked before training; written atomically).")
    Path out;
    @Mixin ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() throws java.io.IOException {
        PrintStream err = System.err;
        // up-front checks, before any training: option values, then the output path
        CliError.atLeast("train", "--k", k, 1);
        CliError.atLeast("train", "--vocab", vocab, 2);
        CliError.atLeast("train", "--d-model", dModel, 1);
        CliError.atLeast("train", "--steps", steps, 1);
        CliError.atLeast("train", "--batch", batch, 1);
        CliError.inRange("train", "--lr", lr, 0, Double.MAX_VALUE, true);
        CliError.inRange("train", "--weight-decay", weightDecay, 0, Double.MAX_VALUE, false);
        ProgressBar.Mode mode = progress.mode("train");
        OutputPaths.requireWritableFile("train", "--out", out);
        TrainConfig cfg;
        try {
            cfg = TrainConfig.paper(k, vocab, dModel, seed).withSchedule(steps, batch).withOptimizer(lr, weightDecay);
        } catch (IllegalArgumentException e) {
            err.println("train: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        TrainResult result;
        try (ProgressBar bar = new ProgressBar(err, "train", mode).start()) {
            result = MaxOfKTrainer.train(cfg, progress(bar));
        } catch (IllegalStateException e) {
            err.println("train: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (!Double.isFinite(result.finalLoss())) {
            err.println("train: training diverged (final loss " + result.finalLoss() + "); nothing written");
            return ExitCodes.FAILED;
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("task", "max-of-K");
        metadata.put("trainer", "compact-proofs");
        metadata.put("seed", Long.toString(seed));
        metadata.put("steps", Integer.toString(steps));
        metadata.put("batch", Integer.toString(batch));
        metadata.put("lr", Double.toString(lr));
        metadata.put("weight_decay", Double.toString(weightDecay));
        Weights weights = result.weights();
        AtomicFiles.write(out, SafetensorsWriter.toBytes(weights, metadata, SafetensorsWriter.Dtype.F32));
        err.printf("trained K=%d V=%d D=%d seed=%d: final loss %.6g, accuracy on last 10 batches %.4f; wrote %s%n",
                k, vocab, dModel, seed, result.finalLoss(), result.recentAccuracy(), out);
        return ExitCodes.OK;
    }

    /** Feeds the shared progress bar (which throttles redraws to ten a second) with steps, loss and accuracy. */
    static TrainingListener progress(ProgressBar bar) {
        return (done, total, loss, recentAccuracy) -> bar.update(done, total,
                String.format("step %d/%d  loss %.4g  acc(last 10 batches) %.4f", done, total, loss, recentAccuracy));
    }
}
