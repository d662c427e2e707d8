package compactproofs.generator.train;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.Weights;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Parameters of the one-layer, one-head, attention-only transformer as flat row-major double arrays in
 * TransformerLens shapes: {@code wE[V][D]}, {@code wPos[K][D]}, {@code wQ, wK, wV[D][H]}, {@code wO[H][D]},
 * {@code wU[D][V]}. The biases are frozen: they take part in the forward pass but are never trained.
 * The same class holds gradients (same shapes, biases unused).
 */
public final class Params {
    public final int vocab, nCtx, dModel, dHead;
    final double[] wE, wPos, wQ, wK, wV, wO, wU;
    final double[] bQ, bK, bV, bO, bU;

    private Params(int vocab, int nCtx, int dModel, int dHead) {
        this.vocab = vocab; this.nCtx = nCtx; this.dModel = dModel; this.dHead = dHead;
        wE = new double[vocab * dModel];
        wPos = new double[nCtx * dModel];
        wQ = new double[dModel * dHead];
        wK = new double[dModel * dHead];
        wV = new double[dModel * dHead];
        wO = new double[dHead * dModel];
        wU = new double[dModel * vocab];
        bQ = new double[dHead]; bK = new double[dHead]; bV = new double[dHead];
        bO = new double[dModel]; bU = new double[vocab];
    }

    /** All-zero parameters of the given shape (also used as a gradient buffer). */
    public static Params zeros(int vocab, int nCtx, int dModel, int dHead) {
        return new Params(vocab, nCtx, dModel, dHead);
    }

    /** Zeros of the same shape as this. */
    public Params zerosLike() {
        return new Params(vocab, nCtx, dModel, dHead);
    }

    /**
     * Fresh initialisation: every weight i.i.d. N(0, std^2), filled in the TransformerLens 1.x order W_E,
     * W_pos, W_Q, W_K, W_V, W_O, W_U; biases zero. Deterministic for a given generator state.
     */
    static Params init(TrainConfig cfg, SplittableRandom rng) {
        Params p = new Params(cfg.vocab(), cfg.nCtx(), cfg.dModel(), cfg.dModel());
        for (double[] t : p.trainable()) Gaussian.fill(t, cfg.initStd(), rng);
        return p;
    }

    /**
     * Copies the weights (biases included) into training layout.
     *
     * @throws IllegalArgumentException if the output vocabulary differs from the input vocabulary
     */
    public static Params fromWeights(Weights w) {
        if (w.wU[0].length != w.vocab) throw new IllegalArgumentException("W_U has " + w.wU[0].length + " outputs, expected " + w.vocab);
        Params p = new Params(w.vocab, w.nCtx, w.dModel, w.dHead);
        flatten(w.wE, p.wE); flatten(w.wPos, p.wPos); flatten(w.wQ, p.wQ); flatten(w.wK, p.wK);
        flatten(w.wV, p.wV); flatten(w.wO, p.wO); flatten(w.wU, p.wU);
        System.arraycopy(w.bQ, 0, p.bQ, 0, p.dHead); System.arraycopy(w.bK, 0, p.bK, 0, p.dHead);
        System.arraycopy(w.bV, 0, p.bV, 0, p.dHead); System.arraycopy(w.bO, 0, p.bO, 0, p.dModel);
        System.arraycopy(w.bU, 0, p.bU, 0, p.vocab);
        return p;
    }

    /** The trained tensors, in initialisation order: W_E, W_pos, W_Q, W_K, W_V, W_O, W_U. */
    public List<double[]> trainable() {
        return List.of(wE, wPos, wQ, wK, wV, wO, wU);
    }

    /** Names of {@link #trainable()} in TransformerLens state-dict spelling. */
    public static List<String> trainableNames() {
        return List.of("embed.W_E", "pos_embed.W_pos", "blocks.0.attn.W_Q", "blocks.0.attn.W_K",
                "blocks.0.attn.W_V", "blocks.0.attn.W_O", "unembed.W_U");
    }

    /** Sets every entry (biases included) to zero. */
    void clear() {
        for (double[] t : trainable()) java.util.Arrays.fill(t, 0);
        for (double[] t : List.of(bQ, bK, bV, bO, bU)) java.util.Arrays.fill(t, 0);
    }

    /**
     * Every parameter rounded to the nearest float32 (round-half-even), as exact doubles.
     *
     * @throws IllegalStateException if a value is not finite (the run diverged)
     */
    public Weights toFloat32Weights() {
        try {
            return Weights.of(f32(wE, vocab, dModel), f32(wPos, nCtx, dModel), f32(wQ, dModel, dHead),
                    f32(wK, dModel, dHead), f32(wV, dModel, dHead), f32(wO, dHead, dModel), f32(wU, dModel, vocab),
                    f32(bQ), f32(bK), f32(bV), f32(bO), f32(bU));
        } catch (CheckFailure e) {
            throw new IllegalStateException("trained weights are invalid: " + e.getMessage(), e);
        }
    }

    private static double[][] f32(double[] flat, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) m[i][j] = (float) flat[i * cols + j];
        return m;
    }

    private static double[] f32(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = (float) v[i];
        return r;
    }

    private static void flatten(double[][] m, double[] dst) {
        int cols = m[0].length;
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, dst, i * cols, cols);
    }
}
