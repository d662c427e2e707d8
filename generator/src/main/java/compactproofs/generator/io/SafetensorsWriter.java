package compactproofs.generator.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import compactproofs.checker.model.Weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes {@link Weights} as a safetensors file with TransformerLens state-dict names, laid out the
 * way the safetensors reference writer lays it out: tensors sorted by dtype (descending in the
 * reference enum order, so F64 before F32 before BOOL) then by name, compact JSON with
 * {@code __metadata__} first, header padded with spaces to a multiple of 8 bytes.
 *
 * <p>Besides every weight and bias (zero biases included, in TL shapes), it writes the buffers TL's
 * strict {@code load_state_dict} expects: the BOOL causal mask {@code blocks.0.attn.mask [n,n]} and
 * the F32 scalar {@code blocks.0.attn.IGNORE = -inf}.
 *
 * <p>Accuracy: F64 stores every value exactly; F32 stores every value exactly or refuses, so
 * nothing is rounded silently.
 */
public final class SafetensorsWriter {
    /** Element type used for weights and biases. */
    public enum Dtype { F32, F64 }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private SafetensorsWriter() {}

    /**
     * Writes the file, replacing any existing one.
     *
     * @param metadata the {@code __metadata__} entries (written sorted by key; omitted when null or empty)
     * @throws IllegalArgumentException if {@code dtype} is F32 and some value is not a float32
     * @throws IOException on a write error
     */
    public static void write(Path file, Weights w, Map<String, String> metadata, Dtype dtype) throws IOException {
        Files.write(file, toBytes(w, metadata, dtype));
    }

    /**
     * The bytes {@link #write} would write.
     *
     * @throws IllegalArgumentException if {@code dtype} is F32 and some value is not a float32
     */
    public static byte[] toBytes(Weights w, Map<String, String> metadata, Dtype dtype) {
        int n = w.nCtx;
        List<Tensor> ts = new ArrayList<>();
        ts.add(floats("embed.W_E", dtype, new long[] {w.vocab, w.dModel}, w.wE));
        ts.add(floats("pos_embed.W_pos", dtype, new long[] {n, w.dModel}, w.wPos));
        ts.add(floats("blocks.0.attn.W_Q", dtype, new long[] {1, w.dModel, w.dHead}, w.wQ));
        ts.add(floats("blocks.0.attn.W_K", dtype, new long[] {1, w.dModel, w.dHead}, w.wK));
        ts.add(floats("blocks.0.attn.W_V", dtype, new long[] {1, w.dModel, w.dHead}, w.wV));
        ts.add(floats("blocks.0.attn.W_O", dtype, new long[] {1, w.dHead, w.dModel}, w.wO));
        ts.add(floats("unembed.W_U", dtype, new long[] {w.dModel, w.vocab}, w.wU));
        ts.add(floats("blocks.0.attn.b_Q", dtype, new long[] {1, w.dHead}, w.bQ));
        ts.add(floats("blocks.0.attn.b_K", dtype, new long[] {1, w.dHead}, w.bK));
        ts.add(floats("blocks.0.attn.b_V", dtype, new long[] {1, w.dHead}, w.bV));
        ts.add(floats("blocks.0.attn.b_O", dtype, new long[] {w.dModel}, w.bO));
        ts.add(floats("unembed.b_U", dtype, new long[] {w.vocab}, w.bU));
        ts.add(floats("blocks.0.attn.IGNORE", Dtype.F32, new long[] {}, new double[] {Double.NEGATIVE_INFINITY}));
        byte[] mask = new byte[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) mask[i * n + j] = 1;
        ts.add(new Tensor("blocks.0.attn.mask", "BOOL", 0, new long[] {n, n}, mask));
        // reference order: dtype descending (F64 > F32 > BOOL), then name by bytes (ASCII here)
        ts.sort(Comparator.comparingInt(Tensor::rank).reversed().thenComparing(Tensor::name));

        StringBuilder json = new StringBuilder("{");
        if (metadata != null && !metadata.isEmpty())
            json.append("\"__metadata__\":").append(GSON.toJson(new TreeMap<>(metadata))).append(',');
        long offset = 0;
        for (Tensor t : ts) {
            json.append(GSON.toJson(t.name)).append(":{\"dtype\":\"").append(t.dtype).append("\",\"shape\":[");
            for (int i = 0; i < t.shape.length; i++) json.append(i == 0 ? "" : ",").append(t.shape[i]);
            json.append("],\"data_offsets\":[").append(offset).append(',').append(offset + t.data.length).append("]},");
            offset += t.data.length;
        }
        json.setCharAt(json.length() - 1, '}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(header);
        for (int i = header.length; i < padded; i++) out.put((byte) ' ');
        for (Tensor t : ts) out.put(t.data);
        return out.array();
    }

    /** rank orders dtypes as the reference enum does (BOOL=0 < F32=1 < F64=2 among those used here). */
    private record Tensor(String name, String dtype, int rank, long[] shape, byte[] data) {}

    private static Tensor floats(String name, Dtype dtype, long[] shape, double[][] m) {
        int cols = m[0].length;
        double[] flat = new double[m.length * cols];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, flat, i * cols, cols);
        return floats(name, dtype, shape, flat);
    }

    private static Tensor floats(String name, Dtype dtype, long[] shape, double[] xs) {
        boolean f32 = dtype == Dtype.F32;
        ByteBuffer b = ByteBuffer.allocate(xs.length * (f32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < xs.length; i++) {
            if (!f32) { b.putDouble(xs[i]); continue; }
            float f = (float) xs[i];
            if ((double) f != xs[i] && !Double.isNaN(xs[i]))
                throw new IllegalArgumentException("tensor " + name + " value " + xs[i] + " at flat index " + i
                        + " is not exactly representable as float32");
            b.putFloat(f);
        }
        return new Tensor(name, dtype.name(), f32 ? 1 : 2, shape, b.array());
    }
}
