package compactproofs.checker.arith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exact matrix arithmetic against BigDecimal (exact for dyadics) and directed conversion to double. */
class ExactMatrixTest {
    @Test
    void productsAndSumsAreExact() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            int a = 1 + r.nextInt(5), b = 1 + r.nextInt(5), c = 1 + r.nextInt(5);
            double[][] x = random(r, a, b), y = random(r, b, c), z = random(r, a, c);
            ExactMatrix p = ExactMatrix.of(x).multiply(ExactMatrix.of(y)).add(ExactMatrix.of(z)).subtract(ExactMatrix.ofRow(z[0]));
            for (int i = 0; i < a; i++)
                for (int j = 0; j < c; j++) {
                    BigDecimal s = new BigDecimal(z[i][j]).subtract(new BigDecimal(z[0][j]));
                    for (int k = 0; k < b; k++) s = s.add(new BigDecimal(x[i][k]).multiply(new BigDecimal(y[k][j])));
                    assertEquals(0, s.compareTo(p.exact(i, j)), "trial " + trial);
                    assertTrue(new BigDecimal(p.toDouble(i, j, java.math.RoundingMode.FLOOR)).compareTo(s) <= 0);
                    assertTrue(new BigDecimal(p.toDouble(i, j, java.math.RoundingMode.CEILING)).compareTo(s) >= 0);
                    double rel = s.abs().compareTo(new BigDecimal("1e-290")) < 0 ? 0 : new BigDecimal(p.toDouble(i, j, java.math.RoundingMode.CEILING) - p.toDouble(i, j, java.math.RoundingMode.FLOOR)).divide(s.abs(), MathContext.DECIMAL64).doubleValue();
                    assertTrue(rel < 1e-15, "tight conversion");
                }
        }
    }

    static double[][] random(SplittableRandom r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                int kind = r.nextInt(5);
                m[i][j] = kind == 0 ? 0 : kind == 1 ? Double.MIN_VALUE * r.nextInt(1, 100) : kind == 2 ? (float) r.nextGaussian() * 1e30 : (float) r.nextGaussian();
            }
        return m;
    }
}
