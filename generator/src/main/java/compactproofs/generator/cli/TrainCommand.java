package compactproofs.generator.cli;

import compactproofs.checker.model.Weights;
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
    @Option(names = "--out", required = true, description = "Output .safetensors path.")
    Path out;

    @Override
    public Integer call() {
        PrintStream err = System.err;
        TrainConfig cfg;
        try {
            cfg = TrainConfig.paper(k, vocab, dModel, seed).withSchedule(steps, batch).withOptimizer(lr, weightDecay);
        } catch (IllegalArgumentException e) {
            err.println("train: " + e.getMessage());
            return 2;
        }
        TrainResult result;
        try {
            result = MaxOfKTrainer.train(cfg, progress(new ProgressBar(err, "train", true)));
        } catch (IllegalStateException e) {
            err.println("train: " + e.getMessage());
            return 1;
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
        try {
            SafetensorsWriter.write(out, weights, metadata, SafetensorsWriter.Dtype.F32);
        } catch (Exception e) {
            err.println("train: cannot write " + out + ": " + e.getMessage());
            return 1;
        }
        err.printf("trained K=%d V=%d D=%d seed=%d: final loss %.6g, accuracy on last 10 batches %.4f; wrote %s%n",
                k, vocab, dModel, seed, result.finalLoss(), result.recentAccuracy(), out);
        return 0;
    }

    /** Feeds the shared progress bar (which throttles redraws to ten a second) with steps, loss and accuracy. */
    static TrainingListener progress(ProgressBar bar) {
        return (done, total, loss, recentAccuracy) -> bar.update(done, total,
                String.format("step %d/%d  loss %.4g  acc(last 10 batches) %.4f", done, total, loss, recentAccuracy));
    }
}
