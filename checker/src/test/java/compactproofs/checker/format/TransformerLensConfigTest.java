package compactproofs.checker.format;

import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import compactproofs.checker.testing.TinyModel;

/** SPEC §2: a TransformerLens config in the metadata is read and every function-changing setting refused. */
class TransformerLensConfigTest {
    /** TransformerLens 2.x {@code cfg.to_dict()} of the bundled tiny model, as {@code json.dump(..., default=str)} writes it. */
    private static final Path CONFIG = Path.of("../testdata/transformer-lens/tiny-v8-n3.config.json");

    /** The default config, re-dimensioned for {@link TinyModel} (V=5, n=3, D=4, H=2). */
    static JsonObject defaultConfig() throws Exception {
        JsonObject c = JsonParser.parseString(Files.readString(CONFIG)).getAsJsonObject();
        c.addProperty("d_model", 4);
        c.addProperty("d_head", 2);
        c.addProperty("d_vocab", 5);
        c.addProperty("d_vocab_out", 5);
        c.addProperty("n_ctx", 3);
        c.addProperty("attn_scale", Math.sqrt(2));
        return c;
    }

    private static byte[] model(String configText) {
        TinyModel t = TinyModel.standard(1);
        JsonObject meta = new JsonObject();
        meta.addProperty("format", "pt");
        meta.addProperty(TransformerLensConfig.KEY, configText);
        t.metadata = meta.toString();
        return t.bytes();
    }

    private static byte[] model(Consumer<JsonObject> edit) throws Exception {
        JsonObject c = defaultConfig();
        edit.accept(c);
        return model(c.toString());
    }

