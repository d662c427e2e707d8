package compactproofs.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import compactproofs.checker.cli.CheckerMain;
import compactproofs.schema.CertificateSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import compactproofs.testdata.testing.Outcome;
import compactproofs.testdata.testing.CorpusIndex;
import compactproofs.testdata.testing.VerdictSchema;
import static compactproofs.testdata.testing.CheckerRun.run;
import static compactproofs.testdata.testing.VerdictSchema.verdictSchema;
import static compactproofs.testdata.testing.VerdictSchema.assertValid;
import static compactproofs.testdata.testing.VerdictSchema.JSON;

/**
 * The checker's {@code --json} output is the contract of {@code certificate-schema/verdict.schema.json}:
 * every corpus case (in process; the slow case runs through the jar in {@code CheckerJarTest}), combine
 * verdicts and failures before any file is read all validate, with exactly the schema's keys in its order.
 */
class VerdictSchemaTest {
    static JsonSchema schema;
    static List<String> keys;
    static final Path MODEL = CorpusIndex.ROOT.resolve("models/tiny-v8-n3.safetensors");
    static final Path CERT = CorpusIndex.ROOT.resolve("certificates/valid/tiny-v8-n3.brute-force.json");

    @BeforeAll
    static void load() throws IOException {
        schema = verdictSchema();
        keys = VerdictSchema.keys();
    }

    @Test
    @Tag("slow")
    void everyFastCorpusVerdictValidates() throws IOException {
        int n = 0;
        for (CorpusIndex.Case c : CorpusIndex.load()) {
            if (c.slow()) continue;
            Outcome o = run("verify", c.model().toString(), c.certificate().toString(), "--threads", "1", "--json");
            JsonNode v = assertValid(c.toString(), o.stdout(), schema, keys);
            assertEquals(c.exit(), v.get("exit_code").asInt(), c.toString());
            if (v.get("verified").asBoolean())
                assertTrue(Long.parseLong(v.get("proved_count").asText()) >= Long.parseLong(v.get("claimed_count").asText()), c.toString());
            if (c.exit() == 1 && !v.get("proved_count").isNull())
                assertTrue(Long.parseLong(v.get("proved_count").asText()) < Long.parseLong(v.get("claimed_count").asText()),
                        "a rejected claim reports what was proved, below the claim: " + c);
            n++;
        }
        assertTrue(n >= 60, "corpus cases run: " + n);
        System.out.println("verdict schema: " + n + " corpus verdicts validate");
    }

    /** A cascade shard certificate of the tiny model claiming 0 (always provable), enumerating nothing. */
    static Path shard(Path dir, int index, int count) throws IOException {
        JsonNode base = JSON.readTree(CERT.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode c = (com.fasterxml.jackson.databind.node.ObjectNode) base.deepCopy();
        c.put("strategy", "cascade");
        ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("claim")).put("correct_count", "0").put("accuracy", "0/512");
        com.fasterxml.jackson.databind.node.ObjectNode h = c.putObject("hints");
        h.putArray("enumerate");
        h.putObject("shard").put("index", index).put("count", count);
        Path p = dir.resolve("shard-" + index + "-of-" + count + ".json");
        Files.writeString(p, JSON.writeValueAsString(c));
        return p;
    }

    @Test
    void combineAndEarlyFailuresValidate(@TempDir Path tmp) throws IOException {
        Path s0 = shard(tmp, 0, 2), s1 = shard(tmp, 1, 2);
        JsonNode ok = assertValid("combine", run("combine", MODEL.toString(), s0.toString(), s1.toString(), "--json").stdout(), schema, keys);
        assertTrue(ok.get("verified").asBoolean());
        assertEquals("cascade", ok.get("strategy").asText(), "strategy is a strategy name");
        assertEquals(2, ok.get("shards").asInt());
        assertEquals("0", ok.get("claimed_count").asText());
        assertTrue(Long.parseLong(ok.get("proved_count").asText()) > 0, "the shards prove more than they claim");
        JsonNode missing = assertValid("combine, a shard missing", run("combine", MODEL.toString(), s0.toString(), "--json").stdout(), schema, keys);
        assertEquals("REJECTED", missing.get("status").asText());
        assertTrue(missing.get("reason").asText().contains("shard 1/2 is missing"), missing.toString());
        assertEquals("cascade", missing.get("strategy").asText());
        assertEquals(1, missing.get("shards").asInt());
        assertTrue(missing.get("proved_count").isNull() && missing.get("accuracy").isNull());
        JsonNode verifyShard = assertValid("verify a shard", run("verify", MODEL.toString(), s1.toString(), "--shard=1/2", "--json").stdout(), schema, keys);
        assertTrue(verifyShard.get("verified").asBoolean());
        assertTrue(verifyShard.get("shards").isNull());
        for (String[] args : List.of(
                new String[] {"verify", tmp.resolve("nope.safetensors").toString(), CERT.toString(), "--json"},
                new String[] {"verify", MODEL.toString(), tmp.resolve("nope.json").toString(), "--json"},
                new String[] {"verify", CERT.toString(), MODEL.toString(), "--json"},
                new String[] {"verify", MODEL.toString(), MODEL.toString(), "--json"},
                new String[] {"verify", tmp.toString(), CERT.toString(), "--json"},
                new String[] {"combine", MODEL.toString(), CERT.toString(), "--json"})) {
            JsonNode v = assertValid(String.join(" ", args), run(args).stdout(), schema, keys);
            assertFalse(v.get("verified").asBoolean());
        }
    }

    @Test
    void checkerJsonHasNoKeyTheSchemaDoesNotList() throws IOException {
        // the schema's properties and its required list are the same set, so "same keys every time" is checkable
        try (InputStream in = CertificateSchema.openVerdict()) {
            JsonNode s = JSON.readTree(in);
            List<String> props = new ArrayList<>();
            s.get("properties").fieldNames().forEachRemaining(props::add);
            assertEquals(props, keys);
            assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText());
            assertFalse(s.get("additionalProperties").asBoolean());
        }
    }
}
