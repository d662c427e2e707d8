package compactproofs.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import compactproofs.testdata.testing.Outcome;
import compactproofs.testdata.testing.CorpusIndex;
import compactproofs.testdata.testing.CheckerRun;

/**
 * The outside audit's adversarial models (issue 10; written by {@code scripts/audit-models.py} into
 * {@code testdata/audit/}), checked with the real checker jar: score overflow in F32 and F64, a huge
 * score spread, and a decision that rests on an attention weight of about {@code e^(-2^32)}. Their exact
 * counts were established by hand (SPEC §1 evaluated exactly; the derivations are in the script). No
 * claim above the exact count may verify; brute force and the cascade prove exactly the exact count;
 * every claim of 0 verifies, for every strategy.
 */
@Tag("slow")
class AuditModelsJarTest {
    static final Path DIR = CorpusIndex.ROOT.resolve("audit");
    /** Exact numbers of correct inputs (of 4). */
    static final Map<String, Integer> EXACT = Map.of("overflow-f32", 0, "overflow-f64", 0, "spread-f32", 0, "tinyweight-f32", 1);
    static final Pattern NAME = Pattern.compile("([a-z0-9-]+)\\.([a-z-]+)\\.claim([0-9]+)\\.json");

    @BeforeAll
    static void jarBuilt() throws IOException {
        CheckerRun.assumeJarBuilt();
    }

    @Test
    void noOverClaimVerifiesAndEnumerationIsExact() throws Exception {
        List<Path> certs;
        try (Stream<Path> s = Files.list(DIR)) {
            certs = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(EXACT.size() * 12, certs.size(), "every generated certificate is checked");
        for (Path cert : certs) {
            Matcher m = NAME.matcher(cert.getFileName().toString());
            assertTrue(m.matches(), cert.toString());
            String model = m.group(1), strategy = m.group(2);
            int claim = Integer.parseInt(m.group(3)), exact = EXACT.get(model);
            Outcome o = CheckerRun.checkerJar(List.of(), DIR.resolve(model + ".safetensors"), cert, true);
            String where = cert.getFileName() + ": " + o.stdout().strip();
            assertFalse(o.stderr().contains("Exception") || o.stderr().contains("\tat "), "no stack trace: " + where);
            JsonObject v = JsonParser.parseString(o.stdout().strip()).getAsJsonObject();
            if (claim > exact) {
                assertEquals(1, o.exit(), "an over-claim is rejected: " + where);
            } else if (claim == 0 || strategy.equals("brute-force") || strategy.equals("cascade")) {
                assertEquals(0, o.exit(), "verified: " + where);
            }
            if (strategy.equals("brute-force") || strategy.equals("cascade")) {
                assertEquals(exact, Integer.parseInt(v.get("proved_count").getAsString()), "enumeration proves the exact count: " + where);
                assertEquals(claim == exact, v.get("exact").getAsBoolean(), where);
            } else if (o.exit() <= 1) {
                assertTrue(Integer.parseInt(v.get("proved_count").getAsString()) <= exact, where);
            }
        }
    }
}
