package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.Weights;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.testing.RandomModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import compactproofs.checker.testing.TestHints;
import compactproofs.checker.testing.MaxLikeModels;

/**
 * Each validation guard of {@link SubcubicHints} and {@link SubcubicVerifier}, exercised by a hint that
 * violates exactly that guard, with the exact exit code and reason; which hints each variant family
 * requires; and the variant bookkeeping ({@link Variant}).
 */
class SubcubicHintValidationTest {
    static Weights w;
    static JsonObject good;
    static final String[] DIRECTIONS = {"query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U"};

    @BeforeAll
    static void load() throws Exception {
        w = SafetensorsReader.read(Path.of("../testdata/models/tiny-v8-n3.safetensors")).weights();
        good = JsonParser.parseString(Files.readString(Path.of("../testdata/certificates/valid/tiny-v8-n3.subcubic-default.json")))
                .getAsJsonObject().getAsJsonObject("hints");
    }

    static Variant variant(String eupu, String err) {
        return Variant.parse("EUPU-" + eupu + "--attn-mean_query+diff--attn-err-" + err);
    }

    static final Variant FAMILY_I = variant("mean_query+max_diff", "max_diff"), FAMILY_P = variant("max_diff", "mean+max_diff_subproduct"),
            FAMILY_X = variant("max_diff_exact", "exact_EQKE+max_diff_exact"), SVD_EUPU = variant("svd_query+max_diff", "exact_EQKE+max_diff_exact");

    static CheckFailure fails(JsonObject h, Variant var, ExitCode code) {
        CheckFailure f = assertThrows(CheckFailure.class, () -> SubcubicHints.of(w, h, var));
        assertEquals(code, f.code(), f.getMessage());
        return f;
    }

    static void malformed(JsonObject h, String reason) {
        assertEquals(reason, fails(h, FAMILY_I, ExitCode.MALFORMED).getMessage());
    }

    static JsonObject set(String key, JsonElement value) {
        JsonObject h = good.deepCopy();
        h.add(key, value);
        return h;
    }

    static JsonObject setEntry(String key, int i, JsonElement value) {
        JsonObject h = good.deepCopy();
        h.getAsJsonArray(key).set(i, value);
        return h;
    }

    @Test
    void eachFamilyRequiresExactlyItsHints() throws Exception {
        Object[][] cases = {
                {FAMILY_I, Set.of("min_gaps", "query_direction", "key_direction")},
                {FAMILY_P, Set.of("min_gaps", "query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U")},
                {FAMILY_X, Set.of("min_gaps")},
                {SVD_EUPU, Set.of("min_gaps", "W_EP_direction")},
        };
        for (Object[] c : cases) {
            Variant var = (Variant) c[0];
            @SuppressWarnings("unchecked") Set<String> required = (Set<String>) c[1];
            SubcubicHints all = SubcubicHints.of(w, good, var);
            assertNotNull(all.u1);
            assertNotNull(all.muNum);
            for (String key : SubcubicHints.KEYS) {
                JsonObject h = good.deepCopy();
                h.remove(key);
                if (required.contains(key)) {
                    CheckFailure f = fails(h, var, ExitCode.MALFORMED);
                    assertTrue(f.getMessage().contains(key), f.getMessage());
                } else {
                    SubcubicHints p = SubcubicHints.of(w, h, var);
                    if (key.equals("query_direction")) assertNull(p.u1);
                    if (key.equals("W_EP_direction")) assertNull(p.muNum);
                    if (key.equals("mean_attention")) assertNull(p.abar);
                    SubcubicVerifier.prove(w, compactproofs.checker.model.PathMatrices.of(w),
                            (SubcubicHints.Parsed) TestHints.cert(w, var, h).hints);
                }
            }
        }
    }

    /** Present but unused hints are validated too (SPEC §9): the exact-EQKE, non-svd variant uses no direction. */
    @Test
    void unusedHintsAreValidated() {
        for (String key : new String[] {"query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U", "W_EP_direction"}) {
            JsonObject h = setEntry(key, 2, new JsonPrimitive("x"));
            CheckFailure f = fails(h, FAMILY_X, ExitCode.MALFORMED);
            assertEquals("hints." + key + "[2] = \"x\" is not an exact rational (decimal or p/q)", f.getMessage());
        }
        JsonObject h = good.deepCopy();
        h.addProperty("bogus", 1);
        assertEquals("unknown subcubic hint \"bogus\"", fails(h, FAMILY_X, ExitCode.MALFORMED).getMessage());
    }

