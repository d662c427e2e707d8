package compactproofs.checker.model;

import compactproofs.checker.CheckFailure;

/**
 * The parameters (SPEC §1, §2) of a one-layer, one-head, attention-only transformer without LayerNorm, in
 * TransformerLens conventions (right multiplication: a row vector times a matrix).
 *
 * <p>Every entry is a finite double that holds the stored float32 or float64 value exactly, so each
 * entry is an exact dyadic rational. Shapes: {@code wE[V][D]}, {@code wPos[n][D]},
 * {@code wQ, wK, wV[D][H]}, {@code wO[H][D]}, {@code wU[D][V]}, biases {@code bQ, bK, bV[H]},
 * {@code bO[D]}, {@code bU[V]} (zero when the file has none).
 */
public final class Weights {
    public final int vocab, nCtx, dModel, dHead;
    public final double[][] wE, wPos, wQ, wK, wV, wO, wU;
    public final double[] bQ, bK, bV, bO, bU;

    private Weights(double[][] wE, double[][] wPos, double[][] wQ, double[][] wK, double[][] wV,
                    double[][] wO, double[][] wU, double[] bQ, double[] bK, double[] bV,
                    double[] bO, double[] bU) {
        this.wE = wE; this.wPos = wPos; this.wQ = wQ; this.wK = wK; this.wV = wV; this.wO = wO;
        this.wU = wU; this.bQ = bQ; this.bK = bK; this.bV = bV; this.bO = bO; this.bU = bU;
        this.vocab = wE.length; this.nCtx = wPos.length; this.dModel = wE[0].length; this.dHead = wQ[0].length;
    }

    /**
     * Builds weights after checking that every shape is consistent and every value finite.
     * Null biases are taken as zero. The matrices must be non-null with a non-empty first row of
     * {@code wE} and {@code wQ}: {@link compactproofs.checker.format.SafetensorsReader} refuses missing and empty
     * tensors before it calls this, so the checks here are those of shapes against each other.
     *
     * @throws CheckFailure (malformed) on inconsistent shapes or non-finite values
     */
    public static Weights of(double[][] wE, double[][] wPos, double[][] wQ, double[][] wK,
                             double[][] wV, double[][] wO, double[][] wU, double[] bQ,
                             double[] bK, double[] bV, double[] bO, double[] bU) throws CheckFailure {
        int v = wE.length, d = wE[0].length, h = wQ[0].length, n = wPos.length;
        check("embed.W_E", wE, v, d);
        check("pos_embed.W_pos", wPos, n, d);
        check("blocks.0.attn.W_Q", wQ, d, h);
        check("blocks.0.attn.W_K", wK, d, h);
        check("blocks.0.attn.W_V", wV, d, h);
        check("blocks.0.attn.W_O", wO, h, d);
        check("unembed.W_U", wU, d, v);
        return new Weights(wE, wPos, wQ, wK, wV, wO, wU,
                vec("blocks.0.attn.b_Q", bQ, h), vec("blocks.0.attn.b_K", bK, h),
                vec("blocks.0.attn.b_V", bV, h), vec("blocks.0.attn.b_O", bO, d),
                vec("unembed.b_U", bU, v));
    }

    private static void check(String name, double[][] m, int rows, int cols) throws CheckFailure {
        if (m.length != rows) throw CheckFailure.malformed(name + " has " + m.length + " rows, expected " + rows);
        for (int i = 0; i < rows; i++) {
            if (m[i].length != cols) throw CheckFailure.malformed(name + " has a row of length " + m[i].length + ", expected " + cols);
            finite(name, m[i], i * cols);
        }
    }

    private static double[] vec(String name, double[] b, int len) throws CheckFailure {
        if (b == null) return new double[len];
        if (b.length != len) throw CheckFailure.malformed(name + " has length " + b.length + ", expected " + len);
        finite(name, b, 0);
        return b;
    }

    /** The one place non-finite weights are refused; {@code offset} is the row's flat index in the tensor. */
    private static void finite(String name, double[] row, int offset) throws CheckFailure {
        for (int j = 0; j < row.length; j++)
            if (!Double.isFinite(row[j]))
                throw CheckFailure.malformed("tensor " + name + " holds a non-finite value (" + row[j] + ") at flat index " + (offset + j));
    }
}
