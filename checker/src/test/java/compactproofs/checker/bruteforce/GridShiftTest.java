package compactproofs.checker.bruteforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.ExtremeModels;
import compactproofs.checker.testing.RandomModels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SPEC §6, range argument: when the fixed-point grid gets coarser, the rows already computed are shifted, not
 * computed again, and must hold the same values. Deciding every input alone, in an order that makes the grid
 * coarser and finer again many times (shifts of 64 bits and more included: tiny numerators give grids up to
 * 2^-1000), must give the same counts as one pass over all inputs.
 */
@Tag("slow")
class GridShiftTest {
    @Test
    void inputByInputAgreesWithOnePass() throws Exception {
        int models = 0, coarsenings = 0;
        for (int seed = 1; seed <= 120; seed++) {
            Weights w = seed % 4 == 0 ? ExtremeModels.extreme(seed).w()
                    : RandomModels.random(seed, 3 + seed % 2, 3, 1 + seed % 3, 1 + seed / 3 % 3, new double[] {2, 4, 8}[seed % 3], seed % 2 == 0);
            PathMatrices pm = PathMatrices.of(w);
            BruteForceVerifier bf = new BruteForceVerifier(pm);
            Tally all = bf.run(1, null, null);
            int v = w.vocab, n = w.nCtx;
            List<int[]> inputs = new ArrayList<>();
            for (int x = 0; x < Math.pow(v, n); x++) {
                int[] t = new int[n];
                for (int i = 0, r = x; i < n; i++, r /= v) t[i] = r % v;
                inputs.add(t);
            }
            Collections.shuffle(inputs, new Random(seed));
            int[] shifts = {0};
            Tally one = bf.perQuery("grid-shift", 1, java.util.stream.IntStream.range(0, v).boxed().toList(), null, (pass, q) -> {
                int last = -1;
                for (int[] t : inputs) {
                    if (t[n - 1] != q) continue;
                    int max = java.util.Arrays.stream(t).max().getAsInt();
                    if (max > last && last >= 0) shifts[0]++;
                    last = max;
                    pass.enumerate(t, new int[0], 1, null); // one input: its tokens as they are
                }
            });
            assertEquals(all.proved(), one.proved(), "seed " + seed + ": proved");
            assertEquals(all.wrong(), one.wrong(), "seed " + seed + ": wrong");
            assertEquals(all.unresolved(), one.unresolved(), "seed " + seed + ": unresolved");
            models++;
            coarsenings += shifts[0];
        }
        assertTrue(models == 120 && coarsenings > 500, "too few grid changes exercised: " + coarsenings);
    }
}