    @Test
    void gapEntriesMustBeSmallIntegersInRange() {
        String at = "hints.min_gaps[3][4][1]";
        Object[][] cases = {
                {"0", at + " = 0 is outside [1, 7]"},
                {"8", at + " = 8 is outside [1, 7]"},
                {"9", at + " = 9 is outside [1, 7]"},
                {"10", at + " = 10 is outside [1, 7]"},
                {"123456789", at + " = 123456789 is outside [1, 7]"},
                {"1234567890", "\"" + at + "\" must be a JSON integer in [1, V-1]"},
                {"1.0", "\"" + at + "\" must be a JSON integer in [1, V-1]"},
                {"1e0", "\"" + at + "\" must be a JSON integer in [1, V-1]"},
                {"-1", "\"" + at + "\" must be a JSON integer in [1, V-1]"},
                {"\"3\"", "\"" + at + "\" must be a JSON integer in [1, V-1]"},
                {"true", "\"" + at + "\" must be a JSON integer in [1, V-1]"},
                {"[3]", "\"" + at + "\" must be a JSON integer in [1, V-1]"},
        };
        for (Object[] c : cases) {
            JsonObject h = good.deepCopy();
            h.getAsJsonArray("min_gaps").get(3).getAsJsonArray().get(4).getAsJsonArray().set(1, JsonParser.parseString((String) c[0]));
            malformed(h, (String) c[1]);
        }
        // a number literal with a leading zero is not a JSON integer (the strict certificate parser never produces one)
        for (String lit : new String[] {"07", "00"}) {
            JsonObject h = good.deepCopy();
            h.getAsJsonArray("min_gaps").get(3).getAsJsonArray().get(4).getAsJsonArray().set(1, new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber(lit)));
            malformed(h, "\"" + at + "\" must be a JSON integer in [1, V-1]");
        }
        // 7 = V - 1 is in range, and so are the other digits
        for (String ok : new String[] {"1", "2", "5", "7"}) {
            JsonObject h = good.deepCopy();
            h.getAsJsonArray("min_gaps").get(3).getAsJsonArray().get(4).getAsJsonArray().set(1, JsonParser.parseString(ok));
            assertDoesNotThrow(() -> SubcubicHints.of(w, h, FAMILY_I));
        }
    }

    @Test
    void gapTableShapeIsChecked() {
        JsonObject h = good.deepCopy();
        h.getAsJsonArray("min_gaps").remove(7);
        malformed(h, "hints.min_gaps must have 8 rows (query tokens), not 7");
        h = good.deepCopy();
        h.getAsJsonArray("min_gaps").set(2, new JsonPrimitive(1));
        malformed(h, "hints.min_gaps[2] must be an array of 8 arrays");
        h = good.deepCopy();
        h.getAsJsonArray("min_gaps").get(2).getAsJsonArray().remove(0);
        malformed(h, "hints.min_gaps[2] must be an array of 8 arrays");
        h = good.deepCopy();
        h.getAsJsonArray("min_gaps").get(2).getAsJsonArray().set(5, new JsonPrimitive(1));
        malformed(h, "hints.min_gaps[2][5] must be an array of 3 integers");
        h = good.deepCopy();
        h.getAsJsonArray("min_gaps").get(2).getAsJsonArray().get(5).getAsJsonArray().add(1);
        malformed(h, "hints.min_gaps[2][5] must be an array of 3 integers");
    }

    @Test
    void meanAttentionShapeAndRangeAreChecked() {
        JsonObject h = good.deepCopy();
        h.getAsJsonArray("mean_attention").remove(0);
        malformed(h, "hints.mean_attention must have 8 rows (max tokens), not 7");
        h = good.deepCopy();
        h.getAsJsonArray("mean_attention").set(4, new JsonPrimitive("0.5"));
        malformed(h, "hints.mean_attention[4] must be an array");
        h = good.deepCopy();
        h.getAsJsonArray("mean_attention").get(4).getAsJsonArray().remove(0);
        malformed(h, "hints.mean_attention[4] must have 3 entries, not 2");
        h = good.deepCopy();
        h.getAsJsonArray("mean_attention").get(4).getAsJsonArray().set(2, new JsonPrimitive("-1/1000"));
        malformed(h, "hints.mean_attention[4][2] is outside [0, 1]");
        h = good.deepCopy();
        h.getAsJsonArray("mean_attention").get(4).getAsJsonArray().set(2, new JsonPrimitive("1001/1000"));
        malformed(h, "hints.mean_attention[4][2] is outside [0, 1]");
        for (String ok : new String[] {"0", "1", "1/1", "0/5", "0.25"}) {
            JsonObject g = good.deepCopy();
            g.getAsJsonArray("mean_attention").get(4).getAsJsonArray().set(2, new JsonPrimitive(ok));
            assertDoesNotThrow(() -> SubcubicHints.of(w, g, FAMILY_I), ok);
        }
    }

    @Test
    void rationalEntriesAreChecked() {
        String at = "hints.key_direction[5]";
        malformed(setEntry("key_direction", 5, new JsonPrimitive(0.5)), at + " must be an exact rational written as a string");
        malformed(setEntry("key_direction", 5, new JsonArray()), at + " must be an exact rational written as a string");
        malformed(setEntry("key_direction", 5, new JsonPrimitive("1".repeat(401))), at + " is longer than 400 characters");
        malformed(setEntry("key_direction", 5, new JsonPrimitive("1e-1201")), at + " = \"1e-1201\" has an exponent out of range");
        malformed(setEntry("key_direction", 5, new JsonPrimitive("2E+1201")), at + " = \"2E+1201\" has an exponent out of range");
        malformed(setEntry("key_direction", 5, new JsonPrimitive("3/0")), at + " = \"3/0\" has a zero denominator");
        malformed(setEntry("key_direction", 5, new JsonPrimitive("1/-3")), at + " = \"1/-3\" is not an exact rational (decimal or p/q)");
        String junk = "0x" + "abcdef0123".repeat(5);
        malformed(setEntry("key_direction", 5, new JsonPrimitive(junk)), at + " = \"" + junk.substring(0, 40) + "...\" is not an exact rational (decimal or p/q)");
        String junk40 = "z".repeat(40);
        malformed(setEntry("key_direction", 5, new JsonPrimitive(junk40)), at + " = \"" + junk40 + "\" is not an exact rational (decimal or p/q)");
        JsonObject h = good.deepCopy();
        h.getAsJsonArray("key_direction").remove(0);
        malformed(h, "hints.key_direction must have 8 entries, not 7");
        JsonArray zero = new JsonArray();
        for (int i = 0; i < 8; i++) zero.add(i % 2 == 0 ? "0" : "-0/7");
        malformed(set("key_direction", zero), "hints.key_direction is the zero vector (a projection direction must be nonzero)");
        // a 400-character entry is fine (in mean_attention, which has no size limit after parsing)
        JsonObject ok = good.deepCopy();
        ok.getAsJsonArray("mean_attention").get(1).getAsJsonArray().set(0, new JsonPrimitive("0." + "0".repeat(397) + "1"));
        assertDoesNotThrow(() -> SubcubicHints.of(w, ok, FAMILY_X));
    }

    /** Exact rationals are parsed to lowest terms with a positive denominator. */
    @Test
    void rationalsAreReducedExactly() throws Exception {
        String[][] cases = {{"-0.125", "-1", "8"}, {"3e-5", "3", "100000"}, {"12.5e2", "1250", "1"}, {"2E+3", "2000", "1"}, {"-6/4", "-3", "2"},
                {"0/9", "0", "1"}, {"0.0", "0", "1"}, {"10/5", "2", "1"}, {"1e-1200", "1", "1" + "0".repeat(1200)}, {"7", "7", "1"}};
        for (String[] c : cases) {
            org.apache.commons.numbers.fraction.BigFraction r = SubcubicHints.rational(c[0], "x");
            assertEquals(c[1], r.getNumerator().toString(), c[0]);
            assertEquals(c[2], r.getDenominator().toString(), c[0]);
        }
    }

    /** Directions are used up to a positive factor: scaled to the primitive integer vector, sign kept. */
    @Test
    void directionsAreScaledToPrimitiveIntegerVectors() throws Exception {
        JsonArray a = new JsonArray();
        for (String s : new String[] {"1/2", "-3/4", "0", "1.5", "6", "0.25", "-1/6", "2/3"}) a.add(s);
        SubcubicHints h = SubcubicHints.of(w, set("key_direction", a), FAMILY_I);
        // lcm 12: (6, -9, 0, 18, 72, 3, -2, 8), gcd 1
        assertEquals(List.of(6L, -9L, 0L, 18L, 72L, 3L, -2L, 8L), java.util.Arrays.stream(h.v1).map(java.math.BigInteger::longValue).toList());
        JsonArray b = new JsonArray();
        for (String s : new String[] {"4", "-6", "0", "10", "2", "8", "-2", "6"}) b.add(s);
        h = SubcubicHints.of(w, set("key_direction", b), FAMILY_I);
        assertEquals(List.of(2L, -3L, 0L, 5L, 1L, 4L, -1L, 3L), java.util.Arrays.stream(h.v1).map(java.math.BigInteger::longValue).toList());
        // W_EP_direction is kept exactly: numerators over the least common denominator
        h = SubcubicHints.of(w, set("W_EP_direction", a), FAMILY_I);
        assertEquals(List.of(6L, -9L, 0L, 18L, 72L, 3L, -2L, 8L), java.util.Arrays.stream(h.muNum).map(java.math.BigInteger::longValue).toList());
        assertEquals(12, h.muDen.longValue());
        h = SubcubicHints.of(w, set("W_EP_direction", b), FAMILY_I);
        assertEquals(4, h.muNum[0].longValue());
        assertEquals(1, h.muDen.longValue());
    }

    @Test
    void verifierNamesAndVocabularyLimits() throws Exception {
        String longName = "subcubic:" + "x".repeat(200);
        CheckFailure f = assertThrows(CheckFailure.class, () -> SubcubicHints.variant(longName));
        assertEquals(ExitCode.UNSUPPORTED, f.code());
        assertEquals("unknown strategy \"" + longName.substring(0, 120) + "...\" (not one of the 100 subcubic variants)", f.getMessage());
        String name120 = "subcubic:" + "y".repeat(111);
        f = assertThrows(CheckFailure.class, () -> SubcubicHints.variant(name120));
        assertEquals("unknown strategy \"" + name120 + "\" (not one of the 100 subcubic variants)", f.getMessage());
        f = assertThrows(CheckFailure.class, () -> SubcubicHints.variant(FAMILY_I.name()));
        assertEquals(ExitCode.UNSUPPORTED, f.code(), "the prefix is required");
        assertEquals(FAMILY_I, SubcubicHints.variant(FAMILY_I.strategy()));
        // V = 1 is unsupported, V = 2 works
        Weights one = RandomModels.random(3, 1, 3, 2, 2, 1.0, false);
        JsonObject h1 = new JsonObject();
        h1.add("min_gaps", TestHints.gapsJson(TestHints.ones(1, 3)));
        f = assertThrows(CheckFailure.class, () -> SubcubicHints.of(one, h1, FAMILY_X));
        assertEquals(ExitCode.UNSUPPORTED, f.code());
        assertEquals("subcubic strategies need a vocabulary of at least 2 tokens", f.getMessage());
        Weights two = RandomModels.random(3, 2, 3, 2, 2, 1.0, false);
        JsonObject h2 = new JsonObject();
        h2.add("min_gaps", TestHints.gapsJson(TestHints.ones(2, 3)));
        assertNotNull(SubcubicHints.of(two, h2, FAMILY_X));
    }

    @Test
    void variantNamesAndDetail() throws Exception {
        assertEquals("subcubic:" + FAMILY_P.name(), FAMILY_P.strategy());
        assertEquals("EUPU-max_diff--attn-mean_query+diff--attn-err-mean+max_diff_subproduct", FAMILY_P.name());
        assertEquals(Variant.Split.SUBPRODUCT, FAMILY_P.err().split);
        assertEquals(Variant.Split.RANK_ONE, FAMILY_I.err().split);
        assertEquals(Variant.Split.EXACT, FAMILY_X.err().split);
        // the proof's detail line names the variant (its report labels live in the generator)
        Weights m = MaxLikeModels.of(5, 5, 3, 4, 0.05, false);
        StrategyResult p = TestHints.prove(m, FAMILY_P, TestHints.make(m, FAMILY_P));
        assertEquals("subcubic " + FAMILY_P.name(), p.detail());
        assertEquals(java.math.BigInteger.valueOf(FAMILY_P.effectiveDimension(5, 4)), p.effectiveDimension());
        assertFalse(p.exact());
    }
}
