package compactproofs.checker.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;

/**
 * Fuzz targets for the checker's two parsers of untrusted bytes. Property: every input either
 * parses or is refused with a {@link CheckFailure} that has an exit code and a one-line reason;
 * any other exception or error (or a hang) is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} these run as regression tests over the seeds in
 * {@code src/test/resources/compactproofs/checker/io/ParserFuzzTestInputs/<method>/} (plus the
 * empty input); with {@code JAZZER_FUZZ=1} Jazzer fuzzes one target per run (docs/testing.md).
 */
@Tag("slow")
class ParserFuzzTest {
    /** Inputs are bounded so that one execution stays fast; both parsers refuse by size long before this matters. */
    static final int MAX_INPUT = 1 << 20;

    @FuzzTest(maxDuration = "5m")
    void certificateParse(byte[] data) {
        if (data.length > MAX_INPUT) return;
        try {
            Certificate c = Certificate.parse(data);
            acceptedAsWritten(data, c);
        } catch (CheckFailure e) {
            refusedCleanly(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void safetensorsRead(byte[] data) {
        if (data.length > MAX_INPUT) return;
        try {
            LoadedModel m = SafetensorsReader.read(data);
            assertTrue(m.weights().vocab > 0 && m.weights().nCtx > 0);
        } catch (CheckFailure e) {
            refusedCleanly(e);
        }
    }

    /**
     * An accepted certificate says what its bytes say: each field agrees with an independent (Gson)
     * reading of the same text, the hash is 64 lower-case hex digits, the counts are non-negative and
     * the accuracy's denominator is positive. Fails on a parser that accepts a malformed field or
     * mixes up fields.
     */
    private static void acceptedAsWritten(byte[] data, Certificate c) {
        JsonObject root = JsonParser.parseString(new String(data, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonObject model = root.getAsJsonObject("model"), claim = root.getAsJsonObject("claim");
        assertEquals(Certificate.FORMAT, root.get("format").getAsString());
        assertEquals(0, root.get("format_version").getAsBigDecimal().compareTo(BigDecimal.valueOf(Certificate.FORMAT_VERSION)));
        assertEquals(model.get("sha256").getAsString(), c.modelSha256);
        assertTrue(c.modelSha256.matches("[0-9a-f]{64}"), c.modelSha256);
        int[] dims = {c.vocab, c.nCtx, c.dModel, c.dHead};
        String[] keys = {"vocab", "n_ctx", "d_model", "d_head"};
        for (int i = 0; i < 4; i++)
            assertEquals(0, model.get(keys[i]).getAsBigDecimal().compareTo(BigDecimal.valueOf(dims[i])), keys[i]);
        assertEquals(root.get("strategy").getAsString(), c.strategy);
        assertEquals(new BigInteger(claim.get("correct_count").getAsString()), c.correctCount);
        assertEquals(new BigInteger(claim.get("total").getAsString()), c.total);
        String acc = claim.get("accuracy").getAsString();
        assertEquals(new BigInteger(acc.substring(0, acc.indexOf('/'))), c.accNum, acc);
        assertEquals(new BigInteger(acc.substring(acc.indexOf('/') + 1)), c.accDen, acc);
        assertTrue(c.correctCount.signum() >= 0 && c.total.signum() >= 0 && c.accNum.signum() >= 0 && c.accDen.signum() > 0);
        JsonObject hints = root.has("hints") ? root.getAsJsonObject("hints") : new JsonObject();
        if (c.hints instanceof Hints.BruteForce b)
            assertEquals(String.valueOf(hints.get("incorrect_inputs")), new Gson().toJson(b.incorrectInputs()));
        if (c.hints instanceof Hints.Cubic) assertEquals(new JsonObject(), hints);
        if (c.hints instanceof Hints.Cascade k) {
            assertEquals(hints.has("enumerate") ? hints.get("enumerate").toString() : "[]", new Gson().toJson(k.enumerate()));
            JsonObject shard = hints.getAsJsonObject("shard");
            String expected = shard == null ? "0/1" : shard.get("index").getAsInt() + "/" + shard.get("count").getAsInt();
            assertEquals(expected, k.shardIndex() + "/" + k.shardCount());
        }
    }

    private static void refusedCleanly(CheckFailure e) {
        // a parser refuses as malformed, unsupported or over a limit; never "rejected" (that is a claim's verdict)
        assertTrue(e.code() == ExitCode.MALFORMED || e.code() == ExitCode.UNSUPPORTED || e.code() == ExitCode.RESOURCE_LIMIT,
                () -> "exit code " + e.code() + ": " + e.getMessage());
        String reason = e.getMessage();
        assertNotNull(reason, "reason");
        assertTrue(!reason.isEmpty() && reason.indexOf('\n') < 0 && reason.indexOf('\r') < 0,
                () -> "reason must be one non-empty line: " + reason);
    }
}
