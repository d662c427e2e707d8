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
 * with the count the README reports. (The Max-of-6 shards take minutes and are checked by hand.)
 */
@Tag("slow")
class ScaleCertificatesTest {
    @Test
    void maxOfFiveIsProvedExactly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CheckerMain.run(new String[] {"verify", CorpusIndex.ROOT.resolve("scale/maxof5-v64-seed1.safetensors").toString(),
                CorpusIndex.ROOT.resolve("scale/maxof5-v64-seed1.cascade-exact.json").toString(), "--json", "--threads", "2"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        JsonObject v = JsonParser.parseString(out.toString(StandardCharsets.UTF_8).strip()).getAsJsonObject();
        assertEquals(0, code, v.toString());
        assertEquals("1073263116", v.get("proved_count").getAsString());
        assertEquals(true, v.get("exact").getAsBoolean());
    }
}
