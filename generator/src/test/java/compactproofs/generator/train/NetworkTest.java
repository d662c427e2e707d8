package compactproofs.generator.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static final long SEED = 20240611L;

    private static Params randomParams(int v, int k, int d, SplittableRandom rng, boolean biases) {
        TrainConfig cfg = new TrainConfig(k, v, d, 0, 1, 1, 1e-3, 0.9, 0.999, 1e-8, 0.01, 0.7);
        Params p = Params.init(cfg, rng);
        if (biases) for (double[] b : List.of(p.bQ, p.bK, p.bV, p.bO, p.bU)) Gaussian.fill(b, 0.5, rng);
        return p;
    }

    private static int[][] randomBatch(int n, int k, int v, SplittableRandom rng) {
        int[][] b = new int[n][k];
        MaxOfKTrainer.sample(b, v, rng);
        return b;
    }

    @Test
    void analyticGradientMatchesCentralDifferencesForEveryTensor() {
        System.out.println("NetworkTest seed " + SEED);
        SplittableRandom rng = new SplittableRandom(SEED);
        for (boolean biases : new boolean[] {false, true}) {
            Params p = randomParams(5, 3, 4, rng, biases);
            int[][] batch = randomBatch(7, 3, 5, rng);
            Network net = Network.forShape(p);
            Params grad = p.zerosLike();
            net.lossAndGradient(p, batch, grad);
            List<double[]> params = p.trainable(), grads = grad.trainable();
            double h = 1e-5;
            for (int t = 0; t < params.size(); t++) {
                double[] x = params.get(t), g = grads.get(t);
                double diff2 = 0, norm2 = 0;
                for (int j = 0; j < x.length; j++) {
                    double old = x[j];
                    x[j] = old + h;
                    double up = net.lossAndGradient(p, batch, null);
                    x[j] = old - h;
                    double down = net.lossAndGradient(p, batch, null);
                    x[j] = old;
                    double numeric = (up - down) / (2 * h);
                    diff2 += (g[j] - numeric) * (g[j] - numeric);
                    norm2 += numeric * numeric;
                    assertTrue(Math.abs(g[j] - numeric) <= 1e-6 * Math.max(Math.abs(numeric), 1e-3),
                            Params.trainableNames().get(t) + "[" + j + "] analytic " + g[j] + " numeric " + numeric);
                }
                double rel = Math.sqrt(diff2 / norm2);
                assertTrue(norm2 > 0 && rel < 1e-6, Params.trainableNames().get(t) + " relative error " + rel);
            }
        }
    }

    /** A literal transcription of the TransformerLens forward pass at the last position (keys and values per position). */
    private static double[] naiveLogits(Params p, int[] x) {
        int D = p.dModel, H = p.dHead, V = p.vocab, K = p.nCtx;
        double[][] r = new double[K][D];
        for (int i = 0; i < K; i++) for (int d = 0; d < D; d++) r[i][d] = p.wE[x[i] * D + d] + p.wPos[i * D + d];
        double[] q = affine(r[K - 1], p.wQ, p.bQ, D, H);
        double[] s = new double[K];
        double[][] val = new double[K][];
        for (int i = 0; i < K; i++) {
            double[] key = affine(r[i], p.wK, p.bK, D, H);
            val[i] = affine(r[i], p.wV, p.bV, D, H);
            for (int k = 0; k < H; k++) s[i] += q[k] * key[k];
            s[i] /= Math.sqrt(H);
        }
        double mx = Double.NEGATIVE_INFINITY, sum = 0;
        for (double si : s) mx = Math.max(mx, si);
        double[] z = new double[H];
        for (int i = 0; i < K; i++) sum += Math.exp(s[i] - mx);
        for (int i = 0; i < K; i++) for (int k = 0; k < H; k++) z[k] += Math.exp(s[i] - mx) / sum * val[i][k];
        double[] o = affine(z, p.wO, p.bO, H, D);
        double[] h = new double[D];
        for (int d = 0; d < D; d++) h[d] = r[K - 1][d] + o[d];
        return affine(h, p.wU, p.bU, D, V);
    }

    private static double[] affine(double[] x, double[] w, double[] b, int rows, int cols) {
        double[] y = b.clone();
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) y[j] += x[i] * w[i * cols + j];
        return y;
    }

    @Test
    void forwardMatchesNaiveTransformerWithBiases() {
        SplittableRandom rng = new SplittableRandom(SEED + 1);
        Params p = randomParams(6, 4, 5, rng, true);
        Network net = Network.forShape(p);
        for (int[] x : randomBatch(50, 4, 6, rng)) {
            double[] fast = net.logits(p, x), slow = naiveLogits(p, x);
            for (int v = 0; v < fast.length; v++) assertEquals(slow[v], fast[v], 1e-12);
        }
    }

    @Test
    void lossIsStableForDominantLogits() {
        // Scale the unembedding so the correct logit dominates hugely: the loss must stay finite and >= 0.
        SplittableRandom rng = new SplittableRandom(SEED + 2);
        Params p = randomParams(5, 3, 4, rng, false);
        for (int j = 0; j < p.wU.length; j++) p.wU[j] *= 1e4;
        double loss = Network.forShape(p).lossAndGradient(p, randomBatch(20, 3, 5, rng), null);
        assertTrue(Double.isFinite(loss) && loss >= 0, "loss " + loss);
    }

    @Test
    void strictArgmaxTreatsTiesAsWrong() {
        assertTrue(Network.strictArgmaxIs(new double[] {0, 2, 1}, 1));
        assertTrue(!Network.strictArgmaxIs(new double[] {2, 2, 1}, 1));
        assertTrue(!Network.strictArgmaxIs(new double[] {2, 2, 1}, 0));
        assertArrayEquals(new int[] {3}, new int[] {Network.label(new int[] {1, 3, 0, 3})});
    }
}
