package compactproofs.checker.subcubic;

import com.google.gson.JsonObject;
import compactproofs.checker.model.Weights;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.testing.Golden;
import compactproofs.checker.testing.RandomModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.TestHints;
import compactproofs.checker.testing.MaxLikeModels;

/**
 * Pins the proved count ({@code golden/subcubic.counts.tsv}) and, separately, the counted operations
 * and effective dimension ({@code golden/subcubic.proof-lengths.tsv}) of all 100 variants on four
 * seeded models (hints from the deterministic test-scope search). Catches any change of behaviour,
 * including ones that only loosen a bound, which the soundness tests cannot see.
 */
@Tag("slow")
class GoldenSubcubicTest {
    @Test
    void everyVariantsCountAndOperationsArePinned() throws Exception {
        List<String> counts = new ArrayList<>(List.of("# GoldenSubcubicTest: what each variant proves. Columns: model, variant, proved"));
        List<String> lengths = new ArrayList<>(List.of("# GoldenSubcubicTest: proof length and effective dimension (SPEC.md). Columns: model, variant, operations, effective dimension"));
        Object[][] models = {
            {"random-v6-n3", RandomModels.random(404, 6, 3, 3, 3, 1.0, false)},
            {"random-v5-n3-bias", RandomModels.random(505, 5, 3, 3, 2, 1.0, true)},
            {"copy-v6-n3-bias", MaxLikeModels.copyModel(9, 6, 3, true)},
            {"tiny-v8-n3", compactproofs.checker.format.SafetensorsReader.read(java.nio.file.Path.of("../testdata/models/tiny-v8-n3.safetensors")).weights()},
        };
        for (Object[] m : models) {
            Weights w = (Weights) m[1];
            for (Variant var : Variant.all()) {
                JsonObject hints = TestHints.make(w, var);
                StrategyResult p = TestHints.prove(w, var, hints);
                counts.add(m[0] + "\t" + var.name() + "\t" + p.proved());
                lengths.add(m[0] + "\t" + var.name() + "\t" + p.ops() + "\t" + p.effectiveDimension());
            }
        }
        Golden.check("subcubic", counts, lengths);
    }
}