    private static void refused(ExitCode code, String reason, byte[] file) {
        CheckFailure e = assertThrows(CheckFailure.class, () -> SafetensorsReader.read(file));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), () -> "reason \"" + e.getMessage() + "\" lacks \"" + reason + "\"");
    }

    private static void set(String key, JsonElement value, String reason) throws Exception {
        refused(ExitCode.UNSUPPORTED, reason, model(c -> c.add(key, value)));
    }

    @Test void defaultConfigAccepted() throws Exception {
        LoadedModel m = SafetensorsReader.read(model(c -> {}));
        assertTrue(m.metadata().containsKey(TransformerLensConfig.KEY));
        // the weights are those of the same file without a config
        assertEquals(SafetensorsReader.read(TinyModel.standard(1).bytes()).weights().wQ[1][1], m.weights().wQ[1][1]);
        // harmless variants: TL 1.x (no attn_scale), an unscaled -1.0, n_heads -1 with d_model // d_head = 1 is not this model
        SafetensorsReader.read(model(c -> c.remove("attn_scale")));
        SafetensorsReader.read(model(c -> c.addProperty("attn_scale", -1.0)));
        SafetensorsReader.read(model(c -> c.addProperty("d_vocab_out", -1)));
        SafetensorsReader.read(model(c -> c.addProperty("attn_scores_soft_cap", 0)));
        // TL 3.x defaults: act_fn "relu" and d_mlp 4 * d_model even when attn_only (no MLP is built)
        SafetensorsReader.read(model(c -> { c.addProperty("act_fn", "relu"); c.addProperty("d_mlp", 16);
            c.addProperty("layer_norm_folding", false); c.addProperty("uses_rms_norm", false); }));
        // a minimal hand-written config
        SafetensorsReader.read(model("{\"n_layers\":1,\"d_model\":4,\"d_head\":2,\"n_heads\":1,\"n_ctx\":3,"
                + "\"attn_only\":true,\"normalization_type\":null}"));
    }

    @Test void lnPreRefusedNamingTheSetting() throws Exception {
        refused(ExitCode.UNSUPPORTED, "TransformerLens config normalization_type = \"LNPre\" changes the model; only "
                + "normalization_type = null is supported", model(c -> c.addProperty("normalization_type", "LNPre")));
        set("normalization_type", new JsonPrimitive("LN"), "normalization_type = \"LN\"");
        set("normalization_type", new JsonPrimitive("RMSPre"), "normalization_type = \"RMSPre\"");
        // absent means TransformerLens's default "LN"
        refused(ExitCode.UNSUPPORTED, "normalization_type = \"LN\" (the default)", model(c -> c.remove("normalization_type")));
    }

    @Test void everyFunctionChangingSettingRefused() throws Exception {
        set("n_layers", new JsonPrimitive(2), "n_layers = 2");
        set("attn_only", new JsonPrimitive(false), "attn_only = false");
        refused(ExitCode.UNSUPPORTED, "attn_only = false (the default)", model(c -> c.remove("attn_only")));
        refused(ExitCode.UNSUPPORTED, "n_layers = (absent)", model(c -> c.remove("n_layers")));
        set("positional_embedding_type", new JsonPrimitive("shortformer"), "positional_embedding_type = \"shortformer\"");
        set("positional_embedding_type", new JsonPrimitive("rotary"), "positional_embedding_type = \"rotary\"");
        set("attention_dir", new JsonPrimitive("bidirectional"), "attention_dir = \"bidirectional\"");
        set("use_attn_scale", new JsonPrimitive(false), "use_attn_scale = false");
        set("attn_scale", new JsonPrimitive(2.0), "attn_scale = 2.0 changes the model; only attn_scale = 1.4142135623730951");
        set("attn_scale", new JsonPrimitive("1.4142135623730951"), "attn_scale = \"1.4142135623730951\"");
        set("final_rms", new JsonPrimitive(true), "final_rms = true");
        set("post_embedding_ln", new JsonPrimitive(true), "post_embedding_ln = true");
        set("use_local_attn", new JsonPrimitive(true), "use_local_attn = true");
        set("use_qk_norm", new JsonPrimitive(true), "use_qk_norm = true");
        set("scale_attn_by_inverse_layer_idx", new JsonPrimitive(true), "scale_attn_by_inverse_layer_idx = true");
        set("n_key_value_heads", new JsonPrimitive(1), "n_key_value_heads = 1");
        set("attn_scores_soft_cap", new JsonPrimitive(50.0), "attn_scores_soft_cap = 50.0");
        set("output_logits_soft_cap", new JsonPrimitive(30), "output_logits_soft_cap = 30");
        set("n_heads", new JsonPrimitive(2), "n_heads = 2");
        // n_heads -1 means d_model // d_head = 4 // 2 = 2 heads
        set("n_heads", new JsonPrimitive(-1), "n_heads = -1, i.e. d_model // d_head = 2 changes");
        set("parallel_attention", JsonNull.INSTANCE, "setting parallel_attention is unknown");
    }

    @Test void dimensionsMustMatchTheTensors() throws Exception {
        refused(ExitCode.MALFORMED, "TransformerLens config d_model = 8 does not match the tensors, which have d_model = 4",
                model(c -> c.addProperty("d_model", 8)));
        refused(ExitCode.MALFORMED, "n_ctx = 4", model(c -> c.addProperty("n_ctx", 4)));
        refused(ExitCode.MALFORMED, "d_vocab = 6", model(c -> c.addProperty("d_vocab", 6)));
        refused(ExitCode.MALFORMED, "d_vocab_out = 64", model(c -> c.addProperty("d_vocab_out", 64)));
        refused(ExitCode.MALFORMED, "d_head = 4", model(c -> c.addProperty("d_head", 4)));
    }

    @Test void configMustBeStrictJsonObject() {
        refused(ExitCode.MALFORMED, "__metadata__ transformer_lens_config is not a JSON object", model("[1]"));
        refused(ExitCode.MALFORMED, "__metadata__ transformer_lens_config is not valid JSON", model("{\"n_layers\":1,}"));
        refused(ExitCode.MALFORMED, "duplicate key", model("{\"n_layers\":1,\"n_layers\":1}"));
        // Python's json.dump writes NaN, which is not JSON
        refused(ExitCode.MALFORMED, "not valid JSON", model("{\"eps\":NaN}"));
    }

    @Test void hostileValuesGetAReason() throws Exception {
        // an exponent beyond BigDecimal's range is still a number (+infinity as a double, as in Python)
        set("output_logits_soft_cap", new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber("1e999999999999")),
                "output_logits_soft_cap = 1e999999999999");
        SafetensorsReader.read(model(c -> c.add("attn_scores_soft_cap",
                new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber("-1e999999999999")))));
        set("attn_scale", new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber("1e999999999999")), "attn_scale = 1e999999999999");
        set("normalization_type", new JsonPrimitive("x".repeat(10_000)), "normalization_type = \"xxxxxxxx");
        // d_head 0: refused as empty before the config divides by it
        TinyModel t = TinyModel.standard(1);
        t.f32("blocks.0.attn.W_Q", "[1,4,0]");
        JsonObject meta = new JsonObject();
        meta.addProperty(TransformerLensConfig.KEY, defaultConfig().toString());
        t.metadata = meta.toString();
        refused(ExitCode.MALFORMED, "tensor blocks.0.attn.W_Q is empty", t.bytes());
    }

    @Test void plainPyTorchNamesGetTheExpectedNames() {
        for (String name : new String[] {"W_E.weight", "embed.weight", "_orig_mod.embed.W_E", "module.unembed.W_U"}) {
            TinyModel t = TinyModel.standard(1);
            t.f32(name, "[2]", 1f, 2f);
            refused(ExitCode.UNSUPPORTED, "tensor " + name + " is not a TransformerLens state-dict name", t.bytes());
            refused(ExitCode.UNSUPPORTED, "expected embed.W_E, pos_embed.W_pos, blocks.0.attn.W_Q", t.bytes());
        }
        TinyModel t = TinyModel.standard(1);
        t.f32("_orig_mod.pos_embed.W_pos", "[2]", 1f, 2f);
        refused(ExitCode.UNSUPPORTED, "torch.compile's _orig_mod. prefix", t.bytes());
    }
}
