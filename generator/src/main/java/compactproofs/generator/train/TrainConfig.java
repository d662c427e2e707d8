package compactproofs.generator.train;

/**
 * Hyper-parameters of one Max-of-K training run (paper recipe by default: {@code reference/training.md} §1-3).
 *
 * @param nCtx        sequence length K (= n_ctx); the label is the maximum of the K tokens
 * @param vocab       number of token values V (input and output vocabulary)
 * @param dModel      residual width D; the single head has d_head = D
 * @param seed        seed of the initialisation and data streams
 * @param steps       optimizer steps (one fresh batch each)
 * @param batch       sequences per batch
 * @param lr          AdamW learning rate (constant)
 * @param beta1       AdamW first-moment decay
 * @param beta2       AdamW second-moment decay
 * @param eps         AdamW denominator epsilon
 * @param weightDecay decoupled weight decay (parameters are multiplied by {@code 1 - lr*weightDecay} each step)
 * @param initStd     standard deviation of the normal initialisation of every weight matrix
 */
public record TrainConfig(int nCtx, int vocab, int dModel, long seed, int steps, int batch, double lr,
                          double beta1, double beta2, double eps, double weightDecay, double initStd) {

    /**
     * Validates the ranges.
     *
     * @throws IllegalArgumentException with a one-line reason when a value is out of range
     */
    public TrainConfig {
        require(nCtx >= 1, "K (n_ctx) must be at least 1, got " + nCtx);
        require(vocab >= 2, "vocab must be at least 2, got " + vocab);
        require(dModel >= 1, "d_model must be at least 1, got " + dModel);
        require(steps >= 0, "steps must be non-negative, got " + steps);
        require(batch >= 1, "batch must be at least 1, got " + batch);
        require(Double.isFinite(lr) && lr > 0, "lr must be positive and finite, got " + lr);
        require(beta1 >= 0 && beta1 < 1, "beta1 must be in [0,1), got " + beta1);
        require(beta2 >= 0 && beta2 < 1, "beta2 must be in [0,1), got " + beta2);
        require(Double.isFinite(eps) && eps > 0, "eps must be positive and finite, got " + eps);
        require(Double.isFinite(weightDecay) && weightDecay >= 0, "weight decay must be non-negative and finite, got " + weightDecay);
        require(Double.isFinite(initStd) && initStd > 0, "init std must be positive and finite, got " + initStd);
    }

    /**
     * The paper's recipe for the given shape: 3000 steps, batch 128, AdamW(lr 1e-3, betas (0.9, 0.999),
     * eps 1e-8, weight decay 0.01), init std 0.8/sqrt(D).
     *
     * @throws IllegalArgumentException when a shape parameter is out of range
     */
    public static TrainConfig paper(int nCtx, int vocab, int dModel, long seed) {
        return new TrainConfig(nCtx, vocab, dModel, seed, 3000, 128, 1e-3, 0.9, 0.999, 1e-8, 0.01,
                0.8 / Math.sqrt(dModel));
    }

    /** This config with another step count and batch size. */
    public TrainConfig withSchedule(int steps, int batch) {
        return new TrainConfig(nCtx, vocab, dModel, seed, steps, batch, lr, beta1, beta2, eps, weightDecay, initStd);
    }

    /** This config with another learning rate and weight decay. */
    public TrainConfig withOptimizer(double lr, double weightDecay) {
        return new TrainConfig(nCtx, vocab, dModel, seed, steps, batch, lr, beta1, beta2, eps, weightDecay, initStd);
    }

    private static void require(boolean ok, String reason) {
        if (!ok) throw new IllegalArgumentException(reason);
    }
}
