package compactproofs.generator.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.format.StrictJson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Turns a TransformerLens state dict (a safetensors file as written by
 * {@code safetensors.torch.save_file(model.state_dict(), path)}) and its {@code HookedTransformerConfig}
 * (as written by {@code json.dump(model.cfg.to_dict(), f, default=str)}) into one weights file that
 * carries the config in {@code __metadata__["transformer_lens_config"]} (SPEC §2).
 *
 * <p>The tensor data is copied byte for byte; only the header changes: torch.compile's
 * {@code _orig_mod.} prefixes are stripped from tensor names, the config is added (compact JSON, numbers
 * as written) and any other metadata kept. The result is then read by the checker's own reader, so
 * everything the checker would refuse (a setting that changes the model, unknown tensors, bad
 * shapes) is refused here with the checker's reason and exit code.
 */
public final class TransformerLensImport {
    /** The metadata key of the config (a JSON object written as a string). */
    public static final String CONFIG_KEY = "transformer_lens_config";
    /** The prefix torch.compile puts before every state-dict name. */
    public static final String COMPILE_PREFIX = "_orig_mod.";

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    /**
     * The converted file.
     *
     * @param bytes   the new weights file
     * @param model   the checker's reading of it
     * @param renamed how many tensor names lost a {@code _orig_mod.} prefix
     */
    public record Result(byte[] bytes, LoadedModel model, int renamed) {}

    private TransformerLensImport() {}

    /**
     * Converts a state dict and its config.
     *
     * @throws CheckFailure malformed for a file or config that cannot be parsed (or two tensors with the
     *     same name once prefixes are stripped), and any refusal of the checker's reader
     */
    public static Result convert(byte[] stateDict, byte[] configJson) throws CheckFailure {
        JsonElement config = StrictJson.parse(configJson, "TransformerLens config");
        if (!config.isJsonObject())
            throw CheckFailure.malformed("TransformerLens config is not a JSON object (expected json.dump(model.cfg.to_dict(), f, default=str))");
        if (stateDict.length < 8)
            throw CheckFailure.malformed("state dict is " + stateDict.length + " bytes, too short for a safetensors file");
        long n = ByteBuffer.wrap(stateDict, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 0 || n > stateDict.length - 8L)
            throw CheckFailure.malformed("state dict is not a safetensors file (header length " + Long.toUnsignedString(n)
                    + " exceeds the " + (stateDict.length - 8L) + " bytes after the length field)");
        JsonElement parsed = StrictJson.parse(Arrays.copyOfRange(stateDict, 8, 8 + (int) n), "state dict header");
        if (!parsed.isJsonObject()) throw CheckFailure.malformed("state dict header is not a JSON object");

        JsonObject in = parsed.getAsJsonObject(), out = new JsonObject(), meta = new JsonObject();
        if (in.has("__metadata__") && in.get("__metadata__").isJsonObject())
            for (Map.Entry<String, JsonElement> e : in.getAsJsonObject("__metadata__").entrySet()) meta.add(e.getKey(), e.getValue());
        meta.addProperty(CONFIG_KEY, GSON.toJson(config));
        out.add("__metadata__", meta);
        int renamed = 0;
        for (Map.Entry<String, JsonElement> e : in.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            String name = e.getKey();
            while (name.startsWith(COMPILE_PREFIX)) name = name.substring(COMPILE_PREFIX.length());
            if (!name.equals(e.getKey())) renamed++;
            if (out.has(name))
                throw CheckFailure.malformed("state dict has tensor " + name + " twice once " + COMPILE_PREFIX + " prefixes are stripped");
            out.add(name, e.getValue());
        }

        byte[] header = GSON.toJson(out).getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        int data = stateDict.length - 8 - (int) n;
        ByteBuffer b = ByteBuffer.allocate(Math.addExact(8 + padded, data)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(header);
        for (int i = header.length; i < padded; i++) b.put((byte) ' ');
        b.put(stateDict, 8 + (int) n, data);
        byte[] bytes = b.array();
        return new Result(bytes, SafetensorsReader.read(bytes), renamed);
    }
}
