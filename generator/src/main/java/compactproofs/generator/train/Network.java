package compactproofs.generator.train;

/**
 * Forward and backward pass of the Max-of-K transformer at its read-out (last) position, in double.
 *
 * <p>With {@code r_i = W_E[x_i] + W_pos[i]} and p = K-1 the model computes
 * {@code q = r_p W_Q + b_Q}, scores {@code s_i = (r_i W_K + b_K)·q / sqrt(H)} (every key is visible at
 * the last query), {@code a = softmax(s)}, {@code z = Σ a_i (r_i W_V + b_V)}, {@code h = r_p + z W_O + b_O}
 * and {@code logits = h W_U + b_U}. Because only the last query matters, it works with
 * {@code u = W_K q} and {@code rbar = Σ a_i r_i}: {@code s_i = r_i·u / sqrt(H)} (the term {@code b_K·q} is
 * the same for every key, so softmax ignores it) and {@code z = rbar W_V + b_V}. All costs are
 * matrix-vector products, O(D·H + D·V + K·D) per sequence.
 *
 * <p>Not thread-safe: an instance owns its scratch buffers.
 */
public final class Network {
    private final int vocab, nCtx, dModel, dHead;
    private final double scale;
    // Scratch buffers of one sequence's forward pass, reused by the backward pass.
    private final double[] r, q, u, s, a, rbar, z, h, logits, probs;
    private final double[] dh, dz, drbar, da, du, dq, dr;
    private int lastCorrect;

    /** Scratch space for models of this shape (d_head = {@code dHead}). */
    public Network(int vocab, int nCtx, int dModel, int dHead) {
        this.vocab = vocab; this.nCtx = nCtx; this.dModel = dModel; this.dHead = dHead;
        this.scale = 1.0 / Math.sqrt(dHead);
        r = new double[nCtx * dModel]; q = new double[dHead]; u = new double[dModel];
        s = new double[nCtx]; a = new double[nCtx]; rbar = new double[dModel]; z = new double[dHead];
        h = new double[dModel]; logits = new double[vocab]; probs = new double[vocab];
        dh = new double[dModel]; dz = new double[dHead]; drbar = new double[dModel]; da = new double[nCtx];
        du = new double[dModel]; dq = new double[dHead]; dr = new double[nCtx * dModel];
    }

    /** Scratch space matching the shape of {@code p}. */
    public static Network forShape(Params p) {
        return new Network(p.vocab, p.nCtx, p.dModel, p.dHead);
    }

    /**
     * Last-position logits of one sequence (a fresh array).
     *
     * @throws IllegalArgumentException if {@code x} has the wrong length
     */
    public double[] logits(Params p, int[] x) {
        if (x.length != nCtx) throw new IllegalArgumentException("sequence length " + x.length + ", expected " + nCtx);
        forward(p, x);
        return logits.clone();
    }

    /**
     * Mean cross-entropy of the batch at the last position (label = max of each sequence), and its exact
     * gradient with respect to every trainable tensor, written into {@code grad} (overwritten; its biases
     * are left zero because the biases are frozen). Also counts strictly correct predictions, see
     * {@link #lastCorrect()}. Accuracy: double rounding only; the log-softmax is evaluated stably as
     * {@code (l_y - M) - log1p(Σ_{j≠argmax} exp(l_j - M))}.
     *
     * @param grad gradient buffer of the same shape, or null to compute the loss only
     */
    public double lossAndGradient(Params p, int[][] batch, Params grad) {
        if (grad != null) grad.clear();
        double inv = 1.0 / batch.length, total = 0;
        int correct = 0;
        for (int[] x : batch) {
            forward(p, x);
            int y = label(x);
            total += crossEntropy(y);
            if (strictArgmaxIs(logits, y)) correct++;
            if (grad != null) backward(p, x, y, inv, grad);
        }
        lastCorrect = correct;
        return total * inv;
    }

    /** Number of sequences in the last {@link #lossAndGradient} batch whose true logit was strictly largest. */
    public int lastCorrect() {
        return lastCorrect;
    }

    /** The label of a sequence: its maximum. */
    static int label(int[] x) {
        int m = x[0];
        for (int t : x) m = Math.max(m, t);
        return m;
    }

    /** True iff {@code l[y]} is strictly greater than every other entry (ties count as wrong). */
    static boolean strictArgmaxIs(double[] l, int y) {
        for (int j = 0; j < l.length; j++) if (j != y && !(l[y] > l[j])) return false;
        return true;
    }

