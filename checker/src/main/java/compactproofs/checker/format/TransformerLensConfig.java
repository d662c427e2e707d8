package compactproofs.checker.format;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TransformerLens {@code HookedTransformerConfig} a weights file may carry, as a JSON object in
 * the string {@code __metadata__["transformer_lens_config"]} (SPEC §2). Every setting that changes the
 * function of SPEC §1 must have the value that gives that function; an absent setting has its
 * TransformerLens default. Settings known not to change it are ignored; unknown settings are refused.
 */
final class TransformerLensConfig {
    static final String KEY = "transformer_lens_config";

    /** Settings that must have this value (JSON text), in the order they are checked. */
    private static final String[][] REQUIRED = {{"n_layers", "1"}, {"normalization_type", "null"}, {"attn_only", "true"},
            {"positional_embedding_type", "\"standard\""}, {"attention_dir", "\"causal\""}, {"use_attn_scale", "true"},
            {"scale_attn_by_inverse_layer_idx", "false"}, {"final_rms", "false"}, {"post_embedding_ln", "false"},
            {"use_local_attn", "false"}, {"use_qk_norm", "false"}, {"use_normalization_before_and_after", "false"},
            {"uses_rms_norm", "false"}, {"layer_norm_folding", "false"}, {"n_key_value_heads", "null"}};
    /** Dimensions that must match the tensors' (d_vocab and d_vocab_out may also be -1, inferred). */
    private static final String[] DIMENSIONS = {"d_vocab", "d_vocab_out", "n_ctx", "d_model", "d_head"};
    /** Settings checked one by one below. */
    private static final List<String> CHECKED = List.of("attn_scores_soft_cap", "output_logits_soft_cap", "attn_scale", "n_heads");
    /** TransformerLens defaults that differ from the required value (n_layers has no default). */
    private static final Map<String, String> DEFAULTS = Map.of("n_layers", "(absent)", "attn_only", "false (the default)",
            "normalization_type", "\"LN\" (the default)");
    /** Settings of parts the function above does not have (MLP, LayerNorm, rotary, local attention), or no function. */
    private static final Set<String> IGNORED = Set.of("act_fn", "d_mlp", "gated_mlp", "parallel_attn_mlp", "num_experts",
            "experts_per_token", "norm_topk_prob", "use_hook_mlp_in", "eps", "rotary_dim", "rotary_base", "rotary_base_local",
            "rotary_scaling_factor", "rotary_adjacent_pairs", "use_NTK_by_parts_rope", "NTK_by_parts_factor",
            "NTK_by_parts_high_freq_factor", "NTK_by_parts_low_freq_factor", "NTK_original_ctx_len", "use_yarn_rope",
            "yarn_factor", "yarn_attention_factor", "yarn_beta_fast", "yarn_beta_slow", "yarn_original_max_position_embeddings",
            "relative_attention_max_distance", "relative_attention_num_buckets", "window_size", "attn_types",
            "ungroup_grouped_query_attention", "use_attn_result", "use_split_qkv_input", "use_attn_in", "use_hook_tokens",
            "model_name", "original_architecture", "from_checkpoint", "checkpoint_index", "checkpoint_label_type",
            "checkpoint_value", "tokenizer_name", "tokenizer_prepends_bos", "default_prepend_bos", "add_special_tokens",
            "init_mode", "init_weights", "initializer_range", "seed", "n_params", "device", "n_devices", "dtype",
            "trust_remote_code", "load_in_4bit", "decoder_start_token_id", "tie_word_embeddings");

    private TransformerLensConfig() {}

    /**
     * Checks the config in {@code metadata}, if any, against SPEC §1 and the tensor shapes.
     *
     * @throws CheckFailure unsupported for a setting that changes the function or is unknown; malformed
     *     for a config that is not a JSON object or whose dimensions differ from the tensors'
     */
    static void check(Map<String, String> metadata, long vocab, long nCtx, long dModel, long dHead) throws CheckFailure {
        String text = metadata.get(KEY);
        if (text == null) return;
        JsonElement parsed = StrictJson.parse(text, "__metadata__ " + KEY);
        if (!parsed.isJsonObject()) throw CheckFailure.malformed("__metadata__ " + KEY + " is not a JSON object");
        JsonObject cfg = parsed.getAsJsonObject();
        Set<String> known = new HashSet<>(IGNORED);
        known.addAll(CHECKED);
        known.addAll(List.of(DIMENSIONS));
        for (String[] r : REQUIRED) {
            known.add(r[0]);
            String v = cfg.has(r[0]) ? cfg.get(r[0]).toString() : DEFAULTS.getOrDefault(r[0], r[1]);
            if (!v.equals(r[1])) refuse(r[0], v, r[1]);
        }
        for (String cap : new String[] {"attn_scores_soft_cap", "output_logits_soft_cap"})
            if (cfg.has(cap) && !(Certificate.isNumber(cfg.get(cap)) && Double.parseDouble(cfg.get(cap).getAsString()) <= 0))
                refuse(cap, cfg.get(cap).toString(), "a number <= 0 (no soft cap)");
        JsonElement scale = cfg.get("attn_scale");
        if (scale != null && !scale.toString().equals("-1.0") && !scale.toString().equals("-1")
                && !(Certificate.isNumber(scale) && Double.parseDouble(scale.getAsString()) == Math.sqrt(dHead)))
            refuse("attn_scale", scale.toString(), Math.sqrt(dHead) + " = sqrt(d_head) or -1.0 (the default)");
        JsonElement heads = cfg.get("n_heads");
        boolean derived = heads == null || heads.toString().equals("-1");
        String h = derived ? Long.toString(dModel / dHead) : heads.toString();
        if (!h.equals("1"))
            refuse("n_heads", (heads == null ? "(absent)" : heads.toString()) + (derived ? ", i.e. d_model // d_head = " + h : ""), "1");
        long[] actual = {vocab, vocab, nCtx, dModel, dHead};
        for (int i = 0; i < DIMENSIONS.length; i++) dimension(cfg, DIMENSIONS[i], actual[i], i < 2); // -1: d_vocab(_out) inferred
        for (String k : cfg.keySet())
            if (!known.contains(k))
                throw CheckFailure.unsupported("TransformerLens config setting " + StrictJson.clip(k) + " is unknown to this "
                        + "checker, which cannot tell whether it changes the model (SPEC §2)");
    }

    private static void dimension(JsonObject cfg, String key, long actual, boolean minusOneOk) throws CheckFailure {
        if (!cfg.has(key)) return;
        String v = cfg.get(key).toString();
        if (!v.equals(Long.toString(actual)) && !(minusOneOk && v.equals("-1")))
            throw CheckFailure.malformed("TransformerLens config " + key + " = " + StrictJson.clip(v)
                    + " does not match the tensors, which have " + key + " = " + actual);
    }

    private static void refuse(String key, String value, String supported) throws CheckFailure {
        throw CheckFailure.unsupported("TransformerLens config " + key + " = " + StrictJson.clip(value)
                + " changes the model; only " + key + " = " + supported + " is supported (SPEC §1)");
    }
}
