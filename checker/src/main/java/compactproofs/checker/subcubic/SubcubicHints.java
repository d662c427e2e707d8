package compactproofs.checker.subcubic;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.Certificate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated hints of a subcubic certificate. Every hint is untrusted: the gap table only selects
 * which sequences are counted (each entry is re-verified), and the directions only choose a
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
 */
public final class SubcubicHints {
    static final Set<String> KEYS = Set.of("min_gaps", "query_direction", "key_direction", "second_query_direction",
            "second_key_direction", "W_Q_U", "W_K_U", "W_EP_direction", "mean_attention");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]{1,4})?");
    private static final Pattern FRACTION = Pattern.compile("-?[0-9]+/[0-9]+");
    private static final int MAX_SCALE = 1200;
    /**
     * Largest bit length (of the absolute value) of a scaled hint: every entry of a direction's
     * primitive integer vector, the common denominator of a direction's entries, and for
     * {@code W_EP_direction} its common denominator and every numerator over it. Larger hints are a
     * RESOURCE_LIMIT (exit 4): the exact arithmetic of {@link EqkeSplit} and {@link EupuBound} costs a
     * fixed number of integer operations whose operands grow linearly with these bit lengths. Every
     * float32 vector (at most 277 bits) and every float64 vector whose nonzero entries have magnitudes in
     * [2^-459, 1] (at most 512 bits) passes; see docs/subcubic-hint-limits.md.
     */
    public static final int MAX_HINT_BITS = 512;

    public final int[][][] gaps;
    final BigInteger[] u1, v1, u2, v2, alpha, beta;
    /** {@code W_EP_direction = muNum / muDen}, or null. */
    final BigInteger[] muNum;
    final BigInteger muDen;
    /** {@code mean_attention} as doubles in [0, 1], or null. */
    public final double[][] abar;

    private SubcubicHints(int[][][] gaps, BigInteger[] u1, BigInteger[] v1, BigInteger[] u2, BigInteger[] v2,
                          BigInteger[] alpha, BigInteger[] beta, BigInteger[] muNum, BigInteger muDen, double[][] abar) {
        this.abar = abar;
        this.gaps = gaps; this.u1 = u1; this.v1 = v1; this.u2 = u2; this.v2 = v2;
        this.alpha = alpha; this.beta = beta; this.muNum = muNum; this.muDen = muDen;
    }

    /**
     * Parses and validates the hints the variant needs; every other known hint present is validated
     * too, and unknown hints are rejected.
     *
     * @param dq the query-side model dimension D' (d_model, plus one when b_Q is nonzero)
     * @throws CheckFailure MALFORMED for a missing, ill-shaped, out-of-range or zero hint; RESOURCE_LIMIT for a
     *         direction or {@code W_EP_direction} over {@link #MAX_HINT_BITS} once scaled (checked after the
     *         shape and syntax of all its entries)
     */
    static SubcubicHints parse(JsonObject h, Variant var, int v, int n, int d, int dq) throws CheckFailure {
        for (String k : h.keySet())
            if (!KEYS.contains(k)) throw CheckFailure.malformed("unknown subcubic hint \"" + k + "\"");
        int[][][] gaps = gaps(h, v, n);
        boolean needI = var.err().split != Variant.Split.EXACT, needP = var.err().split == Variant.Split.SUBPRODUCT;
        BigInteger[] u1 = direction(h, "query_direction", v, needI);
        BigInteger[] v1 = direction(h, "key_direction", v, needI);
        BigInteger[] u2 = direction(h, "second_query_direction", v, needP);
        BigInteger[] v2 = direction(h, "second_key_direction", v, needP);
        BigInteger[] al = direction(h, "W_Q_U", dq, needP);
        BigInteger[] be = direction(h, "W_K_U", d, needP);
        boolean needMu = var.eupu() == Variant.Eupu.SVD_QUERY_MAX_DIFF;
        BigInteger[] muNum = null;
        BigInteger muDen = BigInteger.ONE;
        if (h.has("W_EP_direction") || needMu) {
            BigInteger[][] r = rationals(Certificate.array(h, "W_EP_direction"), "W_EP_direction", d);
            muDen = lcm(r[1], "W_EP_direction");
            muNum = new BigInteger[d];
            for (int i = 0; i < d; i++) {
                muNum[i] = r[0][i].multiply(muDen.divide(r[1][i]));
                checkBits(muNum[i], "W_EP_direction", i, "over the common denominator");
            }
        }
        double[][] abar = h.has("mean_attention") ? meanAttention(Certificate.array(h, "mean_attention"), v, n) : null;
        return new SubcubicHints(gaps, u1, v1, u2, v2, al, be, muNum, muDen, abar);
    }

    private static double[][] meanAttention(JsonArray a, int v, int n) throws CheckFailure {
        if (a.size() != v) throw CheckFailure.malformed("hints.mean_attention must have " + v + " rows (max tokens), not " + a.size());
        double[][] out = new double[v][];
        for (int m = 0; m < v; m++) {
            if (!a.get(m).isJsonArray()) throw CheckFailure.malformed("hints.mean_attention[" + m + "] must be an array");
            BigInteger[][] r = rationals(a.get(m).getAsJsonArray(), "mean_attention[" + m + "]", n);
            out[m] = new double[n];
            for (int c = 0; c < n; c++) {
                if (r[0][c].signum() < 0 || r[0][c].compareTo(r[1][c]) > 0)
                    throw CheckFailure.malformed("hints.mean_attention[" + m + "][" + c + "] is outside [0, 1]");
                double d = new java.math.BigDecimal(r[0][c]).divide(new java.math.BigDecimal(r[1][c]), java.math.MathContext.DECIMAL64).doubleValue();
                out[m][c] = Math.max(0.0, Math.min(1.0, d));
            }
        }
        return out;
    }

    private static int[][][] gaps(JsonObject h, int v, int n) throws CheckFailure {
        JsonArray a = Certificate.array(h, "min_gaps");
        if (a.size() != v) throw CheckFailure.malformed("hints.min_gaps must have " + v + " rows (query tokens), not " + a.size());
        int[][][] g = new int[v][v][n];
        for (int q = 0; q < v; q++) {
            JsonElement eq = a.get(q);
            if (!eq.isJsonArray() || eq.getAsJsonArray().size() != v)
                throw CheckFailure.malformed("hints.min_gaps[" + q + "] must be an array of " + v + " arrays");
            for (int m = 0; m < v; m++) {
                JsonElement em = eq.getAsJsonArray().get(m);
                if (!em.isJsonArray() || em.getAsJsonArray().size() != n)
                    throw CheckFailure.malformed("hints.min_gaps[" + q + "][" + m + "] must be an array of " + n + " integers");
                for (int c = 0; c < n; c++) {
                    String what = "hints.min_gaps[" + q + "][" + m + "][" + c + "]";
                    int x = gap(em.getAsJsonArray().get(c), what);
                    if (x < 1 || x > v - 1) throw CheckFailure.malformed(what + " = " + x + " is outside [1, " + (v - 1) + "]");
                    g[q][m][c] = x;
                }
            }
        }
        return g;
    }

    /** A JSON integer literal of at most 9 digits (checked by hand: this runs V^2 n times). */
    private static int gap(JsonElement e, String what) throws CheckFailure {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            String s = e.getAsJsonPrimitive().getAsNumber().toString();
            boolean digits = !s.isEmpty() && s.length() <= 9 && (s.length() == 1 || s.charAt(0) != '0');
            for (int i = 0; i < s.length() && digits; i++) digits = s.charAt(i) >= '0' && s.charAt(i) <= '9';
            if (digits) return Integer.parseInt(s);
        }
        throw CheckFailure.malformed("\"" + what + "\" must be a JSON integer in [1, V-1]");
    }

    private static BigInteger[] direction(JsonObject h, String key, int len, boolean required) throws CheckFailure {
        if (!h.has(key) && !required) return null;
        BigInteger[][] r = rationals(Certificate.array(h, key), key, len);
        BigInteger l = lcm(r[1], key);
        BigInteger[] out = new BigInteger[len];
        boolean nonzero = false;
        for (int i = 0; i < len; i++) {
            out[i] = r[0][i].multiply(l.divide(r[1][i]));
            nonzero |= out[i].signum() != 0;
        }
        if (!nonzero) throw CheckFailure.malformed("hints." + key + " is the zero vector (a projection direction must be nonzero)");
        BigInteger g = BigInteger.ZERO;
        for (BigInteger x : out) g = g.gcd(x);
        if (!g.equals(BigInteger.ONE)) for (int i = 0; i < len; i++) out[i] = out[i].divide(g); // same direction, fewer bits
        for (int i = 0; i < len; i++) checkBits(out[i], key, i, "in the primitive integer vector");
        return out;
    }

    /** Parses exact rationals; returns {numerators, positive denominators} in lowest terms. */
    static BigInteger[][] rationals(JsonArray a, String key, int len) throws CheckFailure {
        if (a.size() != len) throw CheckFailure.malformed("hints." + key + " must have " + len + " entries, not " + a.size());
        BigInteger[][] out = new BigInteger[2][len];
        for (int i = 0; i < len; i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString())
                throw CheckFailure.malformed("hints." + key + "[" + i + "] must be an exact rational written as a string");
            BigInteger[] f = rational(e.getAsString(), "hints." + key + "[" + i + "]");
            out[0][i] = f[0]; out[1][i] = f[1];
        }
        return out;
    }

    static BigInteger[] rational(String s, String what) throws CheckFailure {
        if (s.length() > Certificate.MAX_DIGITS) throw CheckFailure.malformed(what + " is longer than " + Certificate.MAX_DIGITS + " characters");
        BigInteger p, q;
        if (FRACTION.matcher(s).matches()) {
            int k = s.indexOf('/');
            p = new BigInteger(s.substring(0, k));
            q = new BigInteger(s.substring(k + 1));
            if (q.signum() == 0) throw CheckFailure.malformed(what + " = \"" + s + "\" has a zero denominator");
        } else if (DECIMAL.matcher(s).matches()) {
            BigDecimal b = new BigDecimal(s);
            if (Math.abs(b.scale()) > MAX_SCALE) throw CheckFailure.malformed(what + " = \"" + s + "\" has an exponent out of range");
            if (b.scale() > 0) { p = b.unscaledValue(); q = BigInteger.TEN.pow(b.scale()); }
            else { p = b.unscaledValue().multiply(BigInteger.TEN.pow(-b.scale())); q = BigInteger.ONE; }
        } else {
            throw CheckFailure.malformed(what + " = \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\" is not an exact rational (decimal or p/q)");
        }
        BigInteger g = p.gcd(q);
        if (g.signum() != 0 && !g.equals(BigInteger.ONE)) { p = p.divide(g); q = q.divide(g); }
        return new BigInteger[] {p, q};
    }

    /**
     * The least common multiple of the (positive) denominators of {@code hints.key}, checked against
     * {@link #MAX_HINT_BITS} after every step, so that no more than one entry's worth of work is spent
     * on a common denominator that is already over the limit.
     *
     * @throws CheckFailure RESOURCE_LIMIT as soon as the running lcm has more than {@link #MAX_HINT_BITS} bits
     */
    static BigInteger lcm(BigInteger[] ds, String key) throws CheckFailure {
        BigInteger l = BigInteger.ONE;
        for (int i = 0; i < ds.length; i++) {
            l = l.divide(l.gcd(ds[i])).multiply(ds[i]);
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
