package compactproofs.checker.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A certificate read completely up front (SPEC §3): every field has the right JSON type, exact numbers are
 * decimal strings, sizes are within limits, and the hints are typed ({@link Hints}). Parsing checks the
 * format, not the claim.
 */
public final class Certificate {
    public static final String FORMAT = "compact-proofs/max-of-k-certificate";
    public static final int FORMAT_VERSION = 1;
    /** Certificates larger than this are refused before parsing (resource limit). */
    public static final long MAX_BYTES = 256L << 20;
    /** Longest decimal integer accepted in an exact field. */
    public static final int MAX_DIGITS = 400;

    private static final Pattern NAT = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public final String modelSha256;
    public final int vocab, nCtx, dModel, dHead;
    public final String strategy;
    public final BigInteger correctCount, total, accNum, accDen;
    /** The strategy's hints; its type is the strategy. */
    public final Hints hints;

    private Certificate(JsonObject root) throws CheckFailure {
        onlyKeys(root, "certificate", Set.of("format", "format_version", "model", "strategy", "claim", "hints", "generator"));
        String format = string(root, "format");
        if (!FORMAT.equals(format)) throw CheckFailure.unsupported("unknown certificate format \"" + StrictJson.clip(format) + "\"");
        int version = smallInt(root, "format_version", Integer.MAX_VALUE);
        if (version != FORMAT_VERSION) throw CheckFailure.unsupported("unsupported format_version " + version + " (this checker reads " + FORMAT_VERSION + ")");
        JsonObject model = object(root, "model");
        onlyKeys(model, "model", Set.of("sha256", "vocab", "n_ctx", "d_model", "d_head"));
        modelSha256 = string(model, "sha256");
        if (!HEX64.matcher(modelSha256).matches()) throw CheckFailure.malformed("model.sha256 must be 64 lower-case hex digits");
        vocab = smallInt(model, "vocab", 1 << 20);
        nCtx = smallInt(model, "n_ctx", 1 << 10);
        dModel = smallInt(model, "d_model", 1 << 16);
        dHead = smallInt(model, "d_head", 1 << 16);
        strategy = string(root, "strategy");
        JsonObject claim = object(root, "claim");
        onlyKeys(claim, "claim", Set.of("correct_count", "total", "accuracy"));
        correctCount = nat(claim, "correct_count");
        total = nat(claim, "total");
        String acc = string(claim, "accuracy");
        int slash = acc.indexOf('/');
        if (slash < 0) throw CheckFailure.malformed("claim.accuracy must be an exact fraction \"p/q\"");
        accNum = natText(acc.substring(0, slash), "claim.accuracy numerator");
        accDen = natText(acc.substring(slash + 1), "claim.accuracy denominator");
        if (accDen.signum() == 0) throw CheckFailure.malformed("claim.accuracy has a zero denominator");
        JsonElement h = root.has("hints") ? root.get("hints") : new JsonObject();
        if (!h.isJsonObject()) throw CheckFailure.malformed("hints must be an object");
        if (root.has("generator") && !root.get("generator").isJsonObject()) throw CheckFailure.malformed("generator must be an object");
        hints = hints(h.getAsJsonObject());
    }

    /** The hints of the named strategy; an unknown strategy is unsupported whatever its hints. */
    private Hints hints(JsonObject h) throws CheckFailure {
        switch (strategy) {
            case "cubic":
                for (String k : h.keySet()) throw CheckFailure.malformed("the cubic strategy takes no hints, but hints has \"" + StrictJson.clip(k) + "\"");
                return new Hints.Cubic();
            case "brute-force":
                onlyKeys(h, "brute-force hints", Set.of("incorrect_inputs"));
                if (!h.has("incorrect_inputs")) return new Hints.BruteForce(null);
                JsonArray a = array(h, "incorrect_inputs");
                if (a.size() > Hints.BruteForce.MAX_LISTED) throw CheckFailure.resourceLimit("hints.incorrect_inputs lists more than " + Hints.BruteForce.MAX_LISTED + " inputs");
                return new Hints.BruteForce(ints(a, "hints.incorrect_inputs", -1, "an array of " + nCtx + " tokens"));
            case "cascade":
                onlyKeys(h, "cascade hints", Set.of("enumerate", "shard"));
                int index = 0, count = 1;
                if (h.has("shard")) {
                    JsonObject s = object(h, "shard");
                    onlyKeys(s, "hints.shard", Set.of("index", "count"));
                    count = smallInt(s, "count", 1 << 20);
                    index = smallInt(s, "index", 1 << 20);
                    if (count < 1 || index >= count) throw CheckFailure.malformed("hints.shard must have 0 <= index < count");
                }
                int[][] classes = h.has("enumerate") ? ints(array(h, "enumerate"), "hints.enumerate", 3, "[q, m, c]") : new int[0][];
                return new Hints.Cascade(classes, index, count);
            case "separable":
                onlyKeys(h, "separable hints", Set.of("resolution", "split_logits", "enumerate_failing"));
                JsonElement en = h.get("enumerate_failing");
                if (en != null && !(en.isJsonPrimitive() && en.getAsJsonPrimitive().isBoolean())) throw CheckFailure.malformed("\"enumerate_failing\" must be true or false");
                if (h.has("split_logits") && array(h, "split_logits").size() > Hints.BruteForce.MAX_LISTED)
                    throw CheckFailure.resourceLimit("hints.split_logits lists more than " + Hints.BruteForce.MAX_LISTED + " entries");
                return new Hints.Separable(smallInt(h, "resolution", Hints.Separable.MAX_RESOLUTION),
                        h.has("split_logits") ? ints(array(h, "split_logits"), "hints.split_logits", 3, "[q, m, x]") : new int[0][], en != null && en.getAsBoolean());
            default:
                return SubcubicHints.parse(h, strategy, vocab, nCtx);
        }
    }

