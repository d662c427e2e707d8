package compactproofs.generator.train;

import java.util.SplittableRandom;

/**
 * Normal samples by the Box-Muller transform on {@link SplittableRandom} doubles. Uses {@link StrictMath}
 * so the initialisation is bit-identical on every JVM and platform (unlike {@code nextGaussian}, whose
 * algorithm is not specified across JDK versions).
 */
final class Gaussian {
    private Gaussian() {}

    /** Fills {@code out} with i.i.d. N(0, std^2) samples, two per pair of uniforms. */
    static void fill(double[] out, double std, SplittableRandom rng) {
        for (int i = 0; i < out.length; i += 2) {
            double u1 = 1.0 - rng.nextDouble();            // in (0, 1], so log is finite
            double u2 = rng.nextDouble();
            double radius = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
            double angle = 2.0 * StrictMath.PI * u2;
            out[i] = std * radius * StrictMath.cos(angle);
            if (i + 1 < out.length) out[i + 1] = std * radius * StrictMath.sin(angle);
        }
    }
}
