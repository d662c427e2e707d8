package compactproofs.checker;

import compactproofs.checker.bruteforce.Tally;
import compactproofs.checker.statement.InputClass;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.cascade.CascadeVerifier;
import compactproofs.checker.cubic.CubicVerifier;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.testing.Golden;
import compactproofs.checker.testing.RandomModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.MaxLikeModels;
import compactproofs.checker.testing.Certificates;

/**
 * Pins the exact counts and, separately, the counted operations of the cubic, cascade and brute-force
 * strategies (and the cascade shards) on seeded models: {@code golden/cubic-cascade.counts.tsv} and
 * {@code golden/cubic-cascade.proof-lengths.tsv} ({@link Golden}). The soundness tests check "never above the truth";
 * these catch any change of behaviour, including ones that only loosen a bound.
 */
@Tag("slow")
class GoldenCountsTest {
    static List<Object[]> models() throws Exception {
        List<Object[]> out = new ArrayList<>();
        out.add(new Object[] {"random-v6-n3", RandomModels.random(101, 6, 3, 4, 4, 1.0, false)});
        out.add(new Object[] {"random-v5-n4-bias", RandomModels.random(202, 5, 4, 3, 3, 1.0, true)});
        out.add(new Object[] {"random-v7-n2-scale3", RandomModels.random(303, 7, 2, 5, 2, 3.0, false)});
        out.add(new Object[] {"neartie-v6-n3", RandomModels.nearTie(4, 6, 3)});
        out.add(new Object[] {"copy-v6-n3", MaxLikeModels.copyModel(7, 6, 3, false)});
        out.add(new Object[] {"copy-v5-n4-bias", MaxLikeModels.copyModel(8, 5, 4, true)});
        out.add(new Object[] {"tiny-v8-n3", SafetensorsReader.read(Path.of("../testdata/models/tiny-v8-n3.safetensors")).weights()});
        return out;
    }

    @Test
    void cubicAndCascadeCountsAndOperationsArePinned() throws Exception {
        List<String> counts = new ArrayList<>(List.of(
                "# GoldenCountsTest: what each strategy proves. Columns: model, strategy, then",
                "#   cubic: proved, cases, cases proved | cascade-all: proved, enumerated, wrong, every rest enumerated",
                "#   cascade-half: proved, enumerated, every rest enumerated | cascade-shard-i/2: proved, proved by the cubic stage",
                "#   brute-force: proved, wrong, rechecked"));
        List<String> lengths = new ArrayList<>(List.of("# GoldenCountsTest: proof lengths (counted operations, SPEC.md). Columns: model, strategy, operations"));
        for (Object[] m : models()) {
            String name = (String) m[0];
            Weights w = (Weights) m[1];
            PathMatrices pm = PathMatrices.of(w);
            CubicVerifier.Result c = CubicVerifier.run(w, pm);
            counts.add(name + "\tcubic\t" + c.proved() + "\t" + c.cases() + "\t" + c.casesProved());
            lengths.add(name + "\tcubic\t" + c.ops());
            List<InputClass> all = Certificates.allClasses(w.vocab, w.nCtx);
            CascadeVerifier.Result full = CascadeVerifier.run(pm, CubicVerifier.run(w, pm), all, 0, 1, 1, null);
            counts.add(name + "\tcascade-all\t" + full.proved() + "\t" + full.enumerated().enumerated() + "\t" + full.enumerated().wrong() + "\t" + full.everyRestEnumerated());
            lengths.add(name + "\tcascade-all\t" + full.ops());
            List<InputClass> half = new ArrayList<>();
            for (int i = 0; i < all.size(); i += 2) half.add(all.get(i));
            CascadeVerifier.Result part = CascadeVerifier.run(pm, CubicVerifier.run(w, pm), half, 0, 1, 2, null);
            counts.add(name + "\tcascade-half\t" + part.proved() + "\t" + part.enumerated().enumerated() + "\t" + part.everyRestEnumerated());
            lengths.add(name + "\tcascade-half\t" + part.ops());
            for (int s = 0; s < 2; s++) {
                List<InputClass> mine = new ArrayList<>();
                for (InputClass k : all) if (InputClass.inShard(w.vocab, k, s, 2)) mine.add(k);
                CascadeVerifier.Result r = CascadeVerifier.run(pm, CubicVerifier.run(w, pm), mine, s, 2, 1, null);
                counts.add(name + "\tcascade-shard-" + s + "/2\t" + r.proved() + "\t" + r.cubicProved());
                lengths.add(name + "\tcascade-shard-" + s + "/2\t" + r.ops());
            }
            Tally bf = new BruteForceVerifier(pm).run(1, null, null);
            counts.add(name + "\tbrute-force\t" + bf.proved() + "\t" + bf.wrong() + "\t" + bf.rechecked());
            lengths.add(name + "\tbrute-force\t" + bf.ops());
        }
        Golden.check("cubic-cascade", counts, lengths);
    }
}
