package compactproofs.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

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

    /** The characters a reason must not carry raw: C0 controls, DEL, NEL and the Unicode line and paragraph separators. */
    static boolean breaksTheLine(char c) {
        return c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** Strings over ASCII, the C1 NEL, the Unicode separators and a few other non-ASCII letters. */
    static final Gen<String> REASONS;
    static {
        StringBuilder alphabet = new StringBuilder();
        for (char c = 0; c < 0x80; c++) alphabet.append(c);
        alphabet.append("\u0085\u2028\u2029\u00a0\u00e9\u221e\\");
        String a = alphabet.toString();
        REASONS = lists().of(integers().between(0, a.length() - 1)).ofSizeBetween(0, 120)
                .map(is -> is.stream().map(i -> String.valueOf(a.charAt(i))).collect(Collectors.joining()));
    }

    /**
     * Property (QuickTheories, fixed seed): the one-line form of any reason holds no line-breaking
     * character, leaves every other character in place, and spells each line-breaking one as its
     * six-character escape; a reason without them is returned unchanged.
     */
    @Test
    void oneLineEscapesExactlyTheLineBreakingCharacters() {
        qt().withFixedSeed(20261203L).withExamples(2000).forAll(REASONS).checkAssert(reason -> {
            String out = CheckFailure.oneLine(reason);
            StringBuilder expected = new StringBuilder();
            for (char c : reason.toCharArray()) expected.append(breaksTheLine(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            assertEquals(expected.toString(), out, () -> "oneLine of " + List.of(reason.chars().boxed().toArray()));
            assertTrue(out.chars().noneMatch(c -> breaksTheLine((char) c)), out);
            if (reason.chars().noneMatch(c -> breaksTheLine((char) c))) assertSame(reason, out);
        });
    }
}
