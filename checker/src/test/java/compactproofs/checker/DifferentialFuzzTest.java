package compactproofs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.Differential;
import compactproofs.checker.testing.TestHints;
import compactproofs.checker.testing.ExactOracle;
import compactproofs.checker.testing.ExtremeModels;
import compactproofs.checker.testing.SafetensorsWriter;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzz target: a tiny model (V in 2..4, n in 1..3, so V^n ≤ 64; d_model, d_head in 1..3;
 * F32 or F64; biases present or not), its weights picked from the extreme grids, small dyadics, scaled
 * grid magnitudes and raw float/double bit patterns, a strategy and a claim, all decoded from the
 * fuzzer's bytes ({@link #decode}). The model is written as a safetensors file and read back by the
 * checker's reader, so the certificate names the file's real SHA-256, and is verified by
 * {@link Verifier#verify}. Property, against {@link ExactOracle}:
 * <ul>
 *   <li>a VERIFIED claim never exceeds the oracle's CORRECT + UNKNOWN, and an exact verdict's count is
 *       the oracle's count (between CORRECT and CORRECT + UNKNOWN);
 *   <li>a claim of 0 is VERIFIED;
 *   <li>nothing is thrown except a resource-limit {@link CheckFailure}.
 * </ul>
 *
 * <p>Without {@code JAZZER_FUZZ} this runs as a regression test over the seeds in
 * {@code src/test/resources/compactproofs/checker/proof/DifferentialFuzzTestInputs/differential/}
 * (plus the empty input); with {@code JAZZER_FUZZ=1} Jazzer fuzzes it (docs/testing.md):
 * {@code JAZZER_FUZZ=1 mvn -o -pl checker test -Dtest='DifferentialFuzzTest#differential'}.
 */
@Tag("slow")
class DifferentialFuzzTest {
    /** A decoded case. */
    record Case(Weights w, boolean f64, String strategy, String hints, int claimMode, long claimByte, String text) {}

    static final int STRATEGIES = 6;
    static final String[] STRATEGY_NAMES = {"brute-force", "cubic", "cascade[all]", "cascade[subset]", "subcubic default", "subcubic variant"};
    static final String[] CLAIMS = {"0", "oracle CORRECT+UNKNOWN+1", "byte mod (total+1)", "total"};

    /** Reads bytes front to back; zeros once exhausted. */
    static final class In {
        final byte[] d;
        int p;
        In(byte[] d) { this.d = d; }
        int u8() { return p < d.length ? d[p++] & 0xff : 0; }
        long bits(int bytes) { long x = 0; for (int i = 0; i < bytes; i++) x |= (long) u8() << (8 * i); return x; }
    }

    /**
     * Layout: byte 0 shape (V = 2 + b%3, n = 1 + (b/3)%3); byte 1 (d_model = 1 + b%3, d_head = 1 + (b/3)%3,
     * F64 if (b/9) is odd); byte 2 bias mask (bits 0..4: b_Q, b_K, b_V, b_O, b_U present; bit 5: zero
     * W_pos); byte 3 (strategy = b%6, claim mode = (b/6)%4); byte 4 (claim value / subcubic variant);
     * byte 5 tie flags (bit 0: W_E[1] = W_E[0]; bit 1: W_U column 1 = column 0; bit 2: W_Q = b_Q = 0;
     * bit 3: W_K = b_K = 0); then each weight (W_E, W_pos unless zero, W_Q, W_K, W_V, W_O, W_U, present
     * biases, row-major) as one selector byte k: k < 0x80 a grid value; 0x80..0xBF the dyadic
     * (k - 0xA0)/4; 0xC0..0xDF a raw float (F32, 4 bytes) or double (F64, 8 bytes), non-finite read as 0;
     * 0xE0..0xFF ((k & 7) - 4) times the magnitude of the grid value of the next byte. Cascade subsets
     * take one bit per class from the bytes after the weights.
     */
    static Case decode(byte[] data) throws CheckFailure {
        In in = new In(data);
        int b0 = in.u8(), b1 = in.u8(), mask = in.u8(), b3 = in.u8();
        long claimByte = in.u8();
        int ties = in.u8();
        int v = 2 + b0 % 3, n = 1 + (b0 / 3) % 3, d = 1 + b1 % 3, h = 1 + (b1 / 3) % 3;
        boolean f64 = (b1 / 9) % 2 == 1;
        double[] grid = f64 ? ExtremeModels.GRID64 : ExtremeModels.GRID32;
        double[][] wE = m(in, v, d, f64, grid), wPos = (mask & 32) != 0 ? new double[n][d] : m(in, n, d, f64, grid);
        double[][] wQ = m(in, d, h, f64, grid), wK = m(in, d, h, f64, grid), wV = m(in, d, h, f64, grid);
        double[][] wO = m(in, h, d, f64, grid), wU = m(in, d, v, f64, grid);
        int[] lens = {h, h, h, d, v};
        double[][] b = new double[5][];
        for (int k = 0; k < 5; k++) b[k] = (mask & (1 << k)) != 0 ? m(in, 1, lens[k], f64, grid)[0] : new double[lens[k]];
        if ((ties & 1) != 0) wE[1] = wE[0].clone();
        if ((ties & 2) != 0) { for (int k = 0; k < d; k++) wU[k][1] = wU[k][0]; b[4][1] = b[4][0]; }
        if ((ties & 4) != 0) { wQ = new double[d][h]; b[0] = new double[h]; }
        if ((ties & 8) != 0) { wK = new double[d][h]; b[1] = new double[h]; }
        Weights w = Weights.of(wE, wPos, wQ, wK, wV, wO, wU, b[0], b[1], b[2], b[3], b[4]);
        int s = b3 % STRATEGIES, claimMode = (b3 / STRATEGIES) % 4;
        String strategy, hints;
        switch (s) {
            case 0 -> { strategy = "brute-force"; hints = "{}"; }
            case 1 -> { strategy = "cubic"; hints = "{}"; }
            case 2 -> { strategy = "cascade"; hints = Differential.allClasses(v, n); }
            case 3 -> { strategy = "cascade"; hints = Differential.classes(v, n, new Random(in.bits(8))); }
            case 4 -> { strategy = TestHints.DEFAULT; hints = TestHints.hints(w, strategy, (claimByte & 1) == 0).toString(); }
            default -> {
                List<String> all = TestHints.strategies();
                strategy = all.get((int) (claimByte * 7 % all.size()));
                hints = TestHints.hints(w, strategy, true).toString();
            }
        }
        String text = "V=" + v + " n=" + n + " d_model=" + d + " d_head=" + h + " " + (f64 ? "F64" : "F32") + ", strategy " + strategy
                + ", claim " + CLAIMS[claimMode] + " (byte " + claimByte + ")\n" + ExtremeModels.dump(w, f64);
        return new Case(w, f64, strategy, hints, claimMode, claimByte, text);
    }

    private static double[][] m(In in, int rows, int cols, boolean f64, double[] grid) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) a[i][j] = value(in, f64, grid);
        return a;
    }

    private static double value(In in, boolean f64, double[] grid) {
        int k = in.u8();
        double x;
        if (k < 0x80) x = grid[k % grid.length];
        else if (k < 0xC0) x = (k - 0xA0) / 4.0;
        else if (k < 0xE0) x = f64 ? Double.longBitsToDouble(in.bits(8)) : Float.intBitsToFloat((int) in.bits(4));
        else x = ((k & 7) - 4) * Math.abs(grid[in.u8() % grid.length]);
        if (!Double.isFinite(x)) x = 0;
        return f64 ? x : (double) (float) x;
    }

    @FuzzTest(maxDuration = "5m")
    void differential(byte[] data) throws Exception {
        if (data.length > 4096) return;
        Case c = decode(data);
        byte[] file = SafetensorsWriter.bytes(c.w, c.f64);
        LoadedModel lm;
        try {
            lm = SafetensorsReader.read(file);
        } catch (CheckFailure e) {
            throw new AssertionError("the reader refuses a valid model: " + e.getMessage() + "\n" + c.text);
        }
        Weights w = lm.weights();
        ExactOracle.Count oc = ExactOracle.exactCount(w);
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx), upper = BigInteger.valueOf(oc.upper());
        BigInteger claim = switch (c.claimMode) {
            case 0 -> BigInteger.ZERO;
            case 1 -> upper.add(BigInteger.ONE).min(total);
            case 2 -> BigInteger.valueOf(c.claimByte).mod(total.add(BigInteger.ONE));
            default -> total;
        };
        String ctx = "claim " + claim + " of " + total + ", " + oc + "\n" + c.text;
        Verdict v;
        try {
            v = Checker.verify(w, lm.sha256(), Certificate.parse(Differential.cert(w, lm.sha256(), c.strategy, claim, c.hints)
                    .getBytes(StandardCharsets.UTF_8)), Differential.OPT);
        } catch (CheckFailure e) {
            if (e.code() == ExitCode.RESOURCE_LIMIT) return;
            throw new AssertionError("CheckFailure " + e.code() + ": " + e.getMessage() + "\n" + ctx, e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(e + "\n" + ctx, e);
        }
        if (v.verified()) {
            assertTrue(claim.compareTo(upper) <= 0, () -> "VERIFIED a claim above the oracle: " + Differential.describe(v) + "\n" + ctx);
            if (v.exact())
                assertTrue(claim.compareTo(BigInteger.valueOf(oc.correct())) >= 0, () -> "exact verdict below the oracle: " + Differential.describe(v) + "\n" + ctx);
        } else {
            assertTrue(claim.signum() > 0, () -> "a claim of 0 is not verified: " + Differential.describe(v) + "\n" + ctx);
        }
    }

    // ------------------------------------------------------------ seeds (the committed regression inputs)

    /**
     * Encodes a model, strategy and claim in the layout of {@link #decode} with every weight raw, so
     * that decoding gives exactly these weights (the seeds of the regression inputs are made this way).
     */
    static byte[] encode(Weights w, boolean f64, int strategy, int claimMode, int claimByte) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int v = w.vocab, n = w.nCtx, d = w.dModel, h = w.dHead;
        if (v < 2 || v > 4 || n > 3 || d > 3 || h > 3) throw new IllegalArgumentException("shape out of the fuzz range");
        o.write((v - 2) + 3 * (n - 1));
        o.write((d - 1) + 3 * (h - 1) + (f64 ? 9 : 0));
        boolean posZero = true;
        for (double[] r : w.wPos) for (double x : r) posZero &= x == 0;
        double[][] bs = {w.bQ, w.bK, w.bV, w.bO, w.bU};
        int mask = posZero ? 32 : 0;
        for (int k = 0; k < 5; k++) for (double x : bs[k]) if (x != 0) mask |= 1 << k;
        o.write(mask);
        o.write(strategy + STRATEGIES * claimMode);
        o.write(claimByte);
        o.write(0);
        for (double[][] m : posZero ? new double[][][] {w.wE, w.wQ, w.wK, w.wV, w.wO, w.wU} : new double[][][] {w.wE, w.wPos, w.wQ, w.wK, w.wV, w.wO, w.wU})
            for (double[] r : m) for (double x : r) raw(o, x, f64);
        for (int k = 0; k < 5; k++) if ((mask & (1 << k)) != 0) for (double x : bs[k]) raw(o, x, f64);
        return o.toByteArray();
    }

    private static void raw(ByteArrayOutputStream o, double x, boolean f64) {
        o.write(0xC0);
        long bits = f64 ? Double.doubleToRawLongBits(x) : Float.floatToRawIntBits((float) x) & 0xffffffffL;
        for (int i = 0; i < (f64 ? 8 : 4); i++) o.write((int) (bits >>> (8 * i)) & 0xff);
    }

    @Test
    void encodeDecodesToTheSameModel() throws Exception {
        for (long seed = 1; seed <= 30; seed++) {
            ExtremeModels.Model m = ExtremeModels.random(seed);
            Case c = decode(encode(m.w(), m.f64(), (int) (seed % STRATEGIES), (int) (seed % 4), (int) seed));
            assertEquals(ExtremeModels.dump(m.w(), m.f64()), ExtremeModels.dump(c.w, c.f64), m.description());
            assertEquals(seed % 4, c.claimMode);
        }
    }
}
