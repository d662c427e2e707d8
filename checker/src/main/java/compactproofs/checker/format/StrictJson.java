package compactproofs.checker.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import compactproofs.checker.CheckFailure;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A strict JSON parser on top of Gson's streaming reader: RFC 8259 syntax only, UTF-8 that must
 * decode without replacement, no duplicate keys, bounded nesting depth and string length, and nothing
 * after the top-level value. Numbers are kept as their literal text.
 */
public final class StrictJson {
    private StrictJson() {}

    public static final int MAX_DEPTH = 64;

    /**
     * Parses UTF-8 bytes.
     *
     * @throws CheckFailure malformed for invalid UTF-8, syntax errors, duplicate keys, trailing data,
     *     or nesting deeper than {@link #MAX_DEPTH}
     */
    public static JsonElement parse(byte[] utf8, String what) throws CheckFailure {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw CheckFailure.malformed(what + " is not valid UTF-8");
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') throw CheckFailure.malformed(what + " starts with a byte-order mark");
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
        switch (r.peek()) {
            case BEGIN_OBJECT: {
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String k = r.nextName();
                    if (o.has(k)) throw CheckFailure.malformed(what + " has duplicate key \"" + clip(k) + "\"");
                    o.add(k, read(r, depth + 1, what));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY: {
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) a.add(read(r, depth + 1, what));
                r.endArray();
                return a;
            }
            case STRING: return new JsonPrimitive(r.nextString());
            case NUMBER: return new JsonPrimitive(new LazilyParsedNumber(r.nextString()));
            case BOOLEAN: return new JsonPrimitive(r.nextBoolean());
            case NULL: r.nextNull(); return JsonNull.INSTANCE;
            default: throw CheckFailure.malformed(what + " is not valid JSON near " + r.getPath());
        }
    }

    static String clip(String s) {
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
