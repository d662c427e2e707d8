package compactproofs.testdata.testing;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-side editor of safetensors files, used to build hostile weight files: splits a file into its
 * header object and tensor data, lets a case edit either, and writes the bytes back, with or without
 * recomputing the data offsets. It trusts nothing and validates nothing (that is the checker's job).
 */
public final class Safetensors {
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    /** Header entries in file order (including {@code __metadata__}). */
    public final JsonObject header;
    /** Each tensor's bytes, by name, in file order of the header. */
    public final Map<String, byte[]> data = new LinkedHashMap<>();

    public Safetensors(byte[] file) {
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int start = 8 + (int) n;
        header = JsonParser.parseString(new String(file, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            JsonArray off = e.getValue().getAsJsonObject().getAsJsonArray("data_offsets");
            data.put(e.getKey(), Arrays.copyOfRange(file, start + off.get(0).getAsInt(), start + off.get(1).getAsInt()));
        }
    }

    public JsonObject entry(String name) {
        return header.getAsJsonObject(name);
    }

    /** Lays the tensors out contiguously in header order, rewriting data_offsets, and returns the file. */
    public byte[] toBytes() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            byte[] d = data.get(e.getKey());
            JsonArray off = new JsonArray();
            off.add(buf.size());
            off.add(buf.size() + d.length);
            e.getValue().getAsJsonObject().add("data_offsets", off);
            buf.writeBytes(d);
        }
        return raw(GSON.toJson(header), buf.toByteArray());
    }

    /** The bytes of the current header (offsets as they stand) and all tensor data in header order. */
    public byte[] toBytesKeepingOffsets() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        for (Map.Entry<String, JsonElement> e : header.entrySet())
            if (!e.getKey().equals("__metadata__")) buf.writeBytes(data.get(e.getKey()));
        return raw(GSON.toJson(header), buf.toByteArray());
    }

    /** A file with the given header text (its UTF-8 length declared) followed by {@code body}. */
    public static byte[] raw(String headerText, byte[] body) {
        return raw(headerText.getBytes(StandardCharsets.UTF_8), body);
    }

    public static byte[] raw(byte[] headerBytes, byte[] body) {
        return withLength(headerBytes.length, headerBytes, body);
    }

    /** A file whose 8-byte length field says {@code declared}, whatever follows. */
    public static byte[] withLength(long declared, byte[] headerBytes, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + headerBytes.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declared).put(headerBytes).put(body);
        return b.array();
    }

    public static JsonArray ints(long... xs) {
        JsonArray a = new JsonArray();
        for (long x : xs) a.add(x);
        return a;
    }

    /** Sets the F32 value at flat index {@code i} of a tensor. */
    public void setF32(String name, int i, float v) {
        ByteBuffer.wrap(data.get(name)).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * i, v);
    }
}
