package compactproofs.checker.testing;

import compactproofs.checker.model.Weights;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@link Weights} as a safetensors file in the layout of SPEC.md §2 (test scope): every tensor,
 * biases included (zero biases are written as zeros), consecutive offsets, compact JSON header, F32 or
 * F64. F32 refuses a value that is not exactly a float.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    private record T(String name, String shape, double[] values) {}

    public static byte[] bytes(Weights w, boolean f64) {
        int v = w.vocab, n = w.nCtx, d = w.dModel, h = w.dHead;
        List<T> ts = new ArrayList<>();
        ts.add(new T("embed.W_E", "[" + v + "," + d + "]", flat(w.wE)));
        ts.add(new T("pos_embed.W_pos", "[" + n + "," + d + "]", flat(w.wPos)));
        ts.add(new T("blocks.0.attn.W_Q", "[1," + d + "," + h + "]", flat(w.wQ)));
        ts.add(new T("blocks.0.attn.W_K", "[1," + d + "," + h + "]", flat(w.wK)));
        ts.add(new T("blocks.0.attn.W_V", "[1," + d + "," + h + "]", flat(w.wV)));
        ts.add(new T("blocks.0.attn.W_O", "[1," + h + "," + d + "]", flat(w.wO)));
        ts.add(new T("blocks.0.attn.b_Q", "[1," + h + "]", w.bQ));
        ts.add(new T("blocks.0.attn.b_K", "[1," + h + "]", w.bK));
        ts.add(new T("blocks.0.attn.b_V", "[1," + h + "]", w.bV));
        ts.add(new T("blocks.0.attn.b_O", "[" + d + "]", w.bO));
        ts.add(new T("unembed.W_U", "[" + d + "," + v + "]", flat(w.wU)));
        ts.add(new T("unembed.b_U", "[" + v + "]", w.bU));
        int size = f64 ? 8 : 4;
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"writer\":\"compactproofs.checker.testing.SafetensorsWriter\"}");
        long off = 0;
        for (T t : ts) {
            long len = (long) size * t.values.length;
            header.append(",\"").append(t.name).append("\":{\"dtype\":\"").append(f64 ? "F64" : "F32").append("\",\"shape\":")
                    .append(t.shape).append(",\"data_offsets\":[").append(off).append(',').append(off + len).append("]}");
            off += len;
        }
        header.append('}');
        byte[] hb = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(8 + hb.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(hb.length).put(hb);
        for (T t : ts)
            for (double x : t.values) {
                if (f64) b.putDouble(x);
                else {
                    if ((double) (float) x != x) throw new IllegalArgumentException(t.name + " holds " + x + ", which is not a float32");
                    b.putFloat((float) x);
                }
            }
        return b.array();
    }

    /** Writes the file and returns its lower-case hex SHA-256. */
    public static String write(Weights w, boolean f64, Path file) throws IOException {
        byte[] b = bytes(w, f64);
        Files.write(file, b);
        return sha256(b);
    }

    public static String sha256(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder s = new StringBuilder();
            for (byte x : d) s.append(String.format("%02x", x));
            return s.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static double[] flat(double[][] m) {
        int cols = m[0].length;
        double[] out = new double[m.length * cols];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, out, i * cols, cols);
        return out;
    }
}
