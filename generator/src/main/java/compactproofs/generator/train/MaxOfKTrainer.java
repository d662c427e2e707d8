package compactproofs.generator.train;

import java.util.SplittableRandom;

/**
 * Trains the Max-of-K transformer with the paper's recipe ({@code reference/training.md} §1-3): fresh
 * uniform i.i.d. sequences each step, label = max, mean cross-entropy at the last position, AdamW over
 * W_E, W_pos, W_Q, W_K, W_V, W_O, W_U (biases zero and frozen), all in double precision.
 *
 * <p>Deterministic: one {@link SplittableRandom} seeded with the config seed is split into an
 * initialisation stream and a data stream, the work is single-threaded, and every transcendental call
 * goes through {@link StrictMath}; Java double arithmetic is strict since Java 17. So a seed gives
 * bit-identical weights on every JVM 17+ and platform.
 */
public final class MaxOfKTrainer {
    private static final int RECENT_BATCHES = 10;

    private MaxOfKTrainer() {}

    /** Trains without progress reports. */
    public static TrainResult train(TrainConfig cfg) {
        return train(cfg, TrainingListener.NONE);
    }

    /**
     * Runs {@code cfg.steps()} AdamW steps and returns the float32-rounded weights.
     *
     * @throws IllegalStateException if training diverged to non-finite weights
     */
    public static TrainResult train(TrainConfig cfg, TrainingListener listener) {
        SplittableRandom root = new SplittableRandom(cfg.seed());
        SplittableRandom initRng = root.split();
        SplittableRandom dataRng = root.split();
        Params params = Params.init(cfg, initRng);
        Params grad = params.zerosLike();
        Network net = Network.forShape(params);
        AdamW opt = new AdamW(cfg, params.trainable());
        int[][] batch = new int[cfg.batch()][cfg.nCtx()];
        int[] recentCorrect = new int[RECENT_BATCHES];
        long correctSum = 0;
        double loss = Double.NaN, recentAccuracy = Double.NaN;
        for (int step = 0; step < cfg.steps(); step++) {
            sample(batch, cfg.vocab(), dataRng);
            loss = net.lossAndGradient(params, batch, grad);
            opt.step(params.trainable(), grad.trainable());
            int slot = step % RECENT_BATCHES;
            correctSum += net.lastCorrect() - recentCorrect[slot];
            recentCorrect[slot] = net.lastCorrect();
            int window = Math.min(step + 1, RECENT_BATCHES);
            recentAccuracy = correctSum / ((double) window * cfg.batch());
            listener.onStep(step + 1, cfg.steps(), loss, recentAccuracy);
        }
        return new TrainResult(params.toFloat32Weights(), loss, recentAccuracy);
    }

    /** Fills every row with i.i.d. uniform tokens in {@code 0..vocab-1}. */
    static void sample(int[][] batch, int vocab, SplittableRandom rng) {
        for (int[] x : batch)
            for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(vocab);
    }
}
