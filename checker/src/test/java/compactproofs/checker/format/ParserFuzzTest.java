package compactproofs.checker.format;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import compactproofs.checker.CheckFailure;

/**
 * Fuzz targets for the checker's two parsers of untrusted bytes. Property: every input either
 * parses or is refused with a {@link CheckFailure} that has an exit code and a one-line reason;
 * any other exception or error (or a hang) is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} these run as regression tests over the seeds in
 * {@code src/test/resources/compactproofs/checker/io/ParserFuzzTestInputs/<method>/} (plus the
 * empty input); with {@code JAZZER_FUZZ=1} Jazzer fuzzes one target per run (docs/testing.md).
 */
class ParserFuzzTest {
    /** Inputs are bounded so that one execution stays fast; both parsers refuse by size long before this matters. */
    static final int MAX_INPUT = 1 << 20;

    @FuzzTest(maxDuration = "5m")
    void certificateParse(byte[] data) {
        if (data.length > MAX_INPUT) return;
        try {
            Certificate c = Certificate.parse(data);
            assertNotNull(c.hints);
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

    private static void refusedCleanly(CheckFailure e) {
        assertNotNull(e.code(), "exit code");
        String reason = e.getMessage();
        assertNotNull(reason, "reason");
        assertTrue(!reason.isEmpty() && reason.indexOf('\n') < 0 && reason.indexOf('\r') < 0,
                () -> "reason must be one non-empty line: " + reason);
    }
}
