package compactproofs.checker.format;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import compactproofs.checker.CheckFailure;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The format layer of a safetensors file: parses and validates the 8-byte length, the JSON header
 * and the byte ranges of every tensor, without interpreting tensor names.
 *
 * <p>Validation follows the safetensors reference reader and is stricter where the reference is
 * lenient: strict JSON (Gson {@link Strictness#STRICT}), no duplicate keys at any level, no unknown
 * fields in a tensor entry, integers written as plain non-negative decimals, and only spaces after
 * the closing brace. The tensors must tile the data buffer exactly.
 */
final class SafetensorsHeader {
    /** The reference reader's limit on the header length N. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Per-tensor element limit; larger shapes are refused before any allocation. */
    static final long MAX_TENSOR_ELEMENTS = 1L << 31;

    /** Bits per element of every dtype the safetensors format defines. */
    private static final Map<String, Integer> DTYPE_BITS = Map.ofEntries(
            Map.entry("BOOL", 8), Map.entry("F4", 4), Map.entry("F6_E2M3", 6), Map.entry("F6_E3M2", 6),
            Map.entry("U8", 8), Map.entry("I8", 8), Map.entry("F8_E5M2", 8), Map.entry("F8_E4M3", 8),
            Map.entry("F8_E8M0", 8), Map.entry("F8_E4M3FNUZ", 8), Map.entry("F8_E5M2FNUZ", 8),
            Map.entry("I16", 16), Map.entry("U16", 16), Map.entry("F16", 16), Map.entry("BF16", 16),
            Map.entry("I32", 32), Map.entry("U32", 32), Map.entry("F32", 32),
            Map.entry("C64", 64), Map.entry("F64", 64), Map.entry("I64", 64), Map.entry("U64", 64));

    /** One tensor entry; {@code begin} and {@code end} are absolute positions in the file. */
    record Entry(String name, String dtype, long[] shape, long numel, int begin, int end) {
        String shapeText() { return Arrays.toString(shape); }
    }

    final Map<String, String> metadata;
    /** Entries in buffer order. */
    final List<Entry> entries;

    private SafetensorsHeader(Map<String, String> metadata, List<Entry> entries) {
        this.metadata = metadata;
        this.entries = entries;
    }

    /**
     * Parses and validates the header and tensor layout of a whole safetensors file.
     *
     * @throws CheckFailure malformed for any format violation; resource limit for a header longer
     *     than {@link #MAX_HEADER_BYTES} or a tensor with more than {@link #MAX_TENSOR_ELEMENTS} elements
     */
    static SafetensorsHeader parse(byte[] file) throws CheckFailure {
        if (file.length < 8)
            throw CheckFailure.malformed("safetensors file is " + file.length + " bytes, shorter than its 8-byte header length");
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // n is unsigned: a negative long is a length of at least 2^63
        if (n < 0 || n > MAX_HEADER_BYTES)
            throw CheckFailure.resourceLimit("safetensors header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        if (n > file.length - 8L)
            throw CheckFailure.malformed("safetensors header length " + n + " exceeds the " + (file.length - 8L)
                    + " bytes after the length field");
        int dataStart = 8 + (int) n;
        String json = decodeUtf8(file, 8, (int) n);
        if (json.isEmpty() || json.charAt(0) != '{')
            throw CheckFailure.malformed("safetensors header does not start with '{'");
        int last = json.length() - 1;
        while (last >= 0 && json.charAt(last) == ' ') last--;
        if (json.charAt(last) != '}')
            throw CheckFailure.malformed("safetensors header must be one JSON object followed only by spaces");

        Map<String, String> metadata = new LinkedHashMap<>();
        List<RawEntry> raw = new ArrayList<>();
        try {
            JsonReader r = new JsonReader(new StringReader(json.substring(0, last + 1)));
            r.setStrictness(Strictness.STRICT);
            r.beginObject();
            Set<String> seen = new HashSet<>();
            while (r.hasNext()) {
                String key = r.nextName();
                if (!seen.add(key)) throw CheckFailure.malformed("safetensors header has duplicate key \"" + key + "\"");
                if (key.equals("__metadata__")) readMetadata(r, metadata);
                else raw.add(readEntry(r, key));
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT)
                throw CheckFailure.malformed("safetensors header has content after its JSON object");
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw CheckFailure.malformed("safetensors header is not valid JSON: " + firstLine(e.getMessage()));
        }
        return new SafetensorsHeader(Collections.unmodifiableMap(metadata), layout(raw, dataStart, file.length));
    }

    /** Element size of a dtype in bits, or -1 when the format does not define it. */
    static int bits(String dtype) {
        Integer b = DTYPE_BITS.get(dtype);
        return b == null ? -1 : b;
    }

    private record RawEntry(String name, String dtype, long[] shape, long begin, long end) {}

    private static String decodeUtf8(byte[] b, int off, int len) throws CheckFailure {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw CheckFailure.malformed("safetensors header is not valid UTF-8");
        }
    }

    private static void readMetadata(JsonReader r, Map<String, String> out) throws IOException, CheckFailure {
        if (r.peek() != JsonToken.BEGIN_OBJECT)
            throw CheckFailure.malformed("__metadata__ must be an object of strings");
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            if (r.peek() != JsonToken.STRING)
                throw CheckFailure.malformed("__metadata__ value for \"" + k + "\" is not a string");
            if (out.put(k, r.nextString()) != null)
                throw CheckFailure.malformed("__metadata__ has duplicate key \"" + k + "\"");
        }
        r.endObject();
    }

    private static RawEntry readEntry(JsonReader r, String name) throws IOException, CheckFailure {
        if (r.peek() != JsonToken.BEGIN_OBJECT)
            throw CheckFailure.malformed("tensor " + name + ": entry is not an object");
        String dtype = null;
        long[] shape = null, offsets = null;
        r.beginObject();
        while (r.hasNext()) {
            String field = r.nextName();
            boolean dup;
            switch (field) {
                case "dtype":
                    dup = dtype != null;
                    if (r.peek() != JsonToken.STRING) throw CheckFailure.malformed("tensor " + name + ": dtype is not a string");
                    dtype = r.nextString();
                    break;
                case "shape":
                    dup = shape != null;
                    shape = readInts(r, name, "shape");
                    break;
                case "data_offsets":
                    dup = offsets != null;
                    offsets = readInts(r, name, "data_offsets");
                    break;
                default:
                    throw CheckFailure.malformed("tensor " + name + ": unknown field \"" + field + "\"");
            }
            if (dup) throw CheckFailure.malformed("tensor " + name + ": duplicate field \"" + field + "\"");
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null)
            throw CheckFailure.malformed("tensor " + name + ": entry needs dtype, shape and data_offsets");
        if (offsets.length != 2)
            throw CheckFailure.malformed("tensor " + name + ": data_offsets must be [begin, end]");
        return new RawEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** An array of non-negative decimal integers below 10^18 (so every later product is checked). */
    private static long[] readInts(JsonReader r, String name, String field) throws IOException, CheckFailure {
        if (r.peek() != JsonToken.BEGIN_ARRAY)
            throw CheckFailure.malformed("tensor " + name + ": " + field + " is not an array");
        List<Long> xs = new ArrayList<>();
        r.beginArray();
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER)
                throw CheckFailure.malformed("tensor " + name + ": " + field + " holds a non-number");
            String s = r.nextString();
            if (!s.matches("0|[1-9][0-9]{0,17}"))
                throw CheckFailure.malformed("tensor " + name + ": " + field + " holds " + s
                        + ", not a non-negative integer below 10^18");
            xs.add(Long.parseLong(s));
        }
        r.endArray();
        return xs.stream().mapToLong(Long::longValue).toArray();
    }

    /** Checks each tensor's byte length and that the tensors tile the buffer; returns buffer order. */
    private static List<Entry> layout(List<RawEntry> raw, int dataStart, int fileLength) throws CheckFailure {
        long bufferLength = fileLength - (long) dataStart;
        List<RawEntry> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.comparingLong(RawEntry::begin).thenComparingLong(RawEntry::end));
        List<Entry> out = new ArrayList<>();
        long expectedBegin = 0;
        for (RawEntry e : sorted) {
            int bits = bits(e.dtype);
            if (bits < 0) throw CheckFailure.malformed("tensor " + e.name + ": unknown dtype \"" + e.dtype + "\"");
            long numel = numel(e);
            if (numel * bits % 8 != 0)
                throw CheckFailure.malformed("tensor " + e.name + ": " + numel + " elements of " + e.dtype + " are not a whole number of bytes");
            if (e.end < e.begin)
                throw CheckFailure.malformed("tensor " + e.name + ": data_offsets end " + e.end + " is before begin " + e.begin);
            if (e.end - e.begin != numel * bits / 8)
                throw CheckFailure.malformed("tensor " + e.name + ": data_offsets span " + (e.end - e.begin) + " bytes but "
                        + e.dtype + " " + Arrays.toString(e.shape) + " needs " + numel * bits / 8);
            if (e.begin != expectedBegin)
                throw CheckFailure.malformed("tensor " + e.name + ": data begins at " + e.begin + ", expected " + expectedBegin
                        + (e.begin > expectedBegin ? " (hole in the data buffer)" : " (overlapping tensors)"));
            if (e.end > bufferLength)
                throw CheckFailure.malformed("tensor " + e.name + ": data ends at " + e.end + ", beyond the " + bufferLength + "-byte data buffer");
            expectedBegin = e.end;
            out.add(new Entry(e.name, e.dtype, e.shape, numel, dataStart + (int) e.begin, dataStart + (int) e.end));
        }
        if (expectedBegin != bufferLength)
            throw CheckFailure.malformed("tensors cover " + expectedBegin + " bytes but the data buffer has " + bufferLength
                    + " (trailing bytes not covered)");
        return Collections.unmodifiableList(out);
    }

    private static long numel(RawEntry e) throws CheckFailure {
        for (long d : e.shape) if (d == 0) return 0;
        long p = 1;
        for (long d : e.shape) {
            // p <= 2^31 and d < 10^18 < 2^60, so check before multiplying to avoid overflow
            if (d > MAX_TENSOR_ELEMENTS || p * d > MAX_TENSOR_ELEMENTS)
                throw CheckFailure.resourceLimit("tensor " + e.name + ": shape " + Arrays.toString(e.shape)
                        + " has more than " + MAX_TENSOR_ELEMENTS + " elements");
            p *= d;
        }
        return p;
    }

    private static String firstLine(String s) {
        if (s == null) return "unexpected input";
        int nl = s.indexOf('\n');
        // Gson's advice to parse leniently is not for our users
        return (nl < 0 ? s : s.substring(0, nl))
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
    }
}
