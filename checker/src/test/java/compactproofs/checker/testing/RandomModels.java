package compactproofs.checker.testing;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.Weights;
import java.util.SplittableRandom;

/** Seeded random tiny models for property-based tests (test scope). */
public final class RandomModels {
    private RandomModels() {}

    /** A random float32-valued model; with {@code biases} the biases are random too. */
    public static Weights random(long seed, int v, int n, int d, int h, double scale, boolean biases) {
        SplittableRandom r = new SplittableRandom(seed);
        try {
            return Weights.of(m(r, v, d, scale), m(r, n, d, scale), m(r, d, h, scale), m(r, d, h, scale),
                    m(r, d, h, scale), m(r, h, d, scale), m(r, d, v, scale),
                    biases ? vec(r, h, scale) : null, biases ? vec(r, h, scale) : null, biases ? vec(r, h, scale) : null,
                    biases ? vec(r, d, scale) : null, biases ? vec(r, v, scale) : null);
        } catch (CheckFailure e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A model built to produce near ties: the direct path alone decides, with logit y equal to
     * {@code c*y} for the max token plus tiny perturbations, so many inputs have margins near zero.
     */
    public static Weights nearTie(long seed, int v, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        int d = 2, h = 2;
        double[][] wE = new double[v][d], wPos = new double[n][d], wQ = new double[d][h], wK = new double[d][h],
                wV = new double[d][h], wO = new double[h][d], wU = new double[d][v];
        for (int t = 0; t < v; t++) { wE[t][0] = t; wE[t][1] = (float) (r.nextInt(3) - 1) * 0x1p-20; }
        for (int x = 0; x < v; x++) { wU[0][x] = x; wU[1][x] = r.nextInt(3) - 1; }
        wV[0][0] = 1; wO[0][0] = 1; wQ[0][0] = 0.25; wK[0][0] = 0.25;
        // W_U[0][x] = x and a value path copying the token: logits of x near the max tie in places
        for (int x = 0; x < v; x++) wU[0][x] = (float) (x - 0.5 * x * x / v);
        return TestWeights.of(wE, wPos, wQ, wK, wV, wO, wU, null, null, null, null, null);
    }

    private static double[][] m(SplittableRandom r, int rows, int cols, double scale) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) a[i][j] = (float) (r.nextGaussian() * scale);
        return a;
    }

    private static double[] vec(SplittableRandom r, int len, double scale) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }
}