    private void forward(Params p, int[] x) {
        final int D = dModel, H = dHead, V = vocab, K = nCtx, last = (K - 1) * D;
        for (int i = 0; i < K; i++) {
            int t = x[i];
            if (t < 0 || t >= V) throw new IllegalArgumentException("token " + t + " outside 0.." + (V - 1));
            for (int d = 0; d < D; d++) r[i * D + d] = p.wE[t * D + d] + p.wPos[i * D + d];
        }
        System.arraycopy(p.bQ, 0, q, 0, H);
        for (int d = 0; d < D; d++) {
            double rd = r[last + d];
            for (int k = 0; k < H; k++) q[k] += rd * p.wQ[d * H + k];
        }
        for (int d = 0; d < D; d++) {
            double acc = 0;
            for (int k = 0; k < H; k++) acc += p.wK[d * H + k] * q[k];
            u[d] = acc;
        }
        double smax = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < K; i++) {
            double acc = 0;
            for (int d = 0; d < D; d++) acc += r[i * D + d] * u[d];
            s[i] = acc * scale;
            smax = Math.max(smax, s[i]);
        }
        double sum = 0;
        for (int i = 0; i < K; i++) { a[i] = StrictMath.exp(s[i] - smax); sum += a[i]; }
        java.util.Arrays.fill(rbar, 0);
        for (int i = 0; i < K; i++) {
            a[i] /= sum;
            for (int d = 0; d < D; d++) rbar[d] += a[i] * r[i * D + d];
        }
        System.arraycopy(p.bV, 0, z, 0, H);
        for (int d = 0; d < D; d++) {
            double rd = rbar[d];
            for (int k = 0; k < H; k++) z[k] += rd * p.wV[d * H + k];
        }
        for (int d = 0; d < D; d++) h[d] = r[last + d] + p.bO[d];
        for (int k = 0; k < H; k++) {
            double zk = z[k];
            for (int d = 0; d < D; d++) h[d] += zk * p.wO[k * D + d];
        }
        System.arraycopy(p.bU, 0, logits, 0, V);
        for (int d = 0; d < D; d++) {
            double hd = h[d];
            for (int v = 0; v < V; v++) logits[v] += hd * p.wU[d * V + v];
        }
    }

    /** −log softmax(logits)[y]; leaves the softmax in {@code probs}. */
    private double crossEntropy(int y) {
        int m = 0;
        for (int j = 1; j < vocab; j++) if (logits[j] > logits[m]) m = j;
        double top = logits[m], rest = 0;
        for (int j = 0; j < vocab; j++) {
            probs[j] = j == m ? 1.0 : StrictMath.exp(logits[j] - top);
            if (j != m) rest += probs[j];
        }
        double norm = 1.0 + rest;
        for (int j = 0; j < vocab; j++) probs[j] /= norm;
        return StrictMath.log1p(rest) - (logits[y] - top);
    }

    /** Adds {@code weight} × the gradient of this sequence's loss to {@code g}. */
    private void backward(Params p, int[] x, int y, double weight, Params g) {
        final int D = dModel, H = dHead, V = vocab, K = nCtx, last = (K - 1) * D;
        // dL/dlogits = (softmax - onehot) * weight, stored in probs.
        for (int v = 0; v < V; v++) probs[v] *= weight;
        probs[y] -= weight;
        for (int d = 0; d < D; d++) {
            double hd = h[d], acc = 0;
            int row = d * V;
            for (int v = 0; v < V; v++) {
                g.wU[row + v] += hd * probs[v];
                acc += p.wU[row + v] * probs[v];
            }
            dh[d] = acc;
        }
        for (int k = 0; k < H; k++) {
            double zk = z[k], acc = 0;
            int row = k * D;
            for (int d = 0; d < D; d++) {
                g.wO[row + d] += zk * dh[d];
                acc += p.wO[row + d] * dh[d];
            }
            dz[k] = acc;
        }
        for (int d = 0; d < D; d++) {
            double rd = rbar[d], acc = 0;
            int row = d * H;
            for (int k = 0; k < H; k++) {
                g.wV[row + k] += rd * dz[k];
                acc += p.wV[row + k] * dz[k];
            }
            drbar[d] = acc;
        }
        // Through rbar = Σ a_i r_i and a = softmax(s).
        double mean = 0;
        for (int i = 0; i < K; i++) {
            double acc = 0;
            for (int d = 0; d < D; d++) acc += r[i * D + d] * drbar[d];
            da[i] = acc;
            mean += a[i] * acc;
        }
        java.util.Arrays.fill(du, 0);
        for (int i = 0; i < K; i++) {
            double ds = a[i] * (da[i] - mean) * scale;   // dL/ds_i times the score scale
            for (int d = 0; d < D; d++) {
                int idx = i * D + d;
                dr[idx] = a[i] * drbar[d] + ds * u[d];
                du[d] += ds * r[idx];
            }
        }
        // Through u = W_K q and q = r_p W_Q + b_Q.
        java.util.Arrays.fill(dq, 0);
        for (int d = 0; d < D; d++) {
            double dud = du[d];
            int row = d * H;
            for (int k = 0; k < H; k++) {
                g.wK[row + k] += dud * q[k];
                dq[k] += p.wK[row + k] * dud;
            }
        }
        for (int d = 0; d < D; d++) {
            double rd = r[last + d], acc = 0;
            int row = d * H;
            for (int k = 0; k < H; k++) {
                g.wQ[row + k] += rd * dq[k];
                acc += p.wQ[row + k] * dq[k];
            }
            dr[last + d] += acc + dh[d];                // residual path adds dh
        }
        for (int i = 0; i < K; i++) {
            int e = x[i] * D, pos = i * D;
            for (int d = 0; d < D; d++) {
                g.wE[e + d] += dr[pos + d];
                g.wPos[pos + d] += dr[pos + d];
            }
        }
    }
}
