package compactproofs.checker.format;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.Weights;
import compactproofs.checker.subcubic.Variant;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.numbers.fraction.BigFraction;

/**
 * The hints of a {@code subcubic:<variant>} certificate (SPEC §9). Every hint is untrusted: the gap table only
 * selects which sequences are counted (each entry is re-verified), and the directions only choose a
 * decomposition that is exact for any nonzero direction (or, for {@code W_EP_direction}, any vector).
 *
 * <pre>
 *   min_gaps               V x V x n JSON integers in [1, V-1], indexed [q][m][c]   (always)
 *   query_direction        V exact rationals, nonzero    (error options of families I and P)
 *   key_direction          V exact rationals, nonzero    (families I and P)
 *   second_query_direction V exact rationals, nonzero    (family P)
 *   second_key_direction   V exact rationals, nonzero    (family P)
 *   W_Q_U                  D' exact rationals, nonzero, D' = d_model (+1 if b_Q != 0)  (family P)
 *   W_K_U                  d_model exact rationals, nonzero (family P)
 *   W_EP_direction         d_model exact rationals       (EUPU svd_query+max_diff)
 *   mean_attention         V x n exact rationals in [0, 1], indexed [m][c]  (optional; attention mean_query+diff)
 * </pre>
 * {@code mean_attention[m][c]} is the centring attention Abar of Lemma G for (m, c); any value in
 * [0, 1] is sound, so the checker uses the nearest double. Without it, Abar is the mean of the valid
 * queries' attention-interval midpoints.
 * An exact rational is a string: a decimal ({@code "-0.125"}, {@code "3e-5"}) or a fraction
 * ({@code "-3/7"}). Directions are used only up to a positive factor, so each is stored as the
 * integer vector obtained by multiplying by the lcm of its denominators.
 *
 * <p>The certificate parser reads the hints into {@link Parsed} (JSON types and syntax); {@link Parsed#forModel}
 * then checks them against the model's dimensions (shapes, ranges, which hints the variant needs) and scales them.
 */
