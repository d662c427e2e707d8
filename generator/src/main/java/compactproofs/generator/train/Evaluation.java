package compactproofs.generator.train;

import compactproofs.checker.model.Weights;
import java.util.SplittableRandom;

/**
 * Estimates loss and accuracy of a model on fresh uniform random sequences, evaluating in double
 * (biases included). A sequence counts as correct only if the logit of its maximum is strictly larger
 * than every other logit. This is a sampled estimate, not a proof.
 */
public final class Evaluation {
    private static final int CHUNK = 4096;

    /**
     * @param samples sequences evaluated
     * @param correct sequences predicted strictly correctly
     * @param loss    mean cross-entropy at the last position
     */
    public record Result(long samples, long correct, double loss) {
        public double accuracy() { return samples == 0 ? Double.NaN : (double) correct / samples; }
    }

    private Evaluation() {}

    /**
     * Evaluates {@code w} on {@code samples} sequences drawn from a generator seeded with {@code seed}.
     *
     * @throws IllegalArgumentException if {@code samples} is negative or W_U's output size differs from V
     */
    public static Result onRandomSequences(Weights w, long samples, long seed) {
        if (samples < 0) throw new IllegalArgumentException("samples must be non-negative, got " + samples);
        Params p = Params.fromWeights(w);
        Network net = Network.forShape(p);
        SplittableRandom rng = new SplittableRandom(seed);
        long correct = 0, done = 0;
        double lossSum = 0;
        while (done < samples) {
            int n = (int) Math.min(CHUNK, samples - done);
            int[][] batch = new int[n][p.nCtx];
            MaxOfKTrainer.sample(batch, p.vocab, rng);
            lossSum += net.lossAndGradient(p, batch, null) * n;
            correct += net.lastCorrect();
            done += n;
        }
        return new Result(samples, correct, samples == 0 ? Double.NaN : lossSum / samples);
    }
}
