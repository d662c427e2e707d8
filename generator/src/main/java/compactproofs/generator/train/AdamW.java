package compactproofs.generator.train;

import java.util.List;

/**
 * AdamW with decoupled weight decay, as {@code torch.optim.AdamW} (amsgrad off): per step t,
 * {@code θ ← θ·(1 − lr·wd)}, then {@code m ← β1 m + (1−β1) g}, {@code v ← β2 v + (1−β2) g²},
 * {@code θ ← θ − (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + eps)}.
 */
final class AdamW {
    private final double lr, beta1, beta2, eps, weightDecay;
    private final double[][] m, v;
    private int t;

    AdamW(TrainConfig cfg, List<double[]> params) {
        this.lr = cfg.lr(); this.beta1 = cfg.beta1(); this.beta2 = cfg.beta2();
        this.eps = cfg.eps(); this.weightDecay = cfg.weightDecay();
        m = new double[params.size()][];
        v = new double[params.size()][];
        for (int i = 0; i < params.size(); i++) {
            m[i] = new double[params.get(i).length];
            v[i] = new double[params.get(i).length];
        }
    }

    /** One update of {@code params} (in place) with the matching {@code grads}. */
    void step(List<double[]> params, List<double[]> grads) {
        t++;
        double bc1 = 1 - StrictMath.pow(beta1, t);
        double bc2Sqrt = StrictMath.sqrt(1 - StrictMath.pow(beta2, t));
        double stepSize = lr / bc1, decay = 1 - lr * weightDecay;
        for (int i = 0; i < params.size(); i++) {
            double[] p = params.get(i), g = grads.get(i), mi = m[i], vi = v[i];
            for (int j = 0; j < p.length; j++) {
                double gj = g[j];
                p[j] *= decay;
                mi[j] = beta1 * mi[j] + (1 - beta1) * gj;
                vi[j] = beta2 * vi[j] + (1 - beta2) * gj * gj;
                p[j] -= stepSize * mi[j] / (Math.sqrt(vi[j]) / bc2Sqrt + eps);
            }
        }
    }
}
