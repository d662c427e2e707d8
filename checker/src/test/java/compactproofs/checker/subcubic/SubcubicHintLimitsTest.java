package compactproofs.checker.subcubic;

import compactproofs.checker.format.SubcubicHints;
import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The size limit on scaled hints ({@link SubcubicHints#MAX_HINT_BITS}, SPEC §9): the audit's
 * unbounded-cost certificates end quickly with RESOURCE_LIMIT, each guard is pinned at its boundary
 * (L bits pass, L + 1 bits fail), and a legal direction just under the limit still verifies.
 * Runs on the bundled tiny V=8 model and its valid default-variant certificate.
 */
class SubcubicHintLimitsTest {
    static final int L = SubcubicHints.MAX_HINT_BITS;
    static final String[] DIRECTIONS = {"query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U"};
    static LoadedModel model;
    static JsonObject base;

    @BeforeAll
    static void load() throws Exception {
        model = SafetensorsReader.read(Path.of("../testdata/models/tiny-v8-n3.safetensors"));
        base = JsonParser.parseString(Files.readString(Path.of("../testdata/certificates/valid/tiny-v8-n3.subcubic-default.json"))).getAsJsonObject();
    }

    static JsonObject hints(JsonObject cert) { return cert.getAsJsonObject("hints"); }

    static Verdict verify(JsonObject cert) throws CheckFailure {
        return Checker.verify(model.weights(), model.sha256(), Certificate.parse(cert.toString().getBytes(StandardCharsets.UTF_8)), VerifyOptions.defaults());
    }

    /** The base certificate with {@code hints.key} replaced by {@code f(0..len-1)}. */
    static JsonObject with(String key, IntFunction<String> f) {
        JsonObject c = base.deepCopy();
        int len = hints(c).getAsJsonArray(key).size();
        JsonArray a = new JsonArray();
        for (int i = 0; i < len; i++) a.add(f.apply(i));
        hints(c).add(key, a);
        return c;
    }

    static CheckFailure limit(JsonObject cert) {
        CheckFailure f = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(CheckFailure.class, () -> verify(cert)));
        assertEquals(ExitCode.RESOURCE_LIMIT, f.code(), f.getMessage());
        assertFalse(f.getMessage().contains("\n"));
        return f;
    }

    static void passes(JsonObject cert) throws Exception {
        Verdict v = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> verify(cert));
        assertEquals(ExitCode.VERIFIED, v.code(), v.reason());
    }

    /** The hints are accepted and the proof runs to a verdict (a poor direction may prove less than the claim). */
    static void completes(JsonObject cert) throws Exception {
        Verdict v = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> verify(cert));
        assertTrue(v.code() == ExitCode.VERIFIED || v.code() == ExitCode.REJECTED, v.reason());
    }

    static String pow2(int k) { return BigInteger.ONE.shiftLeft(k).toString(); }

    @Test
    void theBaseCertificateVerifies() throws Exception {
        passes(base);
        assertEquals(512, L, "SPEC §9 states the limit; change both together");
    }

    /** The audit's attack: entries 1/(10^396 + k), 399 characters each, a distinct k per entry. */
    @Test
    void fractionAttackEndsWithResourceLimitForEveryDirectionHint() {
        String[] keys = {"query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U", "W_EP_direction"};
        BigInteger big = BigInteger.TEN.pow(396);
        for (String key : keys) {
            JsonObject c = with(key, i -> "1/" + big.add(BigInteger.valueOf(i + 1)));
            assertEquals(399, hints(c).getAsJsonArray(key).get(0).getAsString().length());
            CheckFailure f = limit(c);
            int bits = big.add(BigInteger.ONE).bitLength();
            assertEquals(1316, bits);
            assertEquals("hints." + key + ": the common denominator of entries 0..0 has " + bits + " bits, over the limit of " + L
                    + " bits for a scaled hint", f.getMessage());
        }
    }

    /** 399-character decimals with distinct long expansions (denominator 10^397). */
    @Test
    void longDecimalAttackEndsWithResourceLimit() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (String key : DIRECTIONS) {
            JsonObject c = with(key, i -> {
                StringBuilder s = new StringBuilder(i % 2 == 0 ? "0." : "-0.");
                while (s.length() < 398) s.append((char) ('0' + r.nextInt(10)));
                return s.append((char) ('1' + 2 * r.nextInt(5))).toString(); // odd last digit: exactly 10^-k resolution
            });
            CheckFailure f = limit(c);
            assertTrue(f.getMessage().startsWith("hints." + key + ": the common denominator of entries 0..0 has "), f.getMessage());
        }
    }

    /** Integers of 399 digits: the common denominator is 1, the primitive vector is over the limit. */
    @Test
    void longIntegerAttackEndsWithResourceLimit() {
        for (String key : DIRECTIONS) {
            JsonObject c = with(key, i -> (i == 0 ? "1" : "7") + "0".repeat(390) + (100000001 + 2 * i));
            CheckFailure f = limit(c);
            assertTrue(f.getMessage().startsWith("hints." + key + "[0] has "), f.getMessage());
            assertTrue(f.getMessage().endsWith(" bits in the primitive integer vector, over the limit of " + L + " bits for a scaled hint"), f.getMessage());
        }
        // the largest decimal exponent gives a huge integer from six characters
        CheckFailure f = limit(with("key_direction", i -> i == 3 ? "1e1200" : "1"));
        assertEquals("hints.key_direction[3] has " + BigInteger.TEN.pow(1200).bitLength()
                + " bits in the primitive integer vector, over the limit of " + L + " bits for a scaled hint", f.getMessage());
    }

    /** Running lcm: it is checked after every entry, and the reason names the first entry that took it over. */
    @Test
    void commonDenominatorIsCheckedAsItGrows() {
        // distinct primes of 150 bits: the lcm has 150, 299/300, 449/450, ~600 bits after 1, 2, 3, 4 entries
        BigInteger p = BigInteger.ONE.shiftLeft(149);
        BigInteger[] q = new BigInteger[8];
        for (int i = 0; i < 8; i++) q[i] = p = p.nextProbablePrime();
        int over = -1;
        BigInteger l = BigInteger.ONE;
        for (int i = 0; i < 8 && over < 0; i++) { l = l.multiply(q[i]); if (l.bitLength() > L) over = i; }
        assertEquals(3, over);
        int bits = l.bitLength();
        CheckFailure f = limit(with("query_direction", i -> "1/" + q[i]));
        assertEquals("hints.query_direction: the common denominator of entries 0..3 has " + bits + " bits, over the limit of " + L
                + " bits for a scaled hint", f.getMessage());
    }

    /** The lcm guard at its boundary: 2^(L-1) (L bits) passes, 2^L (L + 1 bits) fails, though the primitive vector is (1, 0, ..., 0) in both. */
    @Test
    void commonDenominatorBoundary() throws Exception {
        for (String key : new String[] {"query_direction", "W_K_U", "W_EP_direction"}) {
            completes(with(key, i -> i == 0 ? "1/" + pow2(L - 1) : "0"));
            CheckFailure f = limit(with(key, i -> i == 0 ? "1/" + pow2(L) : "0"));
            assertEquals("hints." + key + ": the common denominator of entries 0..0 has " + (L + 1) + " bits, over the limit of " + L
                    + " bits for a scaled hint", f.getMessage());
        }
    }

    /** The primitive-vector guard at its boundary, after the division by the gcd. */
    @Test
    void primitiveVectorBoundary() throws Exception {
        for (String key : DIRECTIONS) {
            // (2^L - 1, 1, 0, ...): L bits, passes
            completes(with(key, i -> i == 0 ? BigInteger.ONE.shiftLeft(L).subtract(BigInteger.ONE).toString() : i == 1 ? "1" : "0"));
            // (2^L, 2, 0, ...) is the direction of (2^(L-1), 1, 0, ...): L bits, passes
            completes(with(key, i -> i == 0 ? pow2(L) : i == 1 ? "2" : "0"));
            // (-2^L, 1, 0, ...): L + 1 bits at entry 0, fails
            CheckFailure f = limit(with(key, i -> i == 0 ? "-" + pow2(L) : i == 1 ? "1" : "0"));
            assertEquals("hints." + key + "[0] has " + (L + 1) + " bits in the primitive integer vector, over the limit of " + L
                    + " bits for a scaled hint", f.getMessage());
            // the large entry last, with fractions: (1/3, 1, ..., 2^L/3) scales to (1, 3, ..., 2^L)
            f = limit(with(key, i -> i == 0 ? "1/3" : i < 7 ? "1" : pow2(L) + "/3"));
            assertEquals("hints." + key + "[7] has " + (L + 1) + " bits in the primitive integer vector, over the limit of " + L
                    + " bits for a scaled hint", f.getMessage());
        }
    }

    /** W_EP_direction is used exactly (not up to a factor): its numerators over the common denominator are limited. */
    @Test
    void wepNumeratorBoundary() throws Exception {
        String key = "W_EP_direction";
        passes(with(key, i -> i == 0 ? BigInteger.ONE.shiftLeft(L).subtract(BigInteger.ONE).toString() : "0"));
        // no gcd reduction for W_EP_direction: (2^L, 2) stays as it is
        CheckFailure f = limit(with(key, i -> i == 2 ? pow2(L) : i == 1 ? "2" : "0"));
        assertEquals("hints.W_EP_direction[2] has " + (L + 1) + " bits over the common denominator, over the limit of " + L
                + " bits for a scaled hint", f.getMessage());
        // 2 over the common denominator 2^(L-1) is 2^L: L + 1 bits, though each entry alone is small
        f = limit(with(key, i -> i == 0 ? "1/" + pow2(L - 1) : i == 5 ? "2" : "0"));
        assertEquals("hints.W_EP_direction[5] has " + (L + 1) + " bits over the common denominator, over the limit of " + L
                + " bits for a scaled hint", f.getMessage());
        passes(with(key, i -> i == 0 ? "1/" + pow2(L - 1) : i == 5 ? "-1" : "0"));
    }

    /** A malformed entry is reported as MALFORMED even when an earlier entry is over the limit. */
    @Test
    void syntaxIsCheckedBeforeSize() {
        JsonObject c = with("key_direction", i -> i == 0 ? "1/" + pow2(L + 50) : i == 6 ? "0x10" : "1");
        CheckFailure f = assertThrows(CheckFailure.class, () -> verify(c));
        assertEquals(ExitCode.MALFORMED, f.code(), f.getMessage());
    }

    /**
     * A legal direction just under the limit: the bundled float32 directions plus distinct odd multiples
     * of 2^-(L-1), which makes the common denominator 2^(L-1) and the primitive entries just under L bits.
     * The decomposition stays exact and the bounds move by far less than a double ulp, so the same claim
     * verifies, in bounded time.
     */
    @Test
    void largeLegalDirectionsStillVerify() throws Exception {
        JsonObject c = base.deepCopy();
        BigDecimal unit = new BigDecimal(BigInteger.ONE.shiftLeft(L - 1));
        for (String key : new String[] {"query_direction", "key_direction", "second_query_direction", "second_key_direction", "W_Q_U", "W_K_U", "W_EP_direction"}) {
            JsonArray a = hints(c).getAsJsonArray(key), b = new JsonArray();
            for (int i = 0; i < a.size(); i++) {
                BigInteger num = new BigDecimal(a.get(i).getAsString()).multiply(unit).toBigIntegerExact().add(BigInteger.valueOf(2L * i + 1));
                b.add(num + "/" + pow2(L - 1));
            }
            hints(c).add(key, b);
        }
        passes(c);
        SubcubicHints h = SubcubicHints.of(model.weights(), hints(c), Variant.parse(c.get("strategy").getAsString().substring(Variant.PREFIX.length())));
        int max = 0;
        for (BigInteger[] v : new BigInteger[][] {h.u1, h.v1, h.u2, h.v2, h.alpha, h.beta, h.muNum})
            for (BigInteger x : v) max = Math.max(max, x.bitLength());
        assertTrue(max > L - 4 && max <= L, "largest scaled entry " + max + " bits");
        assertEquals(L, h.muDen.bitLength());
    }

    /** Every float32 vector passes: the extremes of the float32 range in one direction (277 bits). */
    @Test
    void wholeFloat32RangePasses() throws Exception {
        float[] xs = {Float.MIN_VALUE, -Float.MAX_VALUE, Float.MIN_NORMAL, 1f, -0.349126f, 3e-30f, Float.MAX_VALUE, 0f};
        for (String key : new String[] {"query_direction", "W_EP_direction"}) {
            JsonObject c = with(key, i -> new BigDecimal(xs[i]).toPlainString());
            completes(c);
            SubcubicHints h = SubcubicHints.of(model.weights(), hints(c), Variant.parse(c.get("strategy").getAsString().substring(Variant.PREFIX.length())));
            BigInteger[] v = key.equals("W_EP_direction") ? h.muNum : h.u1;
            int max = 0;
            for (BigInteger x : v) max = Math.max(max, x.bitLength());
            assertEquals(277, max, key);
        }
    }

    /** A double as an exact fraction {@code m/2^k} (its decimal expansion may exceed 400 characters). */
    static String exact(double x) {
        BigDecimal b = new BigDecimal(x);
        if (b.scale() <= 0) return b.toPlainString();
        int k = Math.max(0, -Math.getExponent(x) + 52);
        return b.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(k))).toBigIntegerExact() + "/" + BigInteger.ONE.shiftLeft(k);
    }

    /**
     * Every float64 vector with nonzero entries of magnitude in [2^-459, 1] passes (common denominator and
     * entries of at most 512 bits); one ulp finer at the bottom (2^-460 with a full mantissa) does not.
     */
    @Test
    void float64VectorsDownTo2ToTheMinus459Pass() throws Exception {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        double[] xs = new double[8];
        xs[0] = Math.nextDown(1.0);
        xs[1] = Math.nextUp(0x1p-459);          // ulp 2^-511
        xs[2] = -1.0;
        for (int i = 3; i < 8; i++) xs[i] = (r.nextBoolean() ? -1 : 1) * Math.scalb(1 + r.nextDouble(), -r.nextInt(459));
        for (String key : new String[] {"key_direction", "W_EP_direction"}) {
            completes(with(key, i -> exact(xs[i])));
            double tiny = Math.nextUp(0x1p-460);  // ulp 2^-512: the common denominator has 513 bits
            CheckFailure f = limit(with(key, i -> exact(i == 1 ? tiny : xs[i])));
            assertEquals("hints." + key + ": the common denominator of entries 0..1 has 513 bits, over the limit of " + L
                    + " bits for a scaled hint", f.getMessage());
        }
    }

    /**
     * {@code mean_attention} is not scaled: each entry is divided once at 16 significant digits, so its
     * cost is bounded by the 400-character entry limit. Extreme legal entries are accepted and rounded to
     * the nearest double of the 16-digit quotient.
     */
    @Test
    void meanAttentionExtremesAreCheapAndExact() throws Exception {
        JsonObject c = base.deepCopy();
        JsonArray ab = new JsonArray();
        int v = model.weights().vocab, n = model.weights().nCtx;
        String tenTo396 = BigInteger.TEN.pow(396).toString();
        for (int m = 0; m < v; m++) {
            JsonArray row = new JsonArray();
            for (int cc = 0; cc < n; cc++)
                row.add(switch ((m * n + cc) % 4) {
                    case 0 -> "1/" + tenTo396 + "1";
                    case 1 -> "1e-1200";
                    case 2 -> "0." + "9".repeat(397);
                    default -> "1" + "0".repeat(197) + "/3" + "0".repeat(197);
                });
            ab.add(row);
        }
        hints(c).add("mean_attention", ab);
        Verdict vd = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> verify(c));
        assertNotEquals(ExitCode.RESOURCE_LIMIT, vd.code());
        SubcubicHints h = SubcubicHints.of(model.weights(), hints(c), Variant.parse(c.get("strategy").getAsString().substring(Variant.PREFIX.length())));
        for (int m = 0; m < v; m++)
            for (int cc = 0; cc < n; cc++) {
                double want = switch ((m * n + cc) % 4) {
                    case 0 -> 0.0; // 1/(10^397 + 1) underflows to 0
                    case 1 -> 0.0;
                    case 2 -> 1.0;
                    default -> 1.0 / 3;
                };
                assertEquals(want, h.abar[m][cc], 0.0, m + "," + cc);
            }
    }
}
