package compactproofs.checker.model;

import compactproofs.checker.arith.ExactMatrix;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The exact path decomposition of the model at the read-out (last) position, with every bias carried
 * through (SPEC.md, "Path decomposition"). With {@code r_i = W_E[t_i] + W_pos[i]} and query token
 * {@code q = t_{n-1}}:
 * <pre>
 *   Qvec[q]      = (W_E[q] + W_pos[n-1]) W_Q + b_Q
 *   EQKE[q][t]   = Qvec[q] . (W_E[t] W_K)                  (unscaled token score)
 *   EQKP[q][i]   = Qvec[q] . (W_pos[i] W_K + b_K)          (unscaled positional score)
 *   EVOU[t][y]   = ((W_E[t] W_V + b_V) W_O W_U)[y]
 *   PVOU[i][y]   = (W_pos[i] W_V W_O W_U)[y]
 *   EUPU[q][y]   = ((W_E[q] + W_pos[n-1]) W_U + b_O W_U + b_U)[y]
 * </pre>
 * so that the score of key position i is {@code (EQKE[q][t_i] + EQKP[q][i]) / sqrt(d_head)} and,
 * with {@code a = softmax(scores)},
 * {@code logit[y] = EUPU[q][y] + sum_i a_i (EVOU[t_i][y] + PVOU[i][y])} (using {@code sum_i a_i = 1}
 * to move {@code b_O W_U + b_U} into EUPU). All entries are exact dyadic rationals.
 */
public final class PathMatrices {
    public final int vocab, nCtx, dHead;
    /** V x n, V x V, n x V, V x V; EQKE (V x V) is {@link #eqke()}. */
    public final ExactMatrix eqkp, evou, pvou, eupu;
    private final ExactMatrix qvec, keyTok;
    private ExactMatrix eqke;

    private PathMatrices(Weights w, ExactMatrix qvec, ExactMatrix keyTok, ExactMatrix eqkp, ExactMatrix evou, ExactMatrix pvou, ExactMatrix eupu) {
        this.vocab = w.vocab; this.nCtx = w.nCtx; this.dHead = w.dHead; this.qvec = qvec; this.keyTok = keyTok;
        this.eqkp = eqkp; this.evou = evou; this.pvou = pvou; this.eupu = eupu;
    }

    /**
     * EQKE, computed on first use (by the caller's thread): the costliest product, which only the subcubic variant
     * with the exact EQKE needs among the subcubic ones (SPEC §9).
     */
    public synchronized ExactMatrix eqke() {
        if (eqke == null) eqke = qvec.multiply(keyTok.transpose());
        return eqke;
    }

    /**
     * {@link #of}, started at once on a background thread (overlapping the caller's parsing of a certificate), then the
     * same matrices on every call: for one caller checking several certificates of one model (the weights must not change
     * meanwhile, and the checker never changes them). If the background computation fails (say, out of memory), the call
     * computes them itself, so the error is thrown to the caller as such.
     */
    public static Supplier<PathMatrices> lazily(Weights w) {
        CompletableFuture<PathMatrices> f = CompletableFuture.supplyAsync(() -> of(w)).exceptionally(e -> null);
        return () -> Objects.requireNonNullElseGet(f.join(), () -> of(w));
    }

    /**
     * Lemma BF's scaled read-out bounds, computed once: with {@code s >= 0} the least that makes every |entry| of EVOU,
     * PVOU and EUPU times 2^-s below 2^1000, the outward double bounds {lo, hi} of those three scaled matrices, as
     * {@code {evLo, evHi, pvLo, pvHi, euLo, euHi}}. One positive factor on every logit changes no sign test.
     */
    public synchronized double[][][] scaledLogitBounds() {
        if (logitBounds != null) return logitBounds;
        int top = Math.max(evou.magnitudeBound(), Math.max(pvou.magnitudeBound(), eupu.magnitudeBound()));
        int s = top > 1000 ? top - 1000 : 0;
        double[][][] b = new double[6][][];
        ExactMatrix[] m = {evou, pvou, eupu};
        for (int k = 0; k < 6; k++) b[k] = m[k / 2].timesPowerOfTwo(-s).toDoubles(k % 2 == 0 ? RoundingMode.FLOOR : RoundingMode.CEILING);
        return logitBounds = b;
    }

    private double[][][] logitBounds;

    /** Computes the five path matrices exactly. Cost: O(V^2 D + V D^2 + n V D) exact ring operations. */
    public static PathMatrices of(Weights w) {
        ExactMatrix wE = ExactMatrix.of(w.wE), wPos = ExactMatrix.of(w.wPos);
        ExactMatrix wQ = ExactMatrix.of(w.wQ), wK = ExactMatrix.of(w.wK), wV = ExactMatrix.of(w.wV);
        ExactMatrix wO = ExactMatrix.of(w.wO), wU = ExactMatrix.of(w.wU);
        ExactMatrix lastPos = wPos.rowRange(w.nCtx - 1, w.nCtx);
        ExactMatrix eq = wE.add(lastPos);                                // V x D, row q = W_E[q] + W_pos[n-1]
        ExactMatrix qvec = eq.multiply(wQ).add(ExactMatrix.ofRow(w.bQ)); // V x H
        ExactMatrix keyTok = wE.multiply(wK);                             // V x H
        ExactMatrix keyPos = wPos.multiply(wK).add(ExactMatrix.ofRow(w.bK)); // n x H
        ExactMatrix eqkp = qvec.multiply(keyPos.transpose());
        ExactMatrix ou = wO.multiply(wU);                                 // H x V
        ExactMatrix evou = wE.multiply(wV).add(ExactMatrix.ofRow(w.bV)).multiply(ou);
        ExactMatrix pvou = wPos.multiply(wV).multiply(ou);
        ExactMatrix biasOut = ExactMatrix.ofRow(w.bO).multiply(wU).add(ExactMatrix.ofRow(w.bU)); // 1 x V
        ExactMatrix eupu = eq.multiply(wU).add(biasOut);
        return new PathMatrices(w, qvec, keyTok, eqkp, evou, pvou, eupu);
    }
}
