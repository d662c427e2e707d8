package compactproofs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Reasons stay on one line even when they quote input holding line breaks (a Jazzer finding). */
class CheckFailureTest {
    @Test
    void controlCharactersAreEscaped() {
        assertEquals("format \"a\\u000db\\u000a\\u2028c\\u0009\"", CheckFailure.malformed("format \"a\rb\n\u2028c\t\"").getMessage());
        assertEquals("x\\u0085y\\u007f\\u2029", CheckFailure.rejected("x\u0085y\u007f\u2029").getMessage());
        String plain = "plain reason, unchanged: é ü ∞";
        assertSame(plain, CheckFailure.oneLine(plain));
        assertEquals(ExitCode.UNSUPPORTED, CheckFailure.unsupported("a\nb").code());
        assertEquals(ExitCode.RESOURCE_LIMIT, CheckFailure.resourceLimit("r").code());
    }
}
