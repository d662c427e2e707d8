package compactproofs.testdata.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import compactproofs.schema.CertificateSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** {@code certificate-schema/verdict.schema.json}, the contract of the checker's {@code --json} output. */
public final class VerdictSchema {
    private VerdictSchema() {}

    public static final ObjectMapper JSON = new ObjectMapper();

    /** The verdict schema, compiled. */
    public static JsonSchema verdictSchema() throws IOException {
        try (InputStream in = CertificateSchema.openVerdict()) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    /** The schema's required keys, in its order. */
    public static List<String> keys() throws IOException {
        List<String> keys = new ArrayList<>();
        try (InputStream in = CertificateSchema.openVerdict()) {
            JSON.readTree(in).get("required").forEach(k -> keys.add(k.asText()));
        }
        return keys;
    }

    /** Asserts one line of checker --json output is valid by the schema and has exactly its keys, in order. */
    public static JsonNode assertValid(String where, String stdout, JsonSchema schema, List<String> keys) throws IOException {
        String[] lines = stdout.strip().split("\n");
        assertEquals(1, lines.length, "one line: " + where + ": " + Outcome.clip(stdout));
        JsonNode v = JSON.readTree(lines[0]);
        Set<ValidationMessage> errors = schema.validate(v);
        assertTrue(errors.isEmpty(), where + ": " + errors + " in " + Outcome.clip(stdout));
        List<String> got = new ArrayList<>();
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) got.add(it.next());
        assertEquals(keys, got, "the same keys in the same order: " + where);
        return v;
    }
}
