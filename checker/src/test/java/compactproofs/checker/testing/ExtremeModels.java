package compactproofs.checker.testing;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random tiny models with extreme magnitudes and exact-tie structures, for differential
 * soundness tests against {@link ExactOracle} (test scope). V in 2..4, n in 2..3 (so V^n ≤ 64),
 * d_model and d_head in 1..3, each bias independently present or zero, F32 (every value a float) or
 * F64. Entries come from ordinary Gaussians, from grids of extreme magnitudes ({@link #GRID32}; F64
 * adds ±1e±150 and ±1e±300) or from Gaussians scaled by a grid magnitude; then tie structures are
 * imposed at random: duplicate W_E rows, zero W_Q or W_K (with its bias: uniform attention), equal
 * unembedding columns, zero value path, zero or repeated positional rows.
 */
public final class ExtremeModels {
    private ExtremeModels() {}

    /** A generated model and how it was made; {@link #random(long)} with {@code seed} rebuilds it. */
    public record Model(long seed, String description, boolean f64, Weights w) {
        public byte[] safetensors() { return SafetensorsWriter.bytes(w, f64); }
        public String dump() { return description + "\n" + ExtremeModels.dump(w, f64); }
        @Override public String toString() { return description; }
    }

    /** {0, ±1, ±2^±20, ±2^±40}: every value a float. */
    public static final double[] GRID32 = {0, 1, -1, 0x1p20, -0x1p20, 0x1p-20, -0x1p-20, 0x1p40, -0x1p40, 0x1p-40, -0x1p-40};
    /** GRID32 and ±1e±150, ±1e±300 (doubles). */
    public static final double[] GRID64;
    static {
        double[] extra = {1e150, -1e150, 1e-150, -1e-150, 1e300, -1e300, 1e-300, -1e-300};
        GRID64 = new double[GRID32.length + extra.length];
        System.arraycopy(GRID32, 0, GRID64, 0, GRID32.length);
        System.arraycopy(extra, 0, GRID64, GRID32.length, extra.length);
    }

    enum Style { GAUSSIAN, GRID, MIXED, SCALED }

    /** The model of a seed (any style, ordinary Gaussians included). */
    public static Model random(long seed) {
        return make(seed, false);
    }

    /** The model of a seed with extreme-magnitude weights (grid, scaled or mixed entries; never plain Gaussian). */
    public static Model extreme(long seed) {
        return make(seed, true);
    }

    private static Model make(long seed, boolean extremeOnly) {
        Random r = new Random(seed);
        int v = 2 + r.nextInt(3), n = 2 + r.nextInt(2), d = 1 + r.nextInt(3), h = 1 + r.nextInt(3);
        boolean f64 = r.nextBoolean();
        Style style = extremeOnly ? Style.values()[1 + r.nextInt(Style.values().length - 1)] : Style.values()[r.nextInt(Style.values().length)];
        Gen g = new Gen(r, f64, style);
        double[][] wE = g.m(v, d), wPos = r.nextInt(3) == 0 ? new double[n][d] : g.m(n, d);
        double[][] wQ = g.m(d, h), wK = g.m(d, h), wV = g.m(d, h), wO = g.m(h, d), wU = g.m(d, v);
        String[] names = {"b_Q", "b_K", "b_V", "b_O", "b_U"};
        int[] lens = {h, h, h, d, v};
        double[][] b = new double[5][];
        List<String> present = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            b[k] = new double[lens[k]];
            if (r.nextBoolean()) { b[k] = g.vec(lens[k]); present.add(names[k]); }
        }
        List<String> ties = new ArrayList<>();
        if (r.nextInt(4) == 0) {
            int a = r.nextInt(v), c = r.nextInt(v);
            if (a != c) { wE[c] = wE[a].clone(); ties.add("W_E[" + c + "]=W_E[" + a + "]"); }
        }
        int att = r.nextInt(6);
        if (att == 0) { wQ = new double[d][h]; b[0] = new double[h]; ties.add("W_Q=b_Q=0 (uniform attention)"); }
        else if (att == 1) { wK = new double[d][h]; b[1] = new double[h]; ties.add("W_K=b_K=0 (uniform attention)"); }
        else if (att == 2) { wQ = new double[d][h]; ties.add("W_Q=0"); }
        if (r.nextInt(4) == 0) {
            int a = r.nextInt(v), c = r.nextInt(v);
            if (a != c) {
                for (int k = 0; k < d; k++) wU[k][c] = wU[k][a];
                b[4][c] = b[4][a];
                ties.add("W_U[:," + c + "]=W_U[:," + a + "], b_U too");
            }
        }
        if (r.nextInt(6) == 0) {
            if (r.nextBoolean()) { wV = new double[d][h]; b[2] = new double[h]; ties.add("W_V=b_V=0"); }
            else { wO = new double[h][d]; ties.add("W_O=0"); }
        }
        if (r.nextInt(5) == 0 && n >= 2) { wPos[n - 1] = wPos[0].clone(); ties.add("W_pos[n-1]=W_pos[0]"); }
        String desc = "ExtremeModels." + (extremeOnly ? "extreme(" : "random(") + seed + "L): V=" + v + " n=" + n + " d_model=" + d + " d_head=" + h + " "
                + (f64 ? "F64" : "F32") + " style=" + style + (style == Style.GAUSSIAN ? "(scale " + g.scale + ")" : "")
                + " biases=" + present + " ties=" + ties;
        try {
            return new Model(seed, desc, f64, Weights.of(wE, wPos, wQ, wK, wV, wO, wU, b[0], b[1], b[2], b[3], b[4]));
        } catch (CheckFailure e) {
            throw new AssertionError(desc, e);
        }
    }

    /** Entry sampler of one model. */
    static final class Gen {
        final Random r;
        final boolean f64;
        final Style style;
        final double scale;
        final double[] grid;

        Gen(Random r, boolean f64, Style style) {
            this.r = r; this.f64 = f64; this.style = style;
            this.grid = f64 ? GRID64 : GRID32;
            this.scale = new double[] {1, 3, 100}[r.nextInt(3)];
        }

        /** The value kind of one tensor: 0 Gaussian, 1 grid, 2 Gaussian times one grid magnitude. */
        int kind() {
            return switch (style) {
                case GAUSSIAN -> 0;
                case GRID -> 1;
                case SCALED -> 2;
                case MIXED -> r.nextInt(3);
            };
        }

        double[][] m(int rows, int cols) {
            int kind = kind();
            double mag = magnitude();
            double[][] a = new double[rows][cols];
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a[i][j] = entry(kind, mag);
            return a;
        }

        double[] vec(int len) {
            int kind = kind();
            double mag = magnitude();
            double[] a = new double[len];
            for (int i = 0; i < len; i++) a[i] = entry(kind, mag);
            return a;
        }

        double magnitude() {
            double x;
            do x = Math.abs(grid[r.nextInt(grid.length)]); while (x == 0);
            return x;
        }

        double entry(int kind, double mag) {
            double x = switch (kind) {
                case 0 -> r.nextGaussian() * scale;
                case 1 -> grid[r.nextInt(grid.length)];
                default -> r.nextInt(5) == 0 ? 0 : Math.max(-100, Math.min(100, r.nextGaussian())) * mag;
            };
            return f64 ? x : (double) (float) x;
        }
    }

    /** The weights as text that rebuilds them exactly (Double.toString round-trips every double). */
    public static String dump(Weights w, boolean f64) {
        StringBuilder s = new StringBuilder();
        s.append("dtype ").append(f64 ? "F64" : "F32").append(", V=").append(w.vocab).append(" n=").append(w.nCtx)
                .append(" d_model=").append(w.dModel).append(" d_head=").append(w.dHead).append('\n');
        mat(s, "W_E", w.wE); mat(s, "W_pos", w.wPos); mat(s, "W_Q", w.wQ); mat(s, "W_K", w.wK);
        mat(s, "W_V", w.wV); mat(s, "W_O", w.wO); mat(s, "W_U", w.wU);
        vec(s, "b_Q", w.bQ); vec(s, "b_K", w.bK); vec(s, "b_V", w.bV); vec(s, "b_O", w.bO); vec(s, "b_U", w.bU);
        return s.toString();
    }

    private static void mat(StringBuilder s, String name, double[][] m) {
        s.append("  ").append(name).append(" = {");
        for (int i = 0; i < m.length; i++) {
            s.append(i == 0 ? "" : ", ");
            row(s, m[i]);
        }
        s.append("}\n");
    }

    private static void vec(StringBuilder s, String name, double[] b) {
        boolean zero = true;
        for (double x : b) zero &= x == 0;
        if (zero) return;
        s.append("  ").append(name).append(" = ");
        row(s, b);
        s.append('\n');
    }

    private static void row(StringBuilder s, double[] r) {
        s.append('{');
        for (int j = 0; j < r.length; j++) s.append(j == 0 ? "" : ", ").append(r[j]);
        s.append('}');
    }
}
