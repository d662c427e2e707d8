package compactproofs.checker.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.ToNumberPolicy;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import compactproofs.checker.CheckFailure;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one strict JSON reader of certificates, safetensors headers and TransformerLens configs (SPEC §2, §3),
 * on Gson's public streaming reader: RFC 8259 syntax only, UTF-8 that decodes without replacement, no
 * duplicate keys, nesting at most {@link #MAX_DEPTH}, nothing after the value. Numbers keep their literal text.
 * Also the size-bounded read of a certificate or weights file ({@link #readFile}).
 */
public final class StrictJson {
    private StrictJson() {}

    public static final int MAX_DEPTH = 64;

    /** Parses UTF-8 bytes. @throws CheckFailure malformed for bad UTF-8 or JSON, duplicate keys, trailing data, deep nesting */
    public static JsonElement parse(byte[] utf8, String what) throws CheckFailure {
        return parse(utf8(utf8, 0, utf8.length, what), what);
    }

    /**
     * The whole of a file that both readers take in at once. @throws CheckFailure resource limit for a file over
     * {@code maxBytes}, malformed if it cannot be read
     */
    public static byte[] readFile(Path file, long maxBytes, String what) throws CheckFailure {
        try {
            long size = Files.size(file);
            if (size > maxBytes) throw CheckFailure.resourceLimit(what + " " + file + " is " + size + " bytes, over the limit of " + maxBytes);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw CheckFailure.malformed("cannot read " + what + " " + file + ": " + CheckFailure.reason(e));
        }
    }

    static String utf8(byte[] b, int off, int len, String what) throws CheckFailure {
        try {
            // a new decoder reports malformed input (CodingErrorAction.REPORT is the default) rather than replacing it
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw CheckFailure.malformed(what + " is not valid UTF-8");
        }
    }

    static JsonElement parse(String text, String what) throws CheckFailure {
        if (text.startsWith("\uFEFF")) throw CheckFailure.malformed(what + " starts with a byte-order mark");
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            JsonElement e = read(r, 0, what);
            if (r.peek() != JsonToken.END_DOCUMENT) throw CheckFailure.malformed(what + " has data after the JSON value");
            return e;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw CheckFailure.malformed(what + " is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static JsonElement read(JsonReader r, int depth, String what) throws IOException, CheckFailure {
        if (depth > MAX_DEPTH) throw CheckFailure.malformed(what + " nests deeper than " + MAX_DEPTH + " levels");
        JsonToken t = r.peek();
        if (t == JsonToken.BEGIN_OBJECT) {
            JsonObject o = new JsonObject();
            r.beginObject();
            while (r.hasNext()) {
                String k = r.nextName();
                if (o.has(k)) throw CheckFailure.malformed(what + " has duplicate key \"" + clip(k) + "\" (at " + clip(r.getPath()) + ")");
                o.add(k, read(r, depth + 1, what));
            }
            r.endObject();
            return o;
        }
        if (t == JsonToken.BEGIN_ARRAY) {
            JsonArray a = new JsonArray();
            r.beginArray();
            while (r.hasNext()) a.add(read(r, depth + 1, what));
            r.endArray();
            return a;
        }
        if (t == JsonToken.STRING) return new JsonPrimitive(r.nextString());
        // Gson's LazilyParsedNumber keeps the literal text: "-0", "1e2" and "1.0" stay distinct from "0", "100" and "1"
        if (t == JsonToken.NUMBER) return new JsonPrimitive(ToNumberPolicy.LAZILY_PARSED_NUMBER.readNumber(r));
        if (t == JsonToken.BOOLEAN) return new JsonPrimitive(r.nextBoolean());
        r.nextNull(); // the only other value; anything else throws IllegalStateException, reported as invalid JSON
        return JsonNull.INSTANCE;
    }

    /** The first 40 characters of {@code s} and "...", or {@code s} when it is at most 40 long (for messages). */
    public static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static String firstLine(String s) {
        if (s == null) return "syntax error";
        int i = s.indexOf('\n');
        // Gson's advice to parse leniently is not for our users, and would hide where the error is
        String line = (i < 0 ? s : s.substring(0, i))
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        return line.length() > 80 ? line.substring(0, 80) + "..." : line;
    }
}
