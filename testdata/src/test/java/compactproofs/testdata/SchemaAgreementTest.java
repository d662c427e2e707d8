package compactproofs.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import compactproofs.schema.CertificateSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import compactproofs.testdata.testing.CorpusIndex;

/**
 * The schema and the checker agree on the corpus: every certificate the checker accepts validates, and
 * every certificate it refuses as malformed is refused by strict JSON parsing or by the schema, except
 * for defects JSON Schema cannot see (listed below, each enforced by the checker alone).
 */
class SchemaAgreementTest {
    /** Malformed for the checker, but invisible to a JSON Schema validator (the JSON data model loses them). */
    static final Set<String> BELOW_SCHEMA = Set.of("vocab-float", "vocab-exponent", "format-version-float");  // 8.0 and 8e0 are integers in JSON Schema

    @Test
    void schemaAcceptsWhatTheCheckerAcceptsAndRefusesWhatItFindsMalformed() throws IOException {
        JsonSchema schema;
        try (InputStream in = CertificateSchema.open()) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        ObjectMapper strict = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        Set<String> schemaMissed = new TreeSet<>();
        int accepted = 0, refused = 0;
        for (CorpusIndex.Case c : CorpusIndex.load()) {
            JsonNode n;
            try {
                byte[] b = Files.readAllBytes(c.certificate());
                // strict UTF-8 and no BOM first: Jackson lets overlong forms and encoded surrogates through
                String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b)).toString();
                // Jackson refuses nesting deeper than 1000 levels (StreamReadConstraints), the checker more than 64
                n = text.startsWith("\uFEFF") ? null : strict.readTree(text);
            } catch (IOException e) {
                n = null;
            }
            boolean valid = n != null && !n.isMissingNode() && schema.validate(n).isEmpty();
            if (c.exit() == 0) {
                assertTrue(valid, c + ": accepted by the checker but not valid by the schema");
                accepted++;
            } else if (c.category().equals("malformed") && c.exit() == 2) {
                if (valid) schemaMissed.add(c.id());
                else refused++;
            }
        }
        System.out.println("schema: " + accepted + " accepted certificates validate; " + refused
                + " malformed ones refused; missed (below JSON Schema's level): " + schemaMissed);
        assertEquals(new TreeSet<>(BELOW_SCHEMA), schemaMissed, "malformed certificates the schema does not refuse");
    }
}
