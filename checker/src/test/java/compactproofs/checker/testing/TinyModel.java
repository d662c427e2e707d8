package compactproofs.checker.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Byte-level builder of small safetensors files for tests: tensors in insertion order with
 * consecutive offsets, compact JSON, no padding. Tests break files by editing the header text,
 * the data, or the tensor list.
 */
public final class TinyModel {
    public static final int V = 5, N = 3, D = 4, H = 2;

    public record T(String dtype, String shape, byte[] data) {}

    public final Map<String, T> tensors = new LinkedHashMap<>();
    public String metadata = "{\"seed\":\"7\"}";

    /** A valid F32 model with V=5, n=3, D=4, H=2, random weights and zero biases. */
    public static TinyModel standard(long seed) {
        Random r = new Random(seed);
        TinyModel m = new TinyModel();
        m.f32("embed.W_E", "[5,4]", random(r, V * D));
        m.f32("pos_embed.W_pos", "[3,4]", random(r, N * D));
        m.f32("blocks.0.attn.W_Q", "[1,4,2]", random(r, D * H));
        m.f32("blocks.0.attn.W_K", "[1,4,2]", random(r, D * H));
        m.f32("blocks.0.attn.W_V", "[1,4,2]", random(r, D * H));
        m.f32("blocks.0.attn.W_O", "[1,2,4]", random(r, H * D));
        m.f32("unembed.W_U", "[4,5]", random(r, D * V));
        m.f32("blocks.0.attn.b_Q", "[1,2]", new float[H]);
        m.f32("unembed.b_U", "[5]", new float[V]);
        return m;
    }

    /** True when every bias of {@code w} is exactly zero. */
    public static boolean biasesAreZero(compactproofs.checker.model.Weights w) {
        for (double[] b : new double[][] {w.bQ, w.bK, w.bV, w.bO, w.bU})
            for (double x : b) if (x != 0) return false;
        return true;
    }

    public TinyModel f32(String name, String shape, float... xs) {
        ByteBuffer b = ByteBuffer.allocate(4 * xs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : xs) b.putFloat(x);
        return put(name, "F32", shape, b.array());
    }

    public TinyModel f64(String name, String shape, double... xs) {
        ByteBuffer b = ByteBuffer.allocate(8 * xs.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : xs) b.putDouble(x);
        return put(name, "F64", shape, b.array());
    }

    public TinyModel put(String name, String dtype, String shape, byte[] data) {
        tensors.put(name, new T(dtype, shape, data));
        return this;
    }

    public TinyModel remove(String name) {
        tensors.remove(name);
        return this;
    }

    /** Header JSON with consecutive offsets in insertion order. */
    public String header() {
        StringBuilder s = new StringBuilder("{");
        if (metadata != null) s.append("\"__metadata__\":").append(metadata).append(',');
        long off = 0;
        for (Map.Entry<String, T> e : tensors.entrySet()) {
            T t = e.getValue();
            s.append('"').append(e.getKey()).append("\":{\"dtype\":\"").append(t.dtype).append("\",\"shape\":")
                    .append(t.shape).append(",\"data_offsets\":[").append(off).append(',')
                    .append(off + t.data.length).append("]},");
            off += t.data.length;
        }
        s.setCharAt(s.length() - 1, '}');
        return s.toString();
    }

    public byte[] data() {
        ByteBuffer b = ByteBuffer.allocate(tensors.values().stream().mapToInt(t -> t.data.length).sum());
        for (T t : tensors.values()) b.put(t.data);
        return b.array();
    }

    public byte[] bytes() {
        return file(header(), data());
    }

    public static byte[] file(String header, byte[] data) {
        return file(header.getBytes(StandardCharsets.UTF_8), data);
    }

    public static byte[] file(byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    public static float[] random(Random r, int n) {
        float[] xs = new float[n];
        for (int i = 0; i < n; i++) xs[i] = (float) r.nextGaussian();
        return xs;
    }

    /** The float32 values stored for a tensor. */
    public float[] floats(String name) {
        ByteBuffer b = ByteBuffer.wrap(tensors.get(name).data).order(ByteOrder.LITTLE_ENDIAN);
        float[] xs = new float[b.capacity() / 4];
        for (int i = 0; i < xs.length; i++) xs[i] = b.getFloat();
        return xs;
    }
}
