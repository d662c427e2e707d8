package compactproofs.testdata.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;

/** What one checker run printed and returned, and the assertions every corpus case makes on it. */
public record Outcome(int exit, String stdout, String stderr) {

    /** Asserts the exit code, the one-line JSON verdict, its reason and the case's expected fields. */
    public void assertJsonVerdict(CorpusIndex.Case c) {
        String where = c + " (" + c.description() + "): stdout=" + clip(stdout) + " stderr=" + clip(stderr);
        assertEquals(c.exit(), exit, "exit code of " + where);
        String[] lines = stdout.strip().split("\n");
        assertEquals(1, lines.length, "exactly one line on stdout: " + where);
        JsonObject v = JsonParser.parseString(lines[0]).getAsJsonObject();
        assertEquals(c.exit(), v.get("exit_code").getAsInt(), where);
        assertEquals(c.exit() == 0, v.get("verified").getAsBoolean(), where);
        assertEquals(STATUS[c.exit()], v.get("status").getAsString(), where);
        assertTrue(v.get("reason").getAsString().contains(c.reason()), "reason should contain \"" + c.reason() + "\": " + where);
        for (Map.Entry<String, JsonElement> e : c.json().entrySet())
            assertEquals(e.getValue(), v.get(e.getKey()), "field " + e.getKey() + " of " + where);
        assertFalse(v.get("reason").getAsString().contains("setStrictness"), "no parser-library advice in the reason: " + where);
        assertFalse(stderr.contains("Exception") || stderr.contains("\tat "), "no stack trace: " + where);
    }

    /** Asserts the exit code and the one-line text verdict. */
    public void assertTextVerdict(CorpusIndex.Case c) {
        String where = c + ": stdout=" + clip(stdout);
        assertEquals(c.exit(), exit, "exit code of " + where);
        String[] lines = stdout.strip().split("\n");
        assertEquals(1, lines.length, "exactly one line on stdout: " + where);
        assertTrue(lines[0].startsWith(STATUS[c.exit()]), where);
        if (c.exit() != 0) assertTrue(lines[0].contains(c.reason()), "reason should contain \"" + c.reason() + "\": " + where);
    }

    public static final String[] STATUS = {"VERIFIED", "REJECTED", "MALFORMED", "UNSUPPORTED", "RESOURCE_LIMIT"};

    public static String clip(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }
}