public final class SubcubicHints {
    public static final Set<String> KEYS = Set.of("min_gaps", "query_direction", "key_direction", "second_query_direction",
            "second_key_direction", "W_Q_U", "W_K_U", "W_EP_direction", "mean_attention");
    private static final List<String> VECTORS = List.of("query_direction", "key_direction", "second_query_direction",
            "second_key_direction", "W_Q_U", "W_K_U", "W_EP_direction");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]{1,4})?");
    private static final Pattern FRACTION = Pattern.compile("-?[0-9]+/[0-9]+");
    private static final int MAX_SCALE = 1200;
    /**
     * Largest bit length (of the absolute value) of a scaled hint: every entry of a direction's
     * primitive integer vector, the common denominator of a direction's entries, and for
     * {@code W_EP_direction} its common denominator and every numerator over it. Larger hints are a
     * RESOURCE_LIMIT (exit 4): the exact arithmetic of {@code EqkeSplit} and {@code EupuBound} costs a
     * fixed number of integer operations whose operands grow linearly with these bit lengths. Every
     * float32 vector (at most 277 bits) and every float64 vector whose nonzero entries have magnitudes in
     * [2^-459, 1] (at most 512 bits) passes; see docs/subcubic-hint-limits.md.
     */
    public static final int MAX_HINT_BITS = 512;

    public final int[][][] gaps;
    public final BigInteger[] u1, v1, u2, v2, alpha, beta;
    /** {@code W_EP_direction = muNum / muDen}, or null. */
    public final BigInteger[] muNum;
    public final BigInteger muDen;
    /** {@code mean_attention} as doubles in [0, 1], or null. */
    public final double[][] abar;

    private SubcubicHints(int[][][] gaps, BigInteger[][] dirs, BigInteger[] muNum, BigInteger muDen, double[][] abar) {
        this.gaps = gaps; this.abar = abar; this.muNum = muNum; this.muDen = muDen;
        u1 = dirs[0]; v1 = dirs[1]; u2 = dirs[2]; v2 = dirs[3]; alpha = dirs[4]; beta = dirs[5];
    }

    /**
     * The hints as written, before they meet the model: {@code gaps} is ragged, {@code vectors} holds the
     * rational hints present, {@code meanAttention} is null when absent.
     */
    public record Parsed(Variant variant, int[][][] gaps, Map<String, BigFraction[]> vectors, BigFraction[][] meanAttention)
            implements Hints {
        /**
         * Checks the hints against the model and scales the directions.
         *
         * @throws CheckFailure UNSUPPORTED for V < 2; MALFORMED for a missing, ill-shaped, out-of-range or zero hint;
         *     RESOURCE_LIMIT for a direction or {@code W_EP_direction} over {@link #MAX_HINT_BITS} once scaled
         */
        public SubcubicHints forModel(Weights w) throws CheckFailure {
            if (w.vocab < 2) throw CheckFailure.unsupported("subcubic strategies need a vocabulary of at least 2 tokens");
            int v = w.vocab, n = w.nCtx, d = w.dModel;
            int[][][] g = checkGaps(gaps, v, n);
            boolean needI = variant.err().split != Variant.Split.EXACT, needP = variant.err().split == Variant.Split.SUBPRODUCT;
            BigInteger[][] dirs = {direction("query_direction", v, needI), direction("key_direction", v, needI),
                    direction("second_query_direction", v, needP), direction("second_key_direction", v, needP),
                    direction("W_Q_U", d + (hasQueryBias(w) ? 1 : 0), needP), direction("W_K_U", d, needP)};
            BigInteger[] muNum = null;
            BigInteger muDen = BigInteger.ONE;
            if (vectors.containsKey("W_EP_direction") || variant.eupu() == Variant.Eupu.SVD_QUERY_MAX_DIFF) {
                BigFraction[] mu = vector("W_EP_direction", d);
                muDen = lcm(mu, "W_EP_direction");
                muNum = new BigInteger[d];
                for (int i = 0; i < d; i++) {
                    muNum[i] = mu[i].getNumerator().multiply(muDen.divide(mu[i].getDenominator()));
                    checkBits(muNum[i], "W_EP_direction", i, "over the common denominator");
                }
            }
            return new SubcubicHints(g, dirs, muNum, muDen, meanAttention == null ? null : abar(meanAttention, v, n));
        }

        private BigFraction[] vector(String key, int len) throws CheckFailure {
            BigFraction[] r = vectors.get(key);
            if (r == null) throw CheckFailure.malformed("missing field \"" + key + "\"");
            if (r.length != len) throw CheckFailure.malformed("hints." + key + " must have " + len + " entries, not " + r.length);
            return r;
        }

        /** The primitive integer vector of a direction, or null when it is absent and not required. */
        private BigInteger[] direction(String key, int len, boolean required) throws CheckFailure {
            if (!vectors.containsKey(key) && !required) return null;
            BigFraction[] r = vector(key, len);
            BigInteger l = lcm(r, key), g = BigInteger.ZERO;
            BigInteger[] out = new BigInteger[len];
            for (int i = 0; i < len; i++) {
                out[i] = r[i].getNumerator().multiply(l.divide(r[i].getDenominator()));
                g = g.gcd(out[i]);
            }
            if (g.signum() == 0) throw CheckFailure.malformed("hints." + key + " is the zero vector (a projection direction must be nonzero)");
            for (int i = 0; i < len; i++) {
                out[i] = out[i].divide(g); // same direction, fewer bits
                checkBits(out[i], key, i, "in the primitive integer vector");
            }
            return out;
        }
    }

    /** The variant a strategy name {@code subcubic:<variant>} names. @throws CheckFailure UNSUPPORTED for any other name */
    /** Whether the model has a query bias b_Q: then {@code W_Q_U} has d + 1 entries (EqkeSplit appends b_Q as a row of W_Q). */
    public static boolean hasQueryBias(Weights w) { return Arrays.stream(w.bQ).anyMatch(b -> b != 0); }

    public static Variant variant(String name) throws CheckFailure {
        if (!name.startsWith(Variant.PREFIX)) throw CheckFailure.unsupported("unknown strategy \"" + name + "\"");
        Variant v = Variant.parse(name.substring(Variant.PREFIX.length()));
        if (v == null) throw CheckFailure.unsupported("unknown strategy \"" + (name.length() > 120 ? name.substring(0, 120) + "..." : name) + "\" (not one of the 100 subcubic variants)");
        return v;
    }

    /** Parses and checks hints in one step (for the generator and tests). */
    public static SubcubicHints of(Weights w, JsonObject h, Variant var) throws CheckFailure {
        return parse(h, var.strategy(), w.vocab, w.nCtx).forModel(w);
    }

    /** Reads the hints of strategy {@code name}; unknown hints are refused. {@code v, n} (the certificate's) only word errors. */
    static Parsed parse(JsonObject h, String name, int v, int n) throws CheckFailure {
        Variant var = variant(name);
        for (String k : h.keySet())
            if (!KEYS.contains(k)) throw CheckFailure.malformed("unknown subcubic hint \"" + StrictJson.clip(k) + "\"");
        JsonArray a = Certificate.array(h, "min_gaps");
        int[][][] gaps = new int[a.size()][][];
        for (int q = 0; q < gaps.length; q++) {
            if (!a.get(q).isJsonArray()) throw CheckFailure.malformed("hints.min_gaps[" + q + "] must be an array of " + v + " arrays");
            JsonArray aq = a.get(q).getAsJsonArray();
            gaps[q] = new int[aq.size()][];
            for (int m = 0; m < gaps[q].length; m++) {
                // messages are built only on failure: this loop runs V^2 n times
                if (!aq.get(m).isJsonArray()) throw CheckFailure.malformed("hints.min_gaps[" + q + "][" + m + "] must be an array of " + n + " integers");
                JsonArray am = aq.get(m).getAsJsonArray();
                gaps[q][m] = new int[am.size()];
                for (int c = 0; c < am.size(); c++) {
                    gaps[q][m][c] = gap(am.get(c));
                    if (gaps[q][m][c] < 0) throw CheckFailure.malformed("\"hints.min_gaps[" + q + "][" + m + "][" + c + "]\" must be a JSON integer in [1, V-1]");
                }
            }
        }
        Map<String, BigFraction[]> vectors = new HashMap<>();
        for (String k : VECTORS) if (h.has(k)) vectors.put(k, rationals(Certificate.array(h, k), k));
        BigFraction[][] mean = null;
        if (h.has("mean_attention")) {
            JsonArray m = Certificate.array(h, "mean_attention");
            mean = new BigFraction[m.size()][];
            for (int i = 0; i < mean.length; i++) {
                if (!m.get(i).isJsonArray()) throw CheckFailure.malformed("hints.mean_attention[" + i + "] must be an array");
                mean[i] = rationals(m.get(i).getAsJsonArray(), "mean_attention[" + i + "]");
            }
        }
        return new Parsed(var, gaps, vectors, mean);
    }

    private static int[][][] checkGaps(int[][][] gaps, int v, int n) throws CheckFailure {
        if (gaps.length != v) throw CheckFailure.malformed("hints.min_gaps must have " + v + " rows (query tokens), not " + gaps.length);
        for (int q = 0; q < v; q++) {
            if (gaps[q].length != v) throw CheckFailure.malformed("hints.min_gaps[" + q + "] must be an array of " + v + " arrays");
            for (int m = 0; m < v; m++) {
                if (gaps[q][m].length != n) throw CheckFailure.malformed("hints.min_gaps[" + q + "][" + m + "] must be an array of " + n + " integers");
                for (int c = 0; c < n; c++)
                    if (gaps[q][m][c] < 1 || gaps[q][m][c] > v - 1)
                        throw CheckFailure.malformed("hints.min_gaps[" + q + "][" + m + "][" + c + "] = " + gaps[q][m][c] + " is outside [1, " + (v - 1) + "]");
            }
        }
        return gaps;
    }

    /** A JSON integer literal of at most 9 digits (checked by hand: this runs V^2 n times), or -1. */
    private static int gap(JsonElement e) {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            String s = e.getAsString();
            boolean digits = !s.isEmpty() && s.length() <= 9 && (s.length() == 1 || s.charAt(0) != '0');
            for (int i = 0; i < s.length() && digits; i++) digits = s.charAt(i) >= '0' && s.charAt(i) <= '9';
            if (digits) return Integer.parseInt(s);
        }
        return -1;
    }

    private static double[][] abar(BigFraction[][] a, int v, int n) throws CheckFailure {
        if (a.length != v) throw CheckFailure.malformed("hints.mean_attention must have " + v + " rows (max tokens), not " + a.length);
        double[][] out = new double[v][n];
        for (int m = 0; m < v; m++) {
            if (a[m].length != n) throw CheckFailure.malformed("hints.mean_attention[" + m + "] must have " + n + " entries, not " + a[m].length);
            for (int c = 0; c < n; c++) {
                if (a[m][c].signum() < 0 || a[m][c].compareTo(BigFraction.ONE) > 0)
                    throw CheckFailure.malformed("hints.mean_attention[" + m + "][" + c + "] is outside [0, 1]");
                double x = new BigDecimal(a[m][c].getNumerator()).divide(new BigDecimal(a[m][c].getDenominator()), MathContext.DECIMAL64).doubleValue();
                out[m][c] = Math.max(0.0, Math.min(1.0, x));
            }
        }
        return out;
    }

    private static BigFraction[] rationals(JsonArray a, String key) throws CheckFailure {
        BigFraction[] out = new BigFraction[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement e = a.get(i);
            if (!Certificate.isString(e))
                throw CheckFailure.malformed("hints." + key + "[" + i + "] must be an exact rational written as a string");
            out[i] = rational(e.getAsString(), "hints." + key + "[" + i + "]");
        }
        return out;
    }

    /** An exact rational in lowest terms with a positive denominator; the syntax and size limits are checked first. */
    public static BigFraction rational(String s, String what) throws CheckFailure {
        if (s.length() > Certificate.MAX_DIGITS) throw CheckFailure.malformed(what + " is longer than " + Certificate.MAX_DIGITS + " characters");
        if (FRACTION.matcher(s).matches()) {
            if (s.matches(".*/0+")) throw CheckFailure.malformed(what + " = \"" + s + "\" has a zero denominator");
            return BigFraction.parse(s);
        }
        if (!DECIMAL.matcher(s).matches())
            throw CheckFailure.malformed(what + " = \"" + StrictJson.clip(s) + "\" is not an exact rational (decimal or p/q)");
        BigDecimal b = new BigDecimal(s);
        if (Math.abs(b.scale()) > MAX_SCALE) throw CheckFailure.malformed(what + " = \"" + s + "\" has an exponent out of range");
        BigInteger ten = BigInteger.TEN.pow(Math.abs(b.scale()));
        return b.scale() > 0 ? BigFraction.of(b.unscaledValue(), ten) : BigFraction.of(b.unscaledValue().multiply(ten));
    }

    /**
     * The least common multiple of the denominators of {@code hints.key}, checked against
     * {@link #MAX_HINT_BITS} after every step, so that no more than one entry's worth of work is spent
     * on a common denominator that is already over the limit.
     *
     * @throws CheckFailure RESOURCE_LIMIT as soon as the running lcm has more than {@link #MAX_HINT_BITS} bits
     */
    static BigInteger lcm(BigFraction[] xs, String key) throws CheckFailure {
        BigInteger l = BigInteger.ONE;
        for (int i = 0; i < xs.length; i++) {
            BigInteger d = xs[i].getDenominator();
            l = l.divide(l.gcd(d)).multiply(d);
            if (l.bitLength() > MAX_HINT_BITS)
                throw CheckFailure.resourceLimit("hints." + key + ": the common denominator of entries 0.." + i + " has " + l.bitLength()
                        + " bits, over the limit of " + MAX_HINT_BITS + " bits for a scaled hint");
        }
        return l;
    }

    /** @throws CheckFailure RESOURCE_LIMIT when the scaled entry {@code x} of {@code hints.key[i]} has more than {@link #MAX_HINT_BITS} bits */
    static void checkBits(BigInteger x, String key, int i, String where) throws CheckFailure {
        int bits = x.abs().bitLength(); // of the magnitude (bitLength() of -2^k is k)
        if (bits > MAX_HINT_BITS)
            throw CheckFailure.resourceLimit("hints." + key + "[" + i + "] has " + bits + " bits " + where
                    + ", over the limit of " + MAX_HINT_BITS + " bits for a scaled hint");
    }
}
