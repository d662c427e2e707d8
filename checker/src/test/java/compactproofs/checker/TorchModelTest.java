package compactproofs.checker;

import compactproofs.checker.bruteforce.Tally;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import static org.junit.jupiter.api.Assertions.assertEquals;

import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.PathMatrices;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A model trained and exported by PyTorch is read and evaluated as PyTorch does: its float32
 * brute-force count over all 64^4 inputs is 16,770,324 (shared/models/README.md). The exact-real
 * count may differ only by a handful of near ties; ours matches exactly.
 */
@Tag("slow")
class TorchModelTest {
    @Test
    void bruteForceCountMatchesPyTorch() throws Exception {
        LoadedModel m = SafetensorsReader.read(Path.of("../testdata/models/torch-maxof4-seed42.safetensors"));
        Tally r = new BruteForceVerifier(PathMatrices.of(m.weights())).run(Runtime.getRuntime().availableProcessors(), null, null);
        assertEquals(16_770_324L, r.proved());
        assertEquals(16_777_216L - 16_770_324L, r.wrong());
        assertEquals(0, r.unresolved());
    }
}
