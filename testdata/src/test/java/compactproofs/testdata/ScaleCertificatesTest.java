package compactproofs.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.checker.cli.CheckerMain;
import compactproofs.testdata.testing.CorpusIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bundled Max-of-5 exact cascade proof (testdata/scale, docs/performance.md) still verifies, as exact,
 * with the count the README reports, and so do the separable proofs of Max-of-5, 8 and 10 (docs/frontier). (The Max-of-6 shards take minutes and are checked by hand.)
 */
@Tag("slow")
class ScaleCertificatesTest {
    static JsonObject verify(String model, String cert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckerMain.run(new String[] {"verify", CorpusIndex.ROOT.resolve("scale/" + model + ".safetensors").toString(),
                CorpusIndex.ROOT.resolve("scale/" + cert).toString(), "--json", "--threads", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonObject v = JsonParser.parseString(out.toString(StandardCharsets.UTF_8).strip()).getAsJsonObject();
        assertEquals(0, code, v.toString());
        return v;
    }

    @Test
    void maxOfFiveIsProvedExactly() {
        JsonObject v = verify("maxof5-v64-seed1", "maxof5-v64-seed1.cascade-exact.json");
        assertEquals("1073263116", v.get("proved_count").getAsString());
        assertEquals(true, v.get("exact").getAsBoolean());
    }

    /** The bundled Max-of-4 model's exact count by the separable strategy with the failing inputs enumerated (Lemma SE). */
    @Test
    void maxOfFourIsProvedExactlyBySeparableEnumeration() {
        JsonObject v = verify("../models/maxof4-v64-seed3", "maxof4-v64-seed3.separable-exact.json");
        assertEquals("16771300", v.get("proved_count").getAsString());
        assertEquals(true, v.get("exact").getAsBoolean());
        assertEquals("30186561", v.get("proof_ops").getAsString()); // 0.78 % of brute force's 3,884,691,008
    }

    /** The separable proofs the README reports (issue 14's targets), with their counts and proof lengths. */
    @Test
    void separableProofsOfMaxOfFiveEightAndTen() {
        String[][] cases = {
            {"maxof5-v64-seed1", "maxof5-v64-seed1.separable-r256-split2.json", "1072736360", "30373805"},
            {"maxof8-v64-seed1", "maxof8-v64-seed1.separable-r1024-split2.json", "281271103189666", "78176562"},
            {"maxof10-v64-seed1", "maxof10-v64-seed1.separable-r1024-split0.json", "1149056748580314277", "58165017"},
            {"maxof10-v64-seed1", "maxof10-v64-seed1.separable-r4096-split2.json", "1151184918526646644", "199823229"},
        };
        for (String[] c : cases) {
            JsonObject v = verify(c[0], c[1]);
            assertEquals(c[2], v.get("proved_count").getAsString(), c[1]);
            assertEquals(c[3], v.get("proof_ops").getAsString(), c[1]);
        }
    }
}
