package compactproofs.checker.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors weights file (SPEC §2): the 8-byte header length, the JSON header (read by
 * {@link StrictJson}), the byte ranges of every tensor, and then the weights of a one-layer, one-head,
 * attention-only transformer without LayerNorm, named as in a TransformerLens state dict.
 *
 * <p>The format is checked as the safetensors reference reader does, and more strictly where that is lenient:
 * strict JSON without duplicate keys, no unknown fields in a tensor entry, integers written as plain
 * non-negative decimals, only spaces after the header's closing brace, and tensors that tile the data buffer.
 *
 * <p>Accuracy: exact. F32 values are widened to double ({@code (double) f}, exact) and F64 values
 * are taken as they are, so every weight is the stored number ({@link Weights#of} refuses non-finite ones).
 *
 * <p>Accepted tensors (D = d_model, H = d_head, V = d_vocab = d_vocab_out, n = n_ctx):
 * {@code embed.W_E [V,D]}, {@code pos_embed.W_pos [n,D]}, {@code blocks.0.attn.W_Q|W_K|W_V [1,D,H]},
 * {@code blocks.0.attn.W_O [1,H,D]}, {@code unembed.W_U [D,V]}, all F32 or F64; optional biases
 * {@code blocks.0.attn.b_Q|b_K|b_V [1,H]}, {@code blocks.0.attn.b_O [D]}, {@code unembed.b_U [V]}
 * (absent means zero); optional buffers {@code blocks.0.attn.mask} (BOOL, the causal mask [n,n]
 * or empty [0,0]) and {@code blocks.0.attn.IGNORE} (any float; its value is never used, because at
 * the read-out position no score is masked). Any other tensor is refused as unsupported.
 *
 * <p>A TransformerLens config in {@code __metadata__["transformer_lens_config"]} is checked by
 * {@link TransformerLensConfig} (SPEC §2).
 */
public final class SafetensorsReader {
    /** Largest file read (2 GiB less the JVM's array-header margin). */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    /** Largest total number of weight and bias values, so that a hostile file cannot exhaust the heap. */
    public static final long MAX_TOTAL_ELEMENTS = 1L << 24;
    /** The reference reader's limit on the header length. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Per-tensor element limit; larger shapes are refused before any allocation. */
    static final long MAX_TENSOR_ELEMENTS = 1L << 31;
    /** Bits per element of every dtype the safetensors format defines. */
    private static final Map<String, Integer> DTYPE_BITS = new HashMap<>();
    static {
        for (String d : ("F4:4 F6_E2M3:6 F6_E3M2:6 BOOL:8 U8:8 I8:8 F8_E5M2:8 F8_E4M3:8 F8_E8M0:8 F8_E4M3FNUZ:8 F8_E5M2FNUZ:8 "
                + "I16:16 U16:16 F16:16 BF16:16 I32:32 U32:32 F32:32 C64:64 F64:64 I64:64 U64:64").split(" "))
            DTYPE_BITS.put(d.split(":")[0], Integer.parseInt(d.split(":")[1]));
    }

    static final String W_E = "embed.W_E", W_POS = "pos_embed.W_pos", W_U = "unembed.W_U", B_U = "unembed.b_U";
    static final String ATTN = "blocks.0.attn.";
    static final String W_Q = ATTN + "W_Q", W_K = ATTN + "W_K", W_V = ATTN + "W_V", W_O = ATTN + "W_O";
    static final String B_Q = ATTN + "b_Q", B_K = ATTN + "b_K", B_V = ATTN + "b_V", B_O = ATTN + "b_O";
    static final String MASK = ATTN + "mask", IGNORE = ATTN + "IGNORE";

    private static final List<String> REQUIRED = List.of(W_E, W_POS, W_Q, W_K, W_V, W_O, W_U);
    private static final List<String> OPTIONAL = List.of(B_Q, B_K, B_V, B_O, B_U, MASK, IGNORE);
    /**
     * The shape each tensor must have, in the order checked: its rank, and a leading head dimension of 1 where
     * the shape starts with one (another value is a multi-head model). The dimensions' agreement is checked by {@link Weights#of}.
     */
    private static final String[][] SHAPES = {{W_E, "[rows, cols]"}, {W_POS, "[rows, cols]"}, {W_U, "[rows, cols]"},
        {W_Q, "[1, d_model, d_head]"}, {W_K, "[1, d_model, d_head]"}, {W_V, "[1, d_model, d_head]"}, {W_O, "[1, d_head, d_model]"},
        {B_Q, "[1, d_head]"}, {B_K, "[1, d_head]"}, {B_V, "[1, d_head]"}, {B_O, "[d_model]"}, {B_U, "[d_vocab]"}};
    private static final Set<String> FLOAT_DTYPES = Set.of("F16", "BF16", "F32", "F64");

    private SafetensorsReader() {}

    /**
     * A model read from a safetensors file (SPEC §2).
     *
     * @param weights  the parameters, each value exactly as stored
     * @param sha256   lower-case hex SHA-256 of the whole file's bytes (the model's identity in certificates)
     * @param metadata the file's {@code __metadata__} object (unmodifiable, in file order; empty if absent)
     */
    public record LoadedModel(Weights weights, String sha256, Map<String, String> metadata) {}

    /**
     * Reads a weights file.
     *
     * @throws CheckFailure malformed if the file cannot be read or violates the format or the model
     *     layout; unsupported for a model outside this checker's class (other tensors, several
     *     heads, other dtypes, d_vocab_out != d_vocab, a non-causal mask); resource limit for a file
     *     over {@link #MAX_FILE_BYTES} or a header or tensor over the format limits
     */
    public static LoadedModel read(Path file) throws CheckFailure {
        return read(StrictJson.readFile(file, MAX_FILE_BYTES, "weights file"));
    }

    /**
     * Reads a weights file held in memory (its whole bytes). Same checks as {@link #read(Path)}.
     *
     * @throws CheckFailure as for {@link #read(Path)}
     */
    public static LoadedModel read(byte[] bytes) throws CheckFailure {
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = header(bytes, metadata);
        Map<String, Entry> t = new HashMap<>();
        for (Entry e : entries) {
            if (!REQUIRED.contains(e.name()) && !OPTIONAL.contains(e.name())) throw unknownTensor(e.name());
            t.put(e.name(), e);
        }
        for (String name : REQUIRED) if (!t.containsKey(name)) throw CheckFailure.malformed("missing tensor " + name);
        long total = 0;
        for (Entry e : entries) {
            if (e.name().equals(MASK) || e.name().equals(IGNORE)) continue;
            if (!e.dtype().equals("F32") && !e.dtype().equals("F64"))
                throw CheckFailure.unsupported("dtype " + e.dtype() + " not supported for tensor " + e.name() + " (F32 or F64 only)");
            total += e.numel();
            // a zero dimension makes numel 0 whatever the others are, so bound each one too
            for (long d : e.shape())
                if (d > MAX_TOTAL_ELEMENTS)
                    throw CheckFailure.resourceLimit("tensor " + e.name() + " has shape " + e.shapeText() + ", a dimension over the limit of " + MAX_TOTAL_ELEMENTS);
        }
        if (total > MAX_TOTAL_ELEMENTS)
            throw CheckFailure.resourceLimit("model has " + total + " weight values, over the limit of " + MAX_TOTAL_ELEMENTS);

        for (String[] shape : SHAPES) {
            Entry e = t.get(shape[0]);
            if (e == null) continue; // an absent bias (the required tensors are present)
            if (e.shape().length != shape[1].split(",").length)
                throw CheckFailure.malformed("tensor " + e.name() + " has shape " + e.shapeText() + ", expected " + shape[1]);
            if (shape[1].startsWith("[1,") && e.shape()[0] != 1)
                throw CheckFailure.unsupported("only one attention head is supported: tensor " + e.name() + " has shape " + e.shapeText()
                        + ", i.e. " + e.shape()[0] + " heads");
        }
        long vocab = t.get(W_E).shape()[0], vocabOut = t.get(W_U).shape()[1];
        if (vocabOut != vocab)
            throw CheckFailure.unsupported("unembed.W_U has " + vocabOut + " output classes but embed.W_E has " + vocab + " tokens; only d_vocab_out == d_vocab is supported");
        // refuse empty weights before building rows: a 500-byte header with shape [2^24, 0] would
        // otherwise allocate 2^24 row arrays before Weights.of finds the model empty
        for (String name : REQUIRED)
            if (t.get(name).numel() == 0) throw CheckFailure.malformed("tensor " + name + " is empty (shape " + t.get(name).shapeText() + ")");
        checkBuffers(bytes, t.get(MASK), t.get(IGNORE), t.get(W_POS).shape()[0]);
        // after the emptiness check: d_head > 0
        TransformerLensConfig.check(metadata, vocab, t.get(W_POS).shape()[0], t.get(W_E).shape()[1], t.get(W_Q).shape()[2]);

        Weights w = Weights.of(matrix(bytes, t.get(W_E)), matrix(bytes, t.get(W_POS)), matrix(bytes, t.get(W_Q)), matrix(bytes, t.get(W_K)),
                matrix(bytes, t.get(W_V)), matrix(bytes, t.get(W_O)), matrix(bytes, t.get(W_U)), values(bytes, t.get(B_Q)),
                values(bytes, t.get(B_K)), values(bytes, t.get(B_V)), values(bytes, t.get(B_O)), values(bytes, t.get(B_U)));
        return new LoadedModel(w, sha256(bytes), Collections.unmodifiableMap(metadata));
    }

    /**
     * A TransformerLens name outside the supported model (an MLP, LayerNorm or second-layer weight) is
     * unsupported as such; other names (a plain PyTorch module's {@code W_E.weight}, torch.compile's
     * {@code _orig_mod.} prefix) get the list of expected names.
     */
    private static CheckFailure unknownTensor(String name) {
        if (name.matches("(embed|pos_embed|unembed|ln_final|blocks)\\.[^.].*") && !name.matches(".*\\.(weight|bias)"))
            return CheckFailure.unsupported("tensor " + name + " is not supported (only one-layer, one-head, "
                    + "attention-only transformers without LayerNorm)");
        return CheckFailure.unsupported("tensor " + name + " is not a TransformerLens state-dict name"
                + (name.startsWith("_orig_mod.") ? " (torch.compile's _orig_mod. prefix: generator import strips it)" : "")
                + "; expected " + String.join(", ", REQUIRED) + " and optionally " + String.join(", ", OPTIONAL)
                + " (a HookedTransformer's state_dict: docs/export.md)");
    }

    /** The buffers carry no parameters, but a mask other than the causal one would change the model. */
    private static void checkBuffers(byte[] b, Entry mask, Entry ignore, long nCtx) throws CheckFailure {
        if (ignore != null && !FLOAT_DTYPES.contains(ignore.dtype()))
            throw CheckFailure.unsupported("dtype " + ignore.dtype() + " not supported for tensor " + IGNORE);
        if (mask == null) return;
        if (!mask.dtype().equals("BOOL"))
            throw CheckFailure.unsupported("dtype " + mask.dtype() + " not supported for tensor " + MASK + " (BOOL only)");
        long[] s = mask.shape();
        if (!Arrays.equals(s, new long[] {0, 0}) && !Arrays.equals(s, new long[] {nCtx, nCtx}))
            throw CheckFailure.malformed("tensor " + MASK + " has shape " + mask.shapeText() + ", expected [" + nCtx + ", " + nCtx + "] (n_ctx) or [0, 0]");
        int n = (int) s[0];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (b[(int) mask.begin() + i * n + j] != (j <= i ? 1 : 0))
                    throw CheckFailure.unsupported("tensor " + MASK + " is not the causal (lower-triangular) attention mask");
    }

    /** A rank-2 tensor, or a rank-3 tensor with leading dimension 1, as a matrix. */
    private static double[][] matrix(byte[] b, Entry e) {
        long[] s = e.shape();
        int rows = (int) s[s.length - 2], cols = (int) s[s.length - 1];
        double[] flat = values(b, e);
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) m[i] = Arrays.copyOfRange(flat, i * cols, (i + 1) * cols);
        return m;
    }

    /** The values in storage order: a rank-1 tensor, or a rank-2 tensor with leading dimension 1, as a vector; null if absent. */
    private static double[] values(byte[] b, Entry e) {
        if (e == null) return null;
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        boolean f32 = e.dtype().equals("F32");
        double[] out = new double[(int) e.numel()];
        int at = (int) e.begin();
        for (int i = 0; i < out.length; i++) out[i] = f32 ? (double) buf.getFloat(at + 4 * i) : buf.getDouble(at + 8 * i);
        return out;
    }

    /** One tensor entry; {@code begin} and {@code end} are positions in the data buffer, then (once checked) in the file. */
    record Entry(String name, String dtype, long[] shape, long numel, long begin, long end) {
        String shapeText() { return Arrays.toString(shape); }
    }

    /**
     * Parses the header into {@code metadata} and the tensor entries in buffer order, checking that they tile the
     * data buffer. @throws CheckFailure malformed for a format violation; resource limit for a header over
     * {@link #MAX_HEADER_BYTES} or a tensor over {@link #MAX_TENSOR_ELEMENTS} elements
     */
    private static List<Entry> header(byte[] file, Map<String, String> metadata) throws CheckFailure {
        if (file.length < 8) throw CheckFailure.malformed("safetensors file is " + file.length + " bytes, shorter than its 8-byte header length");
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // n is unsigned: a negative long is a length of at least 2^63
        if (n < 0 || n > MAX_HEADER_BYTES)
            throw CheckFailure.resourceLimit("safetensors header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        long bufferLength = file.length - 8L - n;
        if (bufferLength < 0) throw CheckFailure.malformed("safetensors header length " + n + " exceeds the " + (file.length - 8) + " bytes after the length field");
        String json = StrictJson.utf8(file, 8, (int) n, "safetensors header");
        if (!json.startsWith("{")) throw CheckFailure.malformed("safetensors header does not start with '{'");
        int last = json.length();
        while (json.charAt(last - 1) == ' ') last--; // the format pads with spaces only, not with other JSON whitespace
        if (json.charAt(last - 1) != '}') throw CheckFailure.malformed("safetensors header must be one JSON object followed only by spaces");
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonElement> kv : StrictJson.parse(json.substring(0, last), "safetensors header").getAsJsonObject().entrySet()) {
            String name = kv.getKey();
            if (name.equals("__metadata__")) {
                if (!kv.getValue().isJsonObject()) throw CheckFailure.malformed("__metadata__ must be an object of strings");
                for (Map.Entry<String, JsonElement> m : kv.getValue().getAsJsonObject().entrySet()) {
                    if (!Certificate.isString(m.getValue())) throw CheckFailure.malformed("__metadata__ value for \"" + m.getKey() + "\" is not a string");
                    metadata.put(m.getKey(), m.getValue().getAsString());
                }
                continue;
            }
            if (!kv.getValue().isJsonObject()) throw bad(name, "entry is not an object");
            JsonObject o = kv.getValue().getAsJsonObject();
            for (String f : o.keySet()) if (!Set.of("dtype", "shape", "data_offsets").contains(f)) throw bad(name, "unknown field \"" + f + "\"");
            if (o.size() != 3) throw bad(name, "entry needs dtype, shape and data_offsets");
            if (!Certificate.isString(o.get("dtype"))) throw bad(name, "dtype is not a string");
            long[] shape = longs(o.get("shape"), name, "shape"), offsets = longs(o.get("data_offsets"), name, "data_offsets");
            if (offsets.length != 2) throw bad(name, "data_offsets must be [begin, end]");
            entries.add(new Entry(name, o.get("dtype").getAsString(), shape, -1, offsets[0], offsets[1]));
        }
        // in buffer order: each tensor's byte length, and that the tensors tile the buffer
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        List<Entry> out = new ArrayList<>();
        long expectedBegin = 0;
        for (Entry e : entries) {
            Integer bits = DTYPE_BITS.get(e.dtype());
            if (bits == null) throw bad(e.name(), "unknown dtype \"" + e.dtype() + "\"");
            long numel = numel(e.name(), e.shape()), bytes = numel * bits / 8;
            if (numel * bits % 8 != 0) throw bad(e.name(), numel + " elements of " + e.dtype() + " are not a whole number of bytes");
            if (e.end() < e.begin()) throw bad(e.name(), "data_offsets end " + e.end() + " is before begin " + e.begin());
            if (e.end() - e.begin() != bytes)
                throw bad(e.name(), "data_offsets span " + (e.end() - e.begin()) + " bytes but " + e.dtype() + " " + e.shapeText() + " needs " + bytes);
            if (e.begin() != expectedBegin)
                throw bad(e.name(), "data begins at " + e.begin() + ", expected " + expectedBegin
                        + (e.begin() > expectedBegin ? " (hole in the data buffer)" : " (overlapping tensors)"));
            if (e.end() > bufferLength) throw bad(e.name(), "data ends at " + e.end() + ", beyond the " + bufferLength + "-byte data buffer");
            expectedBegin = e.end();
            out.add(new Entry(e.name(), e.dtype(), e.shape(), numel, 8 + n + e.begin(), 8 + n + e.end()));
        }
        if (expectedBegin != bufferLength)
            throw CheckFailure.malformed("tensors cover " + expectedBegin + " bytes but the data buffer has " + bufferLength + " (trailing bytes not covered)");
        return out;
    }

    private static CheckFailure bad(String tensor, String what) {
        return CheckFailure.malformed("tensor " + tensor + ": " + what);
    }

    /** An array of non-negative decimal integers below 10^18 (so every later product is checked). */
    private static long[] longs(JsonElement e, String name, String field) throws CheckFailure {
        if (!e.isJsonArray()) throw bad(name, field + " is not an array");
        JsonArray a = e.getAsJsonArray();
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!Certificate.isNumber(a.get(i))) throw bad(name, field + " holds a non-number");
            String s = a.get(i).getAsString();
            if (!s.matches("0|[1-9][0-9]{0,17}")) throw bad(name, field + " holds " + StrictJson.clip(s) + ", not a non-negative integer below 10^18");
            out[i] = Long.parseLong(s);
        }
        return out;
    }

    private static long numel(String name, long[] shape) throws CheckFailure {
        for (long d : shape) if (d == 0) return 0;
        long p = 1;
        for (long d : shape) {
            // p <= 2^31 and d < 10^18 < 2^60, so check before multiplying to avoid overflow
            if (d > MAX_TENSOR_ELEMENTS || p * d > MAX_TENSOR_ELEMENTS)
                throw CheckFailure.resourceLimit("tensor " + name + ": shape " + Arrays.toString(shape) + " has more than " + MAX_TENSOR_ELEMENTS + " elements");
            p *= d;
        }
        return p;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
