package compactproofs.checker.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.subcubic.Variant;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The certificate is read completely up front into typed hints (SPEC §3); model-dependent checks are left to the verifiers. */
class CertificateTest {
    static Certificate parse(String vocab, String strategy, String hints) throws CheckFailure {
        String json = "{\"format\":\"" + Certificate.FORMAT + "\",\"format_version\":1,\"model\":{\"sha256\":\"" + "0".repeat(64)
                + "\",\"vocab\":" + vocab + ",\"n_ctx\":2,\"d_model\":3,\"d_head\":3},\"strategy\":\"" + strategy
                + "\",\"claim\":{\"correct_count\":\"1\",\"total\":\"16\",\"accuracy\":\"1/16\"},\"hints\":" + hints + "}";
        return Certificate.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static CheckFailure fails(ExitCode code, String reason, String vocab, String strategy, String hints) {
        CheckFailure f = assertThrows(CheckFailure.class, () -> parse(vocab, strategy, hints));
        assertEquals(code, f.code(), f.getMessage());
        assertTrue(f.getMessage().contains(reason), f.getMessage());
        return f;
    }

    @Test
    void hintsAreTypedByStrategy() throws Exception {
        assertInstanceOf(Hints.Cubic.class, parse("4", "cubic", "{}").hints);
        assertNull(((Hints.BruteForce) parse("4", "brute-force", "{}").hints).incorrectInputs());
        // the arity and token range depend on the model, so they are the verifier's to check
        Hints.BruteForce b = (Hints.BruteForce) parse("4", "brute-force", "{\"incorrect_inputs\":[[0,9,1]]}").hints;
        assertArrayEquals(new int[] {0, 9, 1}, b.incorrectInputs()[0]);
        Hints.Cascade c = (Hints.Cascade) parse("4", "cascade", "{\"enumerate\":[[1,2,0]],\"shard\":{\"index\":1,\"count\":3}}").hints;
        assertArrayEquals(new int[] {1, 2, 0}, c.enumerate()[0]);
        assertEquals(1, c.shardIndex());
        assertEquals(3, c.shardCount());
        // subcubic hints are read, not yet checked against the model: min_gaps of the wrong shape parses
        SubcubicHints.Parsed p = (SubcubicHints.Parsed) parse("4", Variant.all().get(7).strategy(), "{\"min_gaps\":[[[5]]],\"key_direction\":[\"1/3\"]}").hints;
        assertEquals(Variant.all().get(7), p.variant());
        assertEquals(5, p.gaps()[0][0][0]);
        assertEquals(org.apache.commons.numbers.fraction.BigFraction.of(1, 3), p.vectors().get("key_direction")[0]);
        Hints.Cascade all = (Hints.Cascade) parse("4", "cascade", "{}").hints;
        assertEquals(0, all.enumerate().length);
        assertEquals(1, all.shardCount());
    }

    @Test
    void hintTypesAreCheckedUpFront() {
        fails(ExitCode.MALFORMED, "\"incorrect_inputs\" must be an array", "4", "brute-force", "{\"incorrect_inputs\":{}}");
        fails(ExitCode.MALFORMED, "hints.incorrect_inputs[0] must be an array of 2 tokens", "4", "brute-force", "{\"incorrect_inputs\":[5]}");
        fails(ExitCode.MALFORMED, "unknown field \"gaps\"", "4", "brute-force", "{\"gaps\":[]}");
        fails(ExitCode.MALFORMED, "takes no hints", "4", "cubic", "{\"gaps\":[]}");
        fails(ExitCode.MALFORMED, "hints.enumerate[0] must be [q, m, c]", "4", "cascade", "{\"enumerate\":[[1,2]]}");
        fails(ExitCode.MALFORMED, "0 <= index < count", "4", "cascade", "{\"shard\":{\"index\":3,\"count\":3}}");
        fails(ExitCode.MALFORMED, "unknown subcubic hint \"bogus\"", "4", Variant.all().get(0).strategy(), "{\"bogus\":1}");
        fails(ExitCode.MALFORMED, "hints.key_direction[1] must be an exact rational written as a string", "4", Variant.all().get(0).strategy(),
                "{\"min_gaps\":[],\"key_direction\":[\"1\",2]}");
    }

    @Test
    void unknownStrategyIsUnsupportedWhateverItsHints() {
        fails(ExitCode.UNSUPPORTED, "unknown strategy \"Brute-Force\"", "4", "Brute-Force", "{\"incorrect_inputs\":{}}");
        fails(ExitCode.UNSUPPORTED, "not one of the 100 subcubic variants", "4", "subcubic:nope", "{\"bogus\":1}");
    }

    /** Numbers keep their literal text, so "-0", "4.0" and "4e0" are not the integer 4 or 0. */
    @Test
    void numbersAreLiteral() {
        for (String v : new String[] {"-0", "4.0", "4e0", "4E0", "04"}) {
            if (v.equals("04")) {
                fails(ExitCode.MALFORMED, "is not valid JSON", v, "cubic", "{}");
            } else {
                fails(ExitCode.MALFORMED, "must be a non-negative JSON integer, not " + v, v, "cubic", "{}");
            }
        }
    }
}
