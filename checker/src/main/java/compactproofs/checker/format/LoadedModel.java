package compactproofs.checker.format;

import compactproofs.checker.model.Weights;
import java.util.Map;

/**
 * A model read from a safetensors file (SPEC §2).
 *
 * @param weights  the parameters, each value exactly as stored
 * @param sha256   lower-case hex SHA-256 of the whole file's bytes (the model's identity in certificates)
 * @param metadata the file's {@code __metadata__} object (unmodifiable, in file order; empty if absent)
 */
public record LoadedModel(Weights weights, String sha256, Map<String, String> metadata) {}