    /** Arrays of JSON integers; {@code arity < 0} leaves the length to the verifier. */
    private static int[][] ints(JsonArray a, String what, int arity, String shape) throws CheckFailure {
        int[][] out = new int[a.size()][];
        for (int k = 0; k < out.length; k++) {
            JsonElement e = a.get(k);
            if (!e.isJsonArray() || arity >= 0 && e.getAsJsonArray().size() != arity) throw CheckFailure.malformed(what + "[" + k + "] must be " + shape);
            out[k] = new int[e.getAsJsonArray().size()];
            for (int i = 0; i < out[k].length; i++) { // once per listed token: the name is built only off the fast path
                JsonElement t = e.getAsJsonArray().get(i);
                boolean small = isNumber(t) && t.getAsString().length() <= 9 && NAT.matcher(t.getAsString()).matches();
                out[k][i] = small ? Integer.parseInt(t.getAsString()) : smallInt(t, what + "[" + k + "][" + i + "]", Integer.MAX_VALUE);
            }
        }
        return out;
    }

    /** Reads and parses a certificate file. @throws CheckFailure malformed, unsupported, or resource limit (file too large) */
    public static Certificate read(Path file) throws CheckFailure {
        return parse(StrictJson.readFile(file, MAX_BYTES, "certificate"));
    }

    /** Parses certificate bytes; see {@link #read(Path)}. */
    public static Certificate parse(byte[] bytes) throws CheckFailure {
        JsonElement e = StrictJson.parse(bytes, "certificate");
        if (!e.isJsonObject()) throw CheckFailure.malformed("certificate must be a JSON object");
        return new Certificate(e.getAsJsonObject());
    }

    // ---- typed field access (format/ only) ----

    static JsonObject object(JsonObject o, String key) throws CheckFailure {
        return typed(o, key, JsonElement::isJsonObject, "an object").getAsJsonObject();
    }

    static JsonArray array(JsonObject o, String key) throws CheckFailure {
        return typed(o, key, JsonElement::isJsonArray, "an array").getAsJsonArray();
    }

    static String string(JsonObject o, String key) throws CheckFailure {
        return typed(o, key, Certificate::isString, "a string").getAsString();
    }

    static boolean isString(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    static boolean isNumber(JsonElement e) {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    static int smallInt(JsonObject o, String key, int max) throws CheckFailure {
        return smallInt(typed(o, key, e -> true, ""), key, max);
    }

    /** A JSON integer literal (no sign, fraction or exponent) in {@code [0, max]}. */
    static int smallInt(JsonElement e, String what, int max) throws CheckFailure {
        if (!isNumber(e)) throw CheckFailure.malformed("\"" + what + "\" must be a JSON integer");
        String s = e.getAsString();
        if (!NAT.matcher(s).matches() || s.length() > 10) throw CheckFailure.malformed("\"" + what + "\" must be a non-negative JSON integer, not " + StrictJson.clip(s));
        long v = Long.parseLong(s);
        if (v > max) throw CheckFailure.resourceLimit("\"" + what + "\" = " + v + " exceeds the limit " + max);
        return (int) v;
    }

    /** An exact non-negative integer written as a decimal string. */
    private static BigInteger nat(JsonObject o, String key) throws CheckFailure {
        return natText(typed(o, key, Certificate::isString, "a decimal string (exact numbers are strings)").getAsString(), key);
    }

    private static BigInteger natText(String s, String what) throws CheckFailure {
        if (s.length() > MAX_DIGITS) throw CheckFailure.resourceLimit(what + " has more than " + MAX_DIGITS + " digits");
        if (!NAT.matcher(s).matches()) throw CheckFailure.malformed(what + " must be a non-negative decimal integer, not \"" + StrictJson.clip(s) + "\"");
        return new BigInteger(s);
    }

    static void onlyKeys(JsonObject o, String where, Set<String> allowed) throws CheckFailure {
        for (String k : o.keySet())
            if (!allowed.contains(k)) throw CheckFailure.malformed(where + " has unknown field \"" + StrictJson.clip(k) + "\"");
    }

    /** The value of a required field (null counts as missing) of the right JSON type. */
    private static JsonElement typed(JsonObject o, String key, Predicate<JsonElement> ok, String type) throws CheckFailure {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw CheckFailure.malformed("missing field \"" + key + "\"");
        if (!ok.test(e)) throw CheckFailure.malformed("\"" + key + "\" must be " + type);
        return e;
    }
}
