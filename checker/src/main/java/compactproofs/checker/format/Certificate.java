package compactproofs.checker.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import compactproofs.checker.CheckFailure;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed certificate (SPEC.md, "Certificate format"). Parsing checks the format, not the claim:
 * every field has the right JSON type, exact numbers are decimal strings, and sizes are within limits.
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
    private static final Set<String> MODEL_KEYS = Set.of("sha256", "vocab", "n_ctx", "d_model", "d_head");
    private static final Set<String> CLAIM_KEYS = Set.of("correct_count", "total", "accuracy");
    private static final Set<String> TOP_KEYS = Set.of("format", "format_version", "model", "strategy", "claim", "hints", "generator");

    public final String modelSha256;
    public final int vocab, nCtx, dModel, dHead;
    public final String strategy;
    public final BigInteger correctCount, total, accNum, accDen;
    /** Strategy-specific hints (an object, possibly empty); validated by the strategy's verifier. */
    public final JsonObject hints;

    private Certificate(JsonObject root) throws CheckFailure {
        for (String k : root.keySet())
            if (!TOP_KEYS.contains(k)) throw CheckFailure.malformed("certificate has unknown field \"" + StrictJson.clip(k) + "\"");
        String format = string(root, "format");
        if (!FORMAT.equals(format)) throw CheckFailure.unsupported("unknown certificate format \"" + StrictJson.clip(format) + "\"");
        int version = smallInt(root, "format_version", Integer.MAX_VALUE);
        if (version != FORMAT_VERSION) throw CheckFailure.unsupported("unsupported format_version " + version + " (this checker reads " + FORMAT_VERSION + ")");
        JsonObject model = object(root, "model");
        onlyKeys(model, "model", MODEL_KEYS);
        modelSha256 = string(model, "sha256");
        if (!HEX64.matcher(modelSha256).matches()) throw CheckFailure.malformed("model.sha256 must be 64 lower-case hex digits");
        vocab = smallInt(model, "vocab", 1 << 20);
        nCtx = smallInt(model, "n_ctx", 1 << 10);
        dModel = smallInt(model, "d_model", 1 << 16);
        dHead = smallInt(model, "d_head", 1 << 16);
        strategy = string(root, "strategy");
        JsonObject claim = object(root, "claim");
        onlyKeys(claim, "claim", CLAIM_KEYS);
        correctCount = nat(claim, "correct_count");
        total = nat(claim, "total");
        String acc = string(claim, "accuracy");
        int slash = acc.indexOf('/');
        if (slash < 0) throw CheckFailure.malformed("claim.accuracy must be an exact fraction \"p/q\"");
        accNum = natText(acc.substring(0, slash), "claim.accuracy numerator");
        accDen = natText(acc.substring(slash + 1), "claim.accuracy denominator");
        if (accDen.signum() == 0) throw CheckFailure.malformed("claim.accuracy has a zero denominator");
        if (root.has("hints")) {
            JsonElement h = root.get("hints");
            if (!h.isJsonObject()) throw CheckFailure.malformed("hints must be an object");
            hints = h.getAsJsonObject();
        } else {
            hints = new JsonObject();
        }
        if (root.has("generator") && !root.get("generator").isJsonObject()) throw CheckFailure.malformed("generator must be an object");
    }

    /**
     * Reads and parses a certificate file.
     *
     * @throws CheckFailure malformed (bad JSON or fields), unsupported (unknown format or version),
     *     resource limit (file too large)
     */
    public static Certificate read(Path file) throws CheckFailure {
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            throw CheckFailure.malformed("cannot read certificate " + file + ": " + CheckFailure.reason(e));
        }
        if (size > MAX_BYTES) throw CheckFailure.resourceLimit("certificate is " + size + " bytes; the limit is " + MAX_BYTES);
        try {
            return parse(Files.readAllBytes(file));
        } catch (java.io.IOException e) {
            throw CheckFailure.malformed("cannot read certificate " + file + ": " + CheckFailure.reason(e));
        }
    }

    /** Parses certificate bytes; see {@link #read(Path)}. */
    public static Certificate parse(byte[] bytes) throws CheckFailure {
        JsonElement e = StrictJson.parse(bytes, "certificate");
        if (!e.isJsonObject()) throw CheckFailure.malformed("certificate must be a JSON object");
        return new Certificate(e.getAsJsonObject());
    }

    // ---- typed field access, shared with the strategy verifiers ----

    public static JsonObject object(JsonObject o, String key) throws CheckFailure {
        JsonElement e = required(o, key);
        if (!e.isJsonObject()) throw CheckFailure.malformed("\"" + key + "\" must be an object");
        return e.getAsJsonObject();
    }

    public static JsonArray array(JsonObject o, String key) throws CheckFailure {
        JsonElement e = required(o, key);
        if (!e.isJsonArray()) throw CheckFailure.malformed("\"" + key + "\" must be an array");
        return e.getAsJsonArray();
    }

    public static String string(JsonObject o, String key) throws CheckFailure {
        JsonElement e = required(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw CheckFailure.malformed("\"" + key + "\" must be a string");
        return e.getAsString();
    }

    /** A JSON integer literal (no sign, fraction or exponent) in {@code [0, max]}. */
    public static int smallInt(JsonObject o, String key, int max) throws CheckFailure {
        return smallInt(required(o, key), key, max);
    }

    public static int smallInt(JsonElement e, String what, int max) throws CheckFailure {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw CheckFailure.malformed("\"" + what + "\" must be a JSON integer");
        String s = ((JsonPrimitive) e).getAsNumber().toString();
        if (!NAT.matcher(s).matches() || s.length() > 10) throw CheckFailure.malformed("\"" + what + "\" must be a non-negative JSON integer, not " + StrictJson.clip(s));
        long v = Long.parseLong(s);
        if (v > max) throw CheckFailure.resourceLimit("\"" + what + "\" = " + v + " exceeds the limit " + max);
        return (int) v;
    }

    /** An exact non-negative integer written as a decimal string. */
    public static BigInteger nat(JsonObject o, String key) throws CheckFailure {
        JsonElement e = required(o, key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
            throw CheckFailure.malformed("\"" + key + "\" must be a decimal string (exact numbers are strings)");
        return natText(e.getAsString(), key);
    }

    public static BigInteger natText(String s, String what) throws CheckFailure {
        if (s.length() > MAX_DIGITS) throw CheckFailure.resourceLimit(what + " has more than " + MAX_DIGITS + " digits");
        if (!NAT.matcher(s).matches()) throw CheckFailure.malformed(what + " must be a non-negative decimal integer, not \"" + StrictJson.clip(s) + "\"");
        return new BigInteger(s);
    }

    private static void onlyKeys(JsonObject o, String where, Set<String> allowed) throws CheckFailure {
        for (String k : o.keySet())
            if (!allowed.contains(k)) throw CheckFailure.malformed(where + " has unknown field \"" + StrictJson.clip(k) + "\"");
    }

    private static JsonElement required(JsonObject o, String key) throws CheckFailure {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) throw CheckFailure.malformed("missing field \"" + key + "\"");
        return e;
    }
}
