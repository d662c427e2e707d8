package compactproofs.checker.testing;

import compactproofs.checker.model.Weights;
import java.util.SplittableRandom;

/** Tiny hand-built models that (mostly) compute the max, so that the cubic and subcubic proofs prove something. */
public final class MaxLikeModels {
    private MaxLikeModels() {}

    /**
     * Attention score about {@code beta * t} on token t; the OV circuit writes {@code 2 t x - x^2}
     * (peaked at x = t) into dims 2, 3 which W_U reads; every entry gets float32 noise of size {@code noise}.
     */
    public static Weights of(long seed, int v, int n, double beta, double noise, boolean biases) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 4, h = 4;
        double[][] wE = new double[v][d], wPos = new double[n][d], wQ = new double[d][h], wK = new double[d][h],
                wV = new double[d][h], wO = new double[h][d], wU = new double[d][v];
        for (int t = 0; t < v; t++) { wE[t][0] = t; wE[t][1] = 1; }
        wQ[1][0] = beta; wK[0][0] = 1; wV[0][0] = 1; wV[1][1] = 1; wO[0][2] = 1; wO[1][3] = 1;
        for (int x = 0; x < v; x++) { wU[2][x] = 2.0 * x / v; wU[3][x] = -1.0 * x * x / v; }
        double[][][] all = {wE, wPos, wQ, wK, wV, wO, wU};
        for (double[][] m : all) for (double[] row : m) for (int j = 0; j < row.length; j++) row[j] = (float) (row[j] + noise * r.nextGaussian());
        double[] bQ = null, bK = null, bV = null, bO = null, bU = null;
        if (biases) { bQ = vec(r, h, noise); bK = vec(r, h, noise); bV = vec(r, h, noise); bO = vec(r, d, noise); bU = vec(r, v, noise); }
        return TestWeights.of(wE, wPos, wQ, wK, wV, wO, wU, bQ, bK, bV, bO, bU);
    }

    private static double[] vec(SplittableRandom r, int len, double s) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = (float) (r.nextGaussian() * s);
        return a;
    }

    /**
     * A hand-built solution of Max-of-K: attention score {@code 16 t / sqrt(2)} for key token t (so it
     * attends to the max), and a rank-2 value path giving {@code logit[y] = sum_i a_i (2 t_i y - y^2)}, which
     * peaks at {@code y = t_i}; no direct path. Small random positional embeddings (and output biases).
     */
    public static Weights copyModel(long seed, int v, int n, boolean biases) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 4, h = 2;
        double[][] wE = new double[v][d], wPos = new double[n][d], wQ = new double[d][h], wK = new double[d][h],
                wV = new double[d][h], wO = new double[h][d], wU = new double[d][v];
        for (int t = 0; t < v; t++) { wE[t][0] = t; wE[t][1] = 1; }
        for (int i = 0; i < n; i++) { wPos[i][0] = (float) (r.nextGaussian() * 0.002); wPos[i][1] = (float) (r.nextGaussian() * 0.002); }
        wQ[1][0] = 4; wK[0][0] = 4;
        wV[0][0] = 1; wV[1][1] = 1; wO[0][2] = 1; wO[1][3] = 1;
        for (int y = 0; y < v; y++) { wU[2][y] = 2 * y; wU[3][y] = -y * y; }
        double[] bU = biases ? new double[v] : null;
        if (biases) for (int y = 0; y < v; y++) bU[y] = (float) (r.nextGaussian() * 0.01);
        return TestWeights.of(wE, wPos, wQ, wK, wV, wO, wU, null, null, null, null, bU);
    }
}
