package compactproofs.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every bundled valid certificate validates against the schema; hand-broken ones do not. */
class CertificateSchemaTest {
    static final Path VALID = Path.of("..", "testdata", "certificates", "valid");
    static final ObjectMapper JSON = new ObjectMapper();
    static JsonSchema schema;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = CertificateSchema.open()) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    static Set<ValidationMessage> validate(JsonNode n) {
        return schema.validate(n);
    }

    @Test
    void schemaDeclaresDraft202012AndItsId() throws IOException {
        try (InputStream in = CertificateSchema.open()) {
            JsonNode s = JSON.readTree(in);
            assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText());
            assertEquals(CertificateSchema.ID, s.get("$id").asText());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyValidCertificateValidates() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(VALID)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        assertFalse(files.isEmpty(), "no certificates under " + VALID.toAbsolutePath());
        return files.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Set<ValidationMessage> errors = validate(JSON.readTree(p.toFile()));
            assertTrue(errors.isEmpty(), p + ": " + errors);
        }));
    }

    /** A base certificate (the tiny model's brute-force certificate), to break one field at a time. */
    static ObjectNode base() throws IOException {
        return (ObjectNode) JSON.readTree(VALID.resolve("tiny-v8-n3.brute-force.json").toFile());
    }

    static void assertBroken(String what, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode c = base();
        assertTrue(validate(c).isEmpty(), "base must validate");
        edit.accept(c);
        assertFalse(validate(c).isEmpty(), what + " must not validate: " + c);
    }

    @TestFactory
    Stream<DynamicTest> handBrokenCertificatesDoNotValidate() {
        Object[][] cases = {
            {"unknown top-level field", (Consumer<ObjectNode>) c -> c.put("extra", 1)},
            {"missing claim", (Consumer<ObjectNode>) c -> c.remove("claim")},
            {"missing model", (Consumer<ObjectNode>) c -> c.remove("model")},
            {"other format", (Consumer<ObjectNode>) c -> c.put("format", "something-else")},
            {"format_version 2", (Consumer<ObjectNode>) c -> c.put("format_version", 2)},
            {"format_version as string", (Consumer<ObjectNode>) c -> c.put("format_version", "1")},
            {"upper-case sha256", (Consumer<ObjectNode>) c -> model(c).put("sha256", model(c).get("sha256").asText().toUpperCase())},
            {"short sha256", (Consumer<ObjectNode>) c -> model(c).put("sha256", "abc")},
            {"vocab as string", (Consumer<ObjectNode>) c -> model(c).put("vocab", "8")},
            {"negative d_head", (Consumer<ObjectNode>) c -> model(c).put("d_head", -1)},
            {"fractional n_ctx", (Consumer<ObjectNode>) c -> model(c).put("n_ctx", 2.5)},
            {"unknown strategy", (Consumer<ObjectNode>) c -> c.put("strategy", "magic")},
            {"subcubic without variant", (Consumer<ObjectNode>) c -> c.put("strategy", "subcubic:")},
            {"count as JSON number", (Consumer<ObjectNode>) c -> claim(c).put("correct_count", 511)},
            {"count with leading zero", (Consumer<ObjectNode>) c -> claim(c).put("correct_count", "0511")},
            {"negative total", (Consumer<ObjectNode>) c -> claim(c).put("total", "-512")},
            {"401-digit count", (Consumer<ObjectNode>) c -> claim(c).put("correct_count", "1" + "0".repeat(400))},
            {"accuracy zero denominator", (Consumer<ObjectNode>) c -> claim(c).put("accuracy", "1/0")},
            {"accuracy as decimal", (Consumer<ObjectNode>) c -> claim(c).put("accuracy", "0.998")},
            {"hints as array", (Consumer<ObjectNode>) c -> c.putArray("hints")},
            {"generator as string", (Consumer<ObjectNode>) c -> c.put("generator", "me")},
            {"brute-force hint token as string", (Consumer<ObjectNode>) c -> inputs(c).addArray().add("1").add(2).add(3)},
            {"brute-force hint negative token", (Consumer<ObjectNode>) c -> inputs(c).addArray().add(-1).add(2).add(3)},
            {"brute-force hint duplicate input", (Consumer<ObjectNode>) c -> inputs(c).add(inputs(c).get(0).deepCopy())},
            {"brute-force unknown hint", (Consumer<ObjectNode>) c -> ((ObjectNode) c.get("hints")).put("min_gaps", 1)},
            {"cubic with a hint", (Consumer<ObjectNode>) c -> c.put("strategy", "cubic")},
            {"cascade unknown hint", (Consumer<ObjectNode>) c -> { c.put("strategy", "cascade"); c.putObject("hints").put("classes", 1); }},
            {"cascade class of two", (Consumer<ObjectNode>) c -> { c.put("strategy", "cascade"); c.putObject("hints").putArray("enumerate").addArray().add(0).add(1); }},
            {"cascade shard without count", (Consumer<ObjectNode>) c -> { c.put("strategy", "cascade"); c.putObject("hints").putObject("shard").put("index", 0); }},
            {"subcubic without hints", (Consumer<ObjectNode>) c -> { c.put("strategy", "subcubic:x"); c.remove("hints"); }},
            {"subcubic without min_gaps", (Consumer<ObjectNode>) c -> { c.put("strategy", "subcubic:x"); c.putObject("hints").putArray("query_direction").add("1"); }},
            {"subcubic gap 0", (Consumer<ObjectNode>) c -> { c.put("strategy", "subcubic:x"); c.putObject("hints").putArray("min_gaps").addArray().addArray().add(0); }},
            {"subcubic direction as numbers", (Consumer<ObjectNode>) c -> { c.put("strategy", "subcubic:x"); ObjectNode h = c.putObject("hints"); h.putArray("min_gaps").addArray().addArray().add(1); h.putArray("key_direction").add(0.5); }},
            {"subcubic direction not a rational", (Consumer<ObjectNode>) c -> { c.put("strategy", "subcubic:x"); ObjectNode h = c.putObject("hints"); h.putArray("min_gaps").addArray().addArray().add(1); h.putArray("key_direction").add("1/2/3"); }},
            {"subcubic unknown hint", (Consumer<ObjectNode>) c -> { c.put("strategy", "subcubic:x"); ObjectNode h = c.putObject("hints"); h.putArray("min_gaps").addArray().addArray().add(1); h.put("anything", 1); }},
        };
        return Stream.of(cases).map(k -> DynamicTest.dynamicTest((String) k[0], () -> {
            @SuppressWarnings("unchecked") Consumer<ObjectNode> edit = (Consumer<ObjectNode>) k[1];
            assertBroken((String) k[0], edit);
        }));
    }

    @Test
    void optionalPartsMayBeOmittedAndSubcubicVariantsAreNamed() throws IOException {
        ObjectNode c = base();
        c.remove("hints");
        c.remove("generator");
        assertTrue(validate(c).isEmpty(), validate(c).toString());
        c.put("strategy", "subcubic:mean_query+max_diff");
        c.putObject("hints").putArray("min_gaps").addArray().addArray().add(1);
        assertTrue(validate(c).isEmpty(), validate(c).toString());
        claim(c).put("accuracy", "1022/1024");
        assertTrue(validate(c).isEmpty(), "unreduced fractions are allowed");
    }

    static ObjectNode model(ObjectNode c) { return (ObjectNode) c.get("model"); }
    static ObjectNode claim(ObjectNode c) { return (ObjectNode) c.get("claim"); }
    static ArrayNode inputs(ObjectNode c) { return (ArrayNode) c.get("hints").get("incorrect_inputs"); }
}
