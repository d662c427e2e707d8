package compactproofs.testdata.testing;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Regenerates the certificate corpus under {@code testdata/}: {@code certificates/{invalid,malformed}},
 * derived valid variants {@code certificates/valid/variant-*}, hostile weight files under
 * {@code models/malformed/} and {@code models/variants/}, and {@code certificates/index.json}.
 *
 * <p>Inputs are the bundled models {@code models/*.safetensors} and the generator-written ("base")
 * certificates {@code certificates/valid/*.json}. Every base is paired with its model by hash. Bases
 * whose model is small (V^n at most {@link #CHEAP_INPUTS}) are verified in process once, to learn the
 * count their strategy proves, and get the generic mutations (claims, model fields, strategy names);
 * brute-force bases additionally get hint mutations. To cover a new strategy (cubic, subcubic:...),
 * add its certificate for a tiny model to {@code certificates/valid/} and rerun this builder.
 *
 * <p>Expected exit codes and reason substrings are written here by hand from SPEC.md and the checker's
 * documented messages; they are never copied from a checker run, so the corpus tests test something.
 *
 * <p>A tool, not a test: run {@code scripts/rebuild-corpus.sh} (rebuilds {@code testdata/} in place) or
 * {@code scripts/rebuild-corpus.sh --check} (rebuilds a temporary copy and fails if it differs from the
 * committed corpus); see {@code testdata/README.md}. {@link #main} takes the testdata directory.
 */
public final class CorpusBuilder {
    static final long CHEAP_INPUTS = 100_000;
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();

    private final Path root;
    private final List<JsonObject> cases = new ArrayList<>();
    private final Set<String> ids = new HashSet<>();
    /** sha256 to path relative to root, in sorted path order. */
    private final Map<String, String> models = new LinkedHashMap<>();

    public CorpusBuilder(Path root) { this.root = root; }

    /** {@code CorpusBuilder [TESTDATA_DIR]} (default {@code testdata}): rebuilds the corpus there. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "testdata").toAbsolutePath();
        int n = new CorpusBuilder(root).build();
        System.out.println("corpus rebuilt in " + root + ": " + n + " cases");
    }

    /** Deletes the previously generated files, regenerates them and returns the number of cases. */
    public int build() throws IOException, CheckFailure {
        for (String d : List.of("certificates/invalid", "certificates/malformed", "models/malformed", "models/variants")) deleteTree(root.resolve(d));
        try (Stream<Path> s = Files.list(root.resolve("certificates/valid"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("variant-")).collect(Collectors.toList())) Files.delete(p);
        }
        List<Path> modelFiles;
        try (Stream<Path> s = Files.list(root.resolve("models"))) {
            modelFiles = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().collect(Collectors.toList());
        }
        for (Path m : modelFiles) models.put(SafetensorsReader.read(m).sha256(), rel(m));
        List<Path> bases;
        try (Stream<Path> s = Files.list(root.resolve("certificates/valid"))) {
            bases = s.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.comparing(Path::toString)).collect(Collectors.toList());
        }
        Base primary = null;
        for (Path p : bases) {
            Base b = base(p);
            valid(b);
            anotherModel(b);
            if (!b.cheap) continue;
            generic(b);
            if (b.strategy.equals("separable")) separableHints(b);
            if (b.strategy.equals("brute-force")) {
                bruteForceHints(b);
                if (primary == null) primary = b;
            }
        }
        if (primary == null) throw new IllegalStateException("need a brute-force certificate of a small model in certificates/valid");
        malformed(primary);
        weights(primary);
        JsonObject index = new JsonObject();
        index.addProperty("format", "compact-proofs/corpus-index");
        index.addProperty("version", 1);
        index.addProperty("description", "Checker test corpus: each case names a certificate and a model (paths relative to testdata/), "
                + "the exit code the checker must return and a substring of its reason. Regenerate with CorpusBuilder.");
        JsonArray arr = new JsonArray();
        cases.forEach(arr::add);
        index.add("cases", arr);
        Files.writeString(root.resolve("certificates/index.json"), PRETTY.toJson(index) + "\n");
        return cases.size();
    }

    /** A generator-written certificate and what the checker proves from it. */
    private static final class Base {
        String name, file, model, strategy, sha;
        JsonObject json;
        int vocab, nCtx, dModel, dHead;
        BigInteger total, count, proved;
        boolean cheap, exact;
    }

    private Base base(Path p) throws IOException, CheckFailure {
        Base b = new Base();
        b.file = rel(p);
        String fn = p.getFileName().toString();
        b.name = fn.substring(0, fn.length() - ".json".length());
        b.json = JsonParser.parseString(Files.readString(p)).getAsJsonObject();
        JsonObject m = b.json.getAsJsonObject("model");
        b.sha = m.get("sha256").getAsString();
        b.model = models.get(b.sha);
        if (b.model == null) throw new IllegalStateException(p + " is for a model not under models/: " + b.sha);
        b.vocab = m.get("vocab").getAsInt();
        b.nCtx = m.get("n_ctx").getAsInt();
        b.dModel = m.get("d_model").getAsInt();
        b.dHead = m.get("d_head").getAsInt();
        b.strategy = b.json.get("strategy").getAsString();
        b.total = new BigInteger(claim(b.json).get("total").getAsString());
        b.count = new BigInteger(claim(b.json).get("correct_count").getAsString());
        b.cheap = b.total.compareTo(BigInteger.valueOf(CHEAP_INPUTS)) <= 0;
        if (b.cheap) {
            // only to learn the proved count the mutations are built around; expectations stay hand-written
            LoadedModel lm = SafetensorsReader.read(root.resolve(b.model));
            Verdict v = Checker.verify(lm.weights(), lm.sha256(), Certificate.read(p), VerifyOptions.defaults());
            if (!v.verified()) throw new IllegalStateException("base certificate " + p + " does not verify: " + v.reason());
            b.proved = v.proved();
            b.exact = v.exact();
        }
        return b;
    }

    // ---------------------------------------------------------------- valid

    private void valid(Base b) {
        JsonObject j = new JsonObject();
        j.addProperty("verified", true);
        j.addProperty("status", "VERIFIED");
        j.addProperty("strategy", b.strategy);
        j.addProperty("model_sha256", b.sha);
        j.addProperty("claimed_count", b.count.toString());
        j.addProperty("total", b.total.toString());
        j.addProperty("vocab", b.vocab);
        j.addProperty("n_ctx", b.nCtx);
        if (b.cheap) j.addProperty("exact", b.exact);
        addCase("valid", b.name, b.file, b.model, 0, "proved", j, !b.cheap, "generator-written certificate, checked against its own model");
    }

    private void validVariant(Base b, String what, String description, boolean exact, Consumer<JsonObject> edit) {
        JsonObject c = b.json.deepCopy();
        edit.accept(c);
        JsonObject j = new JsonObject();
        j.addProperty("verified", true);
        j.addProperty("exact", exact);
        j.addProperty("claimed_count", claim(c).get("correct_count").getAsString());
        String id = "variant-" + b.name + "." + what;
        write("certificates/valid/" + id + ".json", GSON.toJson(c) + "\n");
        addCase("valid", id, "certificates/valid/" + id + ".json", b.model, 0, "proved", j, false, description);
    }

    // ---------------------------------------------------------------- generic mutations

    private void anotherModel(Base b) {
        for (String other : models.values()) {
            if (other.equals(b.model)) continue;
            addCase("invalid", b.name + ".against-" + stem(other), b.file, other, 1, "not this file", null, false,
                    "a valid certificate checked against another model's weights");
            return;
        }
    }

    private void generic(Base b) {
        BigInteger c = b.count, t = b.total, p = b.proved;
        String other = models.keySet().stream().filter(s -> !s.equals(b.sha)).findFirst().orElse("0".repeat(64));
        String overclaim = "exceeds the " + p + " inputs the " + b.strategy + " strategy proves";
        if (p.compareTo(t) < 0) {
            invalid(b, "count-plus-one", 1, "claim " + p.add(BigInteger.ONE) + " " + overclaim,
                    "claims one more correct input than the strategy proves", x -> setCount(x, p.add(BigInteger.ONE), t));
        }
        if (p.add(BigInteger.ONE).compareTo(t) < 0) {
            invalid(b, "count-all", 1, "claim " + t + " " + overclaim, "claims every input correct", x -> setCount(x, t, t));
        }
        if (p.compareTo(BigInteger.valueOf(2)) >= 0 && p.compareTo(t) < 0) {
            invalid(b, "count-and-accuracy-plus-one", 1, "claim " + p.add(BigInteger.ONE) + " " + overclaim,
                    "count and a consistent unreduced accuracy both raised by one", x -> {
                        claim(x).addProperty("correct_count", p.add(BigInteger.ONE).toString());
                        claim(x).addProperty("accuracy", p.add(BigInteger.ONE) + "/" + t);
                    });
        }
        String notRatio = "is not correct_count/total";
        invalid(b, "accuracy-numerator-plus-one", 1, notRatio, "accuracy fraction raised, count unchanged",
                x -> claim(x).addProperty("accuracy", c.add(BigInteger.ONE) + "/" + t));
        invalid(b, "accuracy-denominator-minus-one", 1, notRatio, "accuracy denominator lowered, count unchanged",
                x -> claim(x).addProperty("accuracy", c + "/" + t.subtract(BigInteger.ONE)));
        invalid(b, "accuracy-one", 1, c.equals(t) ? null : notRatio, "accuracy 1/1, count unchanged",
                x -> claim(x).addProperty("accuracy", "1/1"));
        invalid(b, "accuracy-inverted", 1, c.equals(t) ? null : notRatio, "accuracy total/count",
                x -> claim(x).addProperty("accuracy", t + "/" + c.max(BigInteger.ONE)));
        invalid(b, "hash-one-digit", 1, "certificate is for model sha256", "one hex digit of model.sha256 changed",
                x -> model(x).addProperty("sha256", flipLastHex(b.sha)));
        invalid(b, "hash-of-other-model", 1, "certificate is for model sha256 " + other, "model.sha256 names another bundled model",
                x -> model(x).addProperty("sha256", other));
        String shape = "differs from the weights";
        invalid(b, "vocab-plus-one", 1, shape, "model.vocab wrong", x -> model(x).addProperty("vocab", b.vocab + 1));
        invalid(b, "vocab-minus-one", 1, shape, "model.vocab wrong", x -> model(x).addProperty("vocab", b.vocab - 1));
        invalid(b, "n-ctx-plus-one", 1, shape, "model.n_ctx wrong", x -> model(x).addProperty("n_ctx", b.nCtx + 1));
        invalid(b, "d-model-plus-one", 1, shape, "model.d_model wrong", x -> model(x).addProperty("d_model", b.dModel + 1));
        invalid(b, "d-head-doubled", 1, shape, "model.d_head wrong", x -> model(x).addProperty("d_head", 2 * b.dHead));
        invalid(b, "vocab-and-total-consistent", 1, shape, "V and total changed together (total = (V+1)^n)", x -> {
            model(x).addProperty("vocab", b.vocab + 1);
            claim(x).addProperty("total", BigInteger.valueOf(b.vocab + 1).pow(b.nCtx).toString());
        });
        String tot = "claim.total is";
        invalid(b, "total-plus-one", 1, tot, "claim.total one too many", x -> claim(x).addProperty("total", t.add(BigInteger.ONE).toString()));
        invalid(b, "total-minus-one", 1, tot, "claim.total one too few", x -> claim(x).addProperty("total", t.subtract(BigInteger.ONE).toString()));
        invalid(b, "total-zero", 1, tot, "claim.total zero", x -> claim(x).addProperty("total", "0"));
        invalid(b, "total-and-accuracy-consistent", 1, tot, "total doubled with a consistent accuracy",
                x -> { claim(x).addProperty("total", t.shiftLeft(1).toString()); claim(x).addProperty("accuracy", c + "/" + t.shiftLeft(1)); });
        invalid(b, "count-over-total", 1, "exceeds the total", "correct_count = total + 1",
                x -> setCount(x, t.add(BigInteger.ONE), t));
        invalid(b, "count-far-over-total", 1, "exceeds the total", "correct_count = 10^300",
                x -> setCount(x, BigInteger.TEN.pow(300), t));
        for (String s : List.of("magic", "Brute-Force", "subcubic:no-such-variant", "", "brute-force "))
            invalid(b, "strategy-" + (s.isBlank() ? "empty" : s.trim().replace(':', '-').toLowerCase() + (s.endsWith(" ") ? "-space" : "")),
                    3, "unknown strategy", "strategy \"" + s + "\" is not one this checker knows", x -> x.addProperty("strategy", s));
        invalid(b, "format-version-2", 3, "unsupported format_version 2", "a future format version", x -> x.addProperty("format_version", 2));
        invalid(b, "format-version-0", 3, "unsupported format_version 0", "format_version 0", x -> x.addProperty("format_version", 0));
        invalid(b, "format-other", 3, "unknown certificate format", "another format name",
                x -> x.addProperty("format", "compact-proofs/max-of-k-certificate-v2"));

        if (p.signum() > 0)
            validVariant(b, "claim-one-less", "claims one input fewer than proved (a weaker, still true statement)", false,
                    x -> setCount(x, p.subtract(BigInteger.ONE), t));
        validVariant(b, "claim-zero", "claims 0 correct inputs (trivially true)", false, x -> setCount(x, BigInteger.ZERO, t));
        validVariant(b, "accuracy-unreduced", "accuracy written as an unreduced fraction", b.exact,
                x -> claim(x).addProperty("accuracy", c.shiftLeft(1) + "/" + t.shiftLeft(1)));
        validVariant(b, "no-generator", "without the optional generator object", b.exact, x -> x.remove("generator"));
    }

    // ---------------------------------------------------------------- brute-force hints

    private void bruteForceHints(Base b) {
        JsonArray listed = b.json.getAsJsonObject("hints").getAsJsonArray("incorrect_inputs");
        if (listed == null) return;
        int n = b.nCtx;
        JsonArray some = listed.size() > 0 ? listed.get(0).getAsJsonArray() : zeros(n);
        hint(b, "duplicate-input", 2, "twice", "an input listed twice", a -> { if (a.size() == 0) a.add(zeros(n)); a.add(a.get(0).deepCopy()); });
        hint(b, "token-out-of-range", 2, "has token " + b.vocab + " >= vocab " + b.vocab, "a token equal to V",
                a -> { JsonArray t = zeros(n); t.set(n - 1, new JsonPrimitive(b.vocab)); a.add(t); });
        hint(b, "token-huge", 2, "non-negative JSON integer", "an 11-digit token",
                a -> { JsonArray t = zeros(n); t.set(0, num("99999999999")); a.add(t); });
        hint(b, "token-negative", 2, "non-negative JSON integer", "a negative token", a -> { JsonArray t = zeros(n); t.set(0, num("-1")); a.add(t); });
        hint(b, "token-float", 2, "non-negative JSON integer", "a token written 1.0", a -> { JsonArray t = zeros(n); t.set(0, num("1.0")); a.add(t); });
        hint(b, "token-exponent", 2, "non-negative JSON integer", "a token written 1e0", a -> { JsonArray t = zeros(n); t.set(0, num("1e0")); a.add(t); });
        hint(b, "token-string", 2, "must be a JSON integer", "a token written as a string", a -> { JsonArray t = zeros(n); t.set(0, new JsonPrimitive("1")); a.add(t); });
        hint(b, "token-null", 2, "must be a JSON integer", "a null token", a -> { JsonArray t = zeros(n); t.set(0, JsonNull.INSTANCE); a.add(t); });
        hint(b, "arity-short", 2, "must be an array of " + n + " tokens", "an input with n-1 tokens", a -> a.add(zeros(n - 1)));
        hint(b, "arity-long", 2, "must be an array of " + n + " tokens", "an input with n+1 tokens", a -> a.add(zeros(n + 1)));
        hint(b, "input-not-array", 2, "must be an array of " + n + " tokens", "an input that is a number", a -> a.add(7));
        replaceHint(b, "list-is-object", 2, "\"incorrect_inputs\" must be an array", "incorrect_inputs is an object", new JsonObject());
        replaceHint(b, "list-is-null", 2, "missing field \"incorrect_inputs\"", "incorrect_inputs is null", JsonNull.INSTANCE);
        if (!b.exact) return;
        // the base is exact: every input not listed is proved correct
        JsonArray correct = firstUnlisted(listed, b.vocab, n);
        String notTheSet = "is not the set of inputs the model gets wrong";
        hint(b, "lists-a-correct-input", 1, notTheSet, "also lists an input the model gets right (a false statement)", a -> a.add(correct.deepCopy()));
        hint(b, "lists-only-a-correct-input", 1, notTheSet, "lists only a correct input", a -> { while (a.size() > 0) a.remove(0); a.add(correct.deepCopy()); });
        if (listed.size() > 0) {
            hint(b, "list-empty", 1, notTheSet, "empty incorrect_inputs although some input is wrong", a -> { while (a.size() > 0) a.remove(0); });
            hint(b, "list-missing-one", 1, notTheSet, "one wrong input left out of the list", a -> a.remove(a.size() - 1));
        }
        validVariant(b, "no-hints", "without the optional hints object: verified, still exact (the enumeration proves every other input wrong)", true, x -> x.remove("hints"));
        validVariant(b, "hints-empty", "empty hints object", true, x -> x.add("hints", new JsonObject()));
    }

    /** Separable hints (SPEC §10): the resolution and the [q, m, x] logits tested alone. */
    private void separableHints(Base b) {
        int v = b.vocab;
        sepHint(b, "resolution-zero", 2, "at least 1", "resolution 0", h -> h.addProperty("resolution", 0));
        sepHint(b, "resolution-negative", 2, "non-negative JSON integer", "resolution -1", h -> h.add("resolution", num("-1")));
        sepHint(b, "resolution-float", 2, "non-negative JSON integer", "resolution written 8.0", h -> h.add("resolution", num("8.0")));
        sepHint(b, "resolution-string", 2, "must be a JSON integer", "resolution written as a string", h -> h.addProperty("resolution", "8"));
        sepHint(b, "resolution-missing", 2, "missing field \"resolution\"", "no resolution", h -> h.remove("resolution"));
        sepHint(b, "resolution-over-limit", 4, "exceeds the limit 262144", "resolution 2^18 + 1 (legal JSON, over the checker's limit)", h -> h.addProperty("resolution", 262145));
        sepHint(b, "resolution-huge", 4, "exceeds the limit", "a 10-digit resolution, above 2^31", h -> h.add("resolution", num("9999999999")));
        sepHint(b, "unknown-field", 2, "unknown field", "an unknown hint field", h -> h.addProperty("gaps", 1));
        sepHint(b, "split-not-array", 2, "\"split_logits\" must be an array", "split_logits is an object", h -> h.add("split_logits", new JsonObject()));
        sepHint(b, "split-arity", 2, "[q, m, x]", "a split entry with two numbers", h -> split(h).add(triple(0, 1)));
        sepHint(b, "split-x-is-max", 2, "not [q, m, x]", "a split entry with x = m", h -> split(h).add(triple(0, v - 1, v - 1)));
        sepHint(b, "split-query-above-max", 2, "not [q, m, x]", "a split entry with q > m", h -> split(h).add(triple(v - 1, 0, 1)));
        sepHint(b, "split-token-out-of-range", 2, "not [q, m, x]", "a split entry with x = V", h -> split(h).add(triple(0, v - 1, v)));
        sepHint(b, "enumerate-not-boolean", 2, "must be true or false", "enumerate_failing written 1", h -> h.addProperty("enumerate_failing", 1));
        sepHint(b, "split-duplicate", 2, "twice", "a split entry listed twice", h -> { split(h).add(triple(0, v - 1, 0)); split(h).add(triple(0, v - 1, 0)); });
        validVariant(b, "enumerate-failing", "the inputs failing a test enumerated and decided by brute force (Lemma E): the exact count", true, x -> {
            x.getAsJsonObject("hints").addProperty("enumerate_failing", true);
            setCount(x, BigInteger.valueOf(511), BigInteger.valueOf(v).pow(b.nCtx));
        });
        validVariant(b, "every-logit-alone", "every wrong logit of every class tested alone (a legal, longer proof: the union bound over all logits)", false, x -> {
            JsonArray all = new JsonArray();
            for (int m = 0; m < v; m++) for (int q = 0; q <= m; q++) for (int y = 0; y < v; y++) if (y != m) all.add(triple(q, m, y));
            x.getAsJsonObject("hints").add("split_logits", all);
            setCount(x, BigInteger.ZERO, BigInteger.valueOf(v).pow(b.nCtx));
        });
    }

    private static JsonArray split(JsonObject hints) {
        if (!hints.has("split_logits")) hints.add("split_logits", new JsonArray());
        return hints.getAsJsonArray("split_logits");
    }

    private static JsonArray triple(int... xs) {
        JsonArray a = new JsonArray();
        for (int x : xs) a.add(x);
        return a;
    }

    private void sepHint(Base b, String what, int exit, String reason, String description, Consumer<JsonObject> edit) {
        invalid(b, "hints-" + what, exit, reason, description, x -> edit.accept(x.getAsJsonObject("hints")));
    }

    private void hint(Base b, String what, int exit, String reason, String description, Consumer<JsonArray> edit) {
        invalid(b, "hints-" + what, exit, reason, description, x -> edit.accept(x.getAsJsonObject("hints").getAsJsonArray("incorrect_inputs")));
    }

    private void replaceHint(Base b, String what, int exit, String reason, String description, JsonElement value) {
        invalid(b, "hints-" + what, exit, reason, description, x -> x.getAsJsonObject("hints").add("incorrect_inputs", value));
    }

    private void hintValid(Base b, String what, String description, Consumer<JsonArray> edit) {
        validVariant(b, "hints-" + what, description, false, x -> edit.accept(x.getAsJsonObject("hints").getAsJsonArray("incorrect_inputs")));
    }

    private static JsonArray firstUnlisted(JsonArray listed, int vocab, int n) {
        Set<String> seen = new HashSet<>();
        for (JsonElement e : listed) seen.add(e.toString());
        int[] t = new int[n];
        while (true) {
            JsonArray a = new JsonArray();
            for (int x : t) a.add(x);
            if (!seen.contains(a.toString())) return a;
            for (int i = 0; ; i++) { if (++t[i] < vocab) break; t[i] = 0; }
        }
    }

    // ---------------------------------------------------------------- malformed certificates

    private void malformed(Base b) {
        primaryModel = b.model;
        String txt = GSON.toJson(b.json);
        String cc = "\"correct_count\":\"" + b.count + "\"";
        String vocab = "\"vocab\":" + b.vocab;
        require(txt.contains(cc) && txt.contains(vocab), "unexpected base layout");
        String notJson = "is not valid JSON";
        bad("truncated-half", notJson, "the first half of a valid certificate", txt.substring(0, txt.length() / 2));
        bad("truncated-last-brace", notJson, "a valid certificate without its closing brace", txt.substring(0, txt.length() - 1));
        bad("duplicate-top-key", "duplicate key \"strategy\"", "\"strategy\" twice (the second one names another strategy)",
                txt.replaceFirst("\\{", "{\"strategy\":\"cubic\","));
        bad("duplicate-nested-key", "duplicate key \"correct_count\"", "claim.correct_count twice",
                txt.replace(cc, cc + ",\"correct_count\":\"0\""));
        bad("trailing-garbage", "", "garbage after the object", txt + "xyz");
        bad("trailing-object", "", "a second JSON object after the first", txt + "{}");
        bad("trailing-nul", "", "a NUL byte after the object", txt + "\u0000");
        bad("count-float", "must be a decimal string", "correct_count as the JSON float " + b.count + ".0",
                txt.replace(cc, "\"correct_count\":" + b.count + ".0"));
        bad("count-exponent", "must be a decimal string", "correct_count as the JSON number 1e3", txt.replace(cc, "\"correct_count\":1e3"));
        bad("count-number", "must be a decimal string", "correct_count as a JSON integer instead of a string",
                txt.replace(cc, "\"correct_count\":" + b.count));
        bad("count-leading-zero", "must be a non-negative decimal integer", "correct_count \"0" + b.count + "\"",
                txt.replace(cc, "\"correct_count\":\"0" + b.count + "\""));
        bad("count-plus-sign", "must be a non-negative decimal integer", "correct_count with a + sign", txt.replace(cc, "\"correct_count\":\"+" + b.count + "\""));
        bad("count-negative", "must be a non-negative decimal integer", "correct_count -1", txt.replace(cc, "\"correct_count\":\"-1\""));
        bad("count-empty", "must be a non-negative decimal integer", "correct_count \"\"", txt.replace(cc, "\"correct_count\":\"\""));
        bad("count-spaces", "must be a non-negative decimal integer", "correct_count with a leading space", txt.replace(cc, "\"correct_count\":\" " + b.count + "\""));
        bad("count-nan-literal", notJson, "correct_count NaN (not JSON)", txt.replace(cc, "\"correct_count\":NaN"));
        badExit("count-401-digits", 4, "more than 400 digits", "correct_count with 401 digits", txt.replace(cc, "\"correct_count\":\"1" + "0".repeat(400) + "\""));
        badExit("count-million-digits", 4, "more than 400 digits", "correct_count with 10^6 digits",
                txt.replace(cc, "\"correct_count\":\"" + "9".repeat(1_000_000) + "\""));
        bad("vocab-float", "non-negative JSON integer", "model.vocab written " + b.vocab + ".0", txt.replace(vocab, vocab + ".0"));
        bad("vocab-exponent", "non-negative JSON integer", "model.vocab written " + b.vocab + "e0", txt.replace(vocab, vocab + "e0"));
        bad("vocab-negative", "non-negative JSON integer", "model.vocab negative", txt.replace(vocab, "\"vocab\":-" + b.vocab));
        bad("vocab-string", "must be a JSON integer", "model.vocab as a string", txt.replace(vocab, "\"vocab\":\"" + b.vocab + "\""));
        // Gson's reader takes a number literal this long for an unquoted string, so it is a syntax error
        bad("vocab-100k-digit-literal", "is not valid JSON", "model.vocab as a 10^5-digit JSON number",
                txt.replace(vocab, "\"vocab\":" + "9".repeat(100_000)));
        badExit("vocab-over-limit", 4, "exceeds the limit", "model.vocab 2^20 + 1 (over the checker's limit)", txt.replace(vocab, "\"vocab\":1048577"));
        bad("deep-nesting-hints", "nests deeper than 64 levels", "10^4 nested arrays inside hints",
                txt.replaceFirst("\"hints\":\\{", "\"hints\":{\"deep\":" + "[".repeat(10_000) + "]".repeat(10_000) + ","));
        bad("deep-nesting-generator", "nests deeper than 64 levels", "10^4 nested objects inside generator",
                txt.replaceFirst("\"generator\":\\{", "\"generator\":{\"deep\":" + "{\"a\":".repeat(10_000) + "0" + "}".repeat(10_000) + ","));
        write("certificates/malformed/invalid-utf8.json", bytesWith(txt, "\"tool\":\"", new byte[] {(byte) 0xff, (byte) 0xfe}));
        addCase("malformed", "invalid-utf8", "certificates/malformed/invalid-utf8.json", b.model, 2, "not valid UTF-8", null, false, "bytes FF FE inside a string");
        write("certificates/malformed/overlong-utf8.json", bytesWith(txt, "\"tool\":\"", new byte[] {(byte) 0xc0, (byte) 0xaf}));
        addCase("malformed", "overlong-utf8", "certificates/malformed/overlong-utf8.json", b.model, 2, "not valid UTF-8", null, false, "an overlong UTF-8 encoding of '/'");
        write("certificates/malformed/surrogate-utf8.json", bytesWith(txt, "\"tool\":\"", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
        addCase("malformed", "surrogate-utf8", "certificates/malformed/surrogate-utf8.json", b.model, 2, "not valid UTF-8", null, false, "a UTF-8-encoded lone surrogate (CESU-8)");
        bad("bom", "byte-order mark", "a UTF-8 byte-order mark before the object", "\uFEFF" + txt);
        bad("empty-file", notJson, "an empty file", "");
        bad("whitespace-only", notJson, "only whitespace", " \n\t\n");
        bad("top-level-array", "must be a JSON object", "the certificate wrapped in a JSON array", "[" + txt + "]");
        bad("top-level-string", "must be a JSON object", "a JSON string", "\"certificate\"");
        bad("top-level-null", "must be a JSON object", "JSON null", "null");
        bad("comment", notJson, "a // comment (not JSON)", "// certificate\n" + txt);
        bad("single-quotes", notJson, "single-quoted strings (not JSON)", txt.replace("\"format\"", "'format'"));
        bad("unknown-top-level-field", "unknown field \"proof\"", "an extra top-level field", txt.replaceFirst("\\{", "{\"proof\":\"trust me\","));
        for (String f : List.of("format", "format_version", "model", "strategy", "claim"))
            bad("missing-" + f.replace('_', '-'), "missing field \"" + f + "\"", "no top-level " + f, GSON.toJson(without(b.json, f)));
        for (String f : List.of("sha256", "vocab", "n_ctx", "d_model", "d_head")) {
            JsonObject c = b.json.deepCopy();
            model(c).remove(f);
            bad("missing-model-" + f.replace('_', '-'), "missing field \"" + f + "\"", "no model." + f, GSON.toJson(c));
        }
        for (String f : List.of("correct_count", "total", "accuracy")) {
            JsonObject c = b.json.deepCopy();
            claim(c).remove(f);
            bad("missing-claim-" + f.replace('_', '-'), "missing field \"" + f + "\"", "no claim." + f, GSON.toJson(c));
        }
        JsonObject extraModel = b.json.deepCopy();
        model(extraModel).addProperty("n_layers", 2);
        bad("model-unknown-field", "model has unknown field \"n_layers\"", "an extra field in model", GSON.toJson(extraModel));
        JsonObject extraClaim = b.json.deepCopy();
        claim(extraClaim).addProperty("confidence", "0.99");
        bad("claim-unknown-field", "claim has unknown field \"confidence\"", "an extra field in claim", GSON.toJson(extraClaim));
        JsonObject nullStrategy = b.json.deepCopy();
        nullStrategy.add("strategy", JsonNull.INSTANCE);
        bad("null-strategy", "missing field \"strategy\"", "strategy is null", GSON.toJson(nullStrategy));
        bad("model-array", "\"model\" must be an object", "model is an array", replaceValue(b.json, "model", new JsonArray()));
        bad("claim-string", "\"claim\" must be an object", "claim is a string", replaceValue(b.json, "claim", new JsonPrimitive("all of them")));
        bad("hints-array", "hints must be an object", "hints is an array", replaceValue(b.json, "hints", new JsonArray()));
        bad("generator-string", "generator must be an object", "generator is a string", replaceValue(b.json, "generator", new JsonPrimitive("me")));
        bad("strategy-number", "\"strategy\" must be a string", "strategy is a number", replaceValue(b.json, "strategy", new JsonPrimitive(1)));
        bad("format-version-string", "must be a JSON integer", "format_version \"1\"", replaceValue(b.json, "format_version", new JsonPrimitive("1")));
        bad("format-version-float", "non-negative JSON integer", "format_version 1.0", replaceValue(b.json, "format_version", num("1.0")));
        String hex = "64 lower-case hex digits";
        bad("sha256-upper-case", hex, "model.sha256 in upper case", txt.replace(b.sha, b.sha.toUpperCase()));
        bad("sha256-short", hex, "model.sha256 one digit short", txt.replace(b.sha, b.sha.substring(1)));
        bad("sha256-prefixed", hex, "model.sha256 with a sha256: prefix", txt.replace(b.sha, "sha256:" + b.sha));
        String acc = "\"accuracy\":\"" + claim(b.json).get("accuracy").getAsString() + "\"";
        require(txt.contains(acc), "no accuracy");
        bad("accuracy-zero-denominator", "zero denominator", "accuracy " + b.count + "/0", txt.replace(acc, "\"accuracy\":\"" + b.count + "/0\""));
        bad("accuracy-zero-over-zero", "zero denominator", "accuracy 0/0", txt.replace(acc, "\"accuracy\":\"0/0\""));
        bad("accuracy-decimal", "exact fraction", "accuracy as a decimal", txt.replace(acc, "\"accuracy\":\"0.998\""));
        bad("accuracy-number", "must be a string", "accuracy as a JSON number", txt.replace(acc, "\"accuracy\":0.998"));
        bad("accuracy-negative", "numerator must be a non-negative decimal integer", "accuracy -1/2", txt.replace(acc, "\"accuracy\":\"-1/2\""));
        bad("accuracy-two-slashes", "denominator must be a non-negative decimal integer", "accuracy p/q/1",
                txt.replace(acc, "\"accuracy\":\"" + b.count + "/" + b.total + "/1\""));
        badExit("accuracy-huge-denominator", 4, "more than 400 digits", "accuracy denominator with 10^4 digits",
                txt.replace(acc, "\"accuracy\":\"1/" + "7".repeat(10_000) + "\""));
    }

    private void bad(String id, String reason, String description, String content) {
        badExit(id, 2, reason, description, content);
    }

    private void badExit(String id, int exit, String reason, String description, String content) {
        String file = "certificates/malformed/" + id + ".json";
        write(file, content);
        addCase("malformed", id, file, primaryModel, exit, reason, null, false, description);
    }

    private String primaryModel;

    // ---------------------------------------------------------------- hostile weight files

    private void weights(Base b) throws IOException {
        byte[] good = Files.readAllBytes(root.resolve(b.model));
        String cert = b.file;
        WeightCase w = (id, exit, reason, description, bytes) -> {
            String file = "models/malformed/" + id + ".safetensors";
            write(file, bytes);
            addCase("weights", "weights-" + id, cert, file, exit, reason, null, false, description);
        };
        w.add("empty", 2, "shorter than its 8-byte header length", "an empty weights file", new byte[0]);
        w.add("three-bytes", 2, "shorter than its 8-byte header length", "3 bytes", new byte[] {1, 2, 3});
        byte[] hdr = headerBytes(good);
        byte[] body = java.util.Arrays.copyOfRange(good, 8 + hdr.length, good.length);
        w.add("header-length-beyond-file", 2, "bytes after the length field", "header length 10^6 in a 3 kB file",
                Safetensors.withLength(1_000_000, hdr, body));
        w.add("header-length-over-limit", 4, "exceeds the limit of 100000000 bytes", "header length 2^40 declared",
                Safetensors.withLength(1L << 40, hdr, body));
        w.add("header-length-2-pow-63", 4, "exceeds the limit", "header length 2^63 (negative as a signed long)",
                Safetensors.withLength(Long.MIN_VALUE, hdr, body));
        w.add("header-length-zero", 2, "does not start with '{'", "header length 0", Safetensors.withLength(0, new byte[0], good));
        w.add("header-not-json", 2, "does not start with '{'", "header text is not JSON", Safetensors.raw("hello", body));
        w.add("header-trailing-text", 2, "followed only by spaces", "text after the header object",
                Safetensors.raw((new String(hdr, StandardCharsets.UTF_8).trim() + "x").getBytes(StandardCharsets.UTF_8), body));
        byte[] badUtf = new String(hdr, StandardCharsets.UTF_8).replace("\"format\":\"pt\"", "\"format\":\"p\u0001\"").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < badUtf.length; i++) if (badUtf[i] == 1) badUtf[i] = (byte) 0xff;
        w.add("header-invalid-utf8", 2, "not valid UTF-8", "a 0xFF byte in the header", Safetensors.raw(badUtf, body));

        Safetensors s = new Safetensors(good);
        String first = firstTensor(s);
        // hole: every offset after the first tensor moves up by 4, with 4 filler bytes in between
        Safetensors hole = new Safetensors(good);
        hole.toBytes();
        byte[] holeBytes = shifted(hole, first, 4);
        w.add("offsets-hole", 2, "hole in the data buffer", "4 unused bytes between two tensors", holeBytes);
        Safetensors overlap = new Safetensors(good);
        overlap.toBytes();
        String second = secondTensor(overlap, first);
        JsonArray off2 = overlap.entry(second).getAsJsonArray("data_offsets");
        overlap.entry(second).add("data_offsets", Safetensors.ints(off2.get(0).getAsLong() - 4, off2.get(1).getAsLong() - 4));
        w.add("offsets-overlap", 2, "overlapping tensors", "a tensor's range overlaps the previous one by 4 bytes", overlap.toBytesKeepingOffsets());
        w.add("trailing-data", 2, "trailing bytes not covered", "8 bytes after the last tensor", concat(good, new byte[8]));
        w.add("truncated-data", 2, "beyond the", "the last 8 data bytes cut off", java.util.Arrays.copyOf(good, good.length - 8));
        Safetensors span = new Safetensors(good);
        span.toBytes();
        JsonArray o = span.entry("embed.W_E").getAsJsonArray("data_offsets");
        span.entry("embed.W_E").add("data_offsets", Safetensors.ints(o.get(0).getAsLong(), o.get(1).getAsLong() + 4));
        w.add("offsets-span-wrong", 2, "needs", "embed.W_E's offsets span 4 bytes more than its shape", span.toBytesKeepingOffsets());
        Safetensors backwards = new Safetensors(good);
        backwards.toBytes();
        JsonArray ob = backwards.entry("embed.W_E").getAsJsonArray("data_offsets");
        backwards.entry("embed.W_E").add("data_offsets", Safetensors.ints(ob.get(1).getAsLong(), ob.get(0).getAsLong()));
        w.add("offsets-reversed", 2, "is before begin", "embed.W_E's offsets reversed", backwards.toBytesKeepingOffsets());
        w.add("offsets-float", 2, "not a non-negative integer below 10^18", "data_offsets written as floats",
                editKeepingOffsets(good, x -> x.entry("embed.W_E").add("data_offsets", floats(x.entry("embed.W_E").getAsJsonArray("data_offsets")))));

        w.add("dtype-i32", 3, "dtype I32 not supported", "embed.W_E declared I32 (same size as F32)",
                edit(good, x -> x.entry("embed.W_E").addProperty("dtype", "I32")));
        w.add("dtype-unknown", 2, "unknown dtype \"F128\"", "a dtype the format does not define",
                edit(good, x -> x.entry("embed.W_E").addProperty("dtype", "F128")));
        w.add("dtype-f16", 3, "dtype F16 not supported", "unembed.W_U stored as F16",
                reencoded(good, "unembed.W_U", "F16", 2));
        w.add("dtype-f64-mismatched-size", 2, "needs", "embed.W_E declared F64 but stored as F32 bytes",
                editKeepingOffsets(good, x -> x.entry("embed.W_E").addProperty("dtype", "F64")));

        int v = b.vocab, d = b.dModel, h = b.dHead, n = b.nCtx;
        w.add("shape-w-q-rank-2", 2, "expected [1, d_model, d_head]", "W_Q with shape [d_model, d_head] (rank 2)",
                edit(good, x -> x.entry("blocks.0.attn.W_Q").add("shape", Safetensors.ints(d, h))));
        if (h % 2 == 0)
            w.add("shape-two-heads", 3, "only one attention head", "W_Q reshaped to two heads",
                    edit(good, x -> x.entry("blocks.0.attn.W_Q").add("shape", Safetensors.ints(2, d, h / 2))));
        if (n != d)
            w.add("shape-w-pos-transposed", 2, "pos_embed.W_pos has a row of length " + n + ", expected " + d,
                    "pos_embed.W_pos stored as [d_model, n_ctx] (and no mask buffer)", edit(good, x -> {
                        x.entry("pos_embed.W_pos").add("shape", Safetensors.ints(d, n));
                        x.header.remove("blocks.0.attn.mask");
                        x.data.remove("blocks.0.attn.mask");
                    }));
        w.add("shape-w-u-wrong-vocab", 3, "only d_vocab_out == d_vocab", "unembed.W_U with one output class fewer",
                truncatedTensor(good, "unembed.W_U", Safetensors.ints(d, v - 1), (long) d * (v - 1) * 4));
        w.add("shape-w-pos-rank-3", 2, "expected [rows, cols]", "pos_embed.W_pos with a leading 1",
                edit(good, x -> x.entry("pos_embed.W_pos").add("shape", Safetensors.ints(1, n, d))));
        w.add("shape-huge-declared", 4, "more than 2147483648 elements", "embed.W_E declared [2^31, 2^31] (offsets unchanged)",
                editKeepingOffsets(good, x -> x.entry("embed.W_E").add("shape", Safetensors.ints(1L << 31, 1L << 31))));
        w.add("shape-huge-10e17", 4, "more than 2147483648 elements", "embed.W_E declared [10^17, 10^17]",
                editKeepingOffsets(good, x -> x.entry("embed.W_E").add("shape", Safetensors.ints(100_000_000_000_000_000L, 100_000_000_000_000_000L))));
        w.add("shape-huge-with-zero", 4, "a dimension over the limit", "unembed.b_U declared [0, 2^30] (no elements, absurd dimension)",
                truncatedTensor(good, "unembed.b_U", Safetensors.ints(0, 1L << 30), 0));
        String weHead = "\"embed.W_E\":{\"dtype\":\"F32\",\"shape\":[" + v + "," + d + "]";
        require(new String(hdr, StandardCharsets.UTF_8).contains(weHead), "unexpected header layout");
        w.add("shape-over-10e18", 2, "below 10^18", "a dimension of 10^19",
                Safetensors.raw(new String(hdr, StandardCharsets.UTF_8).replace(weHead, weHead.replace("[" + v + ",", "[10000000000000000000,")), body));

        w.add("nan-in-w-e", 2, "non-finite value (NaN)", "a NaN in embed.W_E", edit(good, x -> x.setF32("embed.W_E", 5, Float.NaN)));
        w.add("inf-in-w-u", 2, "non-finite value (Infinity)", "+Inf in unembed.W_U", edit(good, x -> x.setF32("unembed.W_U", 0, Float.POSITIVE_INFINITY)));
        w.add("neg-inf-in-w-q", 2, "non-finite value (-Infinity)", "-Inf in W_Q", edit(good, x -> x.setF32("blocks.0.attn.W_Q", 3, Float.NEGATIVE_INFINITY)));
        w.add("nan-in-bias", 2, "non-finite value (NaN)", "a NaN in unembed.b_U", s.data.containsKey("unembed.b_U")
                ? edit(good, x -> x.setF32("unembed.b_U", 0, Float.NaN)) : edit(good, x -> x.setF32("embed.W_E", 0, Float.NaN)));
        w.add("missing-w-k", 2, "missing tensor blocks.0.attn.W_K", "no W_K", edit(good, x -> { x.header.remove("blocks.0.attn.W_K"); x.data.remove("blocks.0.attn.W_K"); }));
        w.add("missing-w-e", 2, "missing tensor embed.W_E", "no W_E", edit(good, x -> { x.header.remove("embed.W_E"); x.data.remove("embed.W_E"); }));
        w.add("extra-tensor", 3, "is not supported", "an extra LayerNorm weight", edit(good, x -> {
            JsonObject e = new JsonObject();
            e.addProperty("dtype", "F32");
            e.add("shape", Safetensors.ints(d));
            e.add("data_offsets", Safetensors.ints(0, 0));
            x.header.add("blocks.0.ln1.w", e);
            x.data.put("blocks.0.ln1.w", new byte[4 * d]);
        }));
        w.add("duplicate-tensor-name", 2, "duplicate", "embed.W_E listed twice in the header",
                Safetensors.raw(new String(hdr, StandardCharsets.UTF_8).trim().replaceFirst("\\{", "{\"embed.W_E\":"
                        + s.entry("embed.W_E") + ","), body));
        w.add("entry-unknown-field", 2, "unknown field \"stride\"", "a tensor entry with an extra field",
                edit(good, x -> x.entry("embed.W_E").add("stride", Safetensors.ints(d, 1))));
        w.add("metadata-not-string", 2, "is not a string", "a __metadata__ value that is a number",
                edit(good, x -> { if (!x.header.has("__metadata__")) x.header.add("__metadata__", new JsonObject()); x.header.getAsJsonObject("__metadata__").addProperty("seed", 1); }));
        if (s.data.containsKey("blocks.0.attn.mask")) {
            w.add("mask-not-causal", 3, "not the causal", "the attention mask with an upper-triangle entry set",
                    edit(good, x -> x.data.get("blocks.0.attn.mask")[1] = 1));
            w.add("mask-f32", 3, "BOOL only", "the causal mask stored as F32", reencoded(good, "blocks.0.attn.mask", "F32", 4));
        }

        // not hostile: the same weights written with other bytes, so the certificate's hash no longer matches
        Safetensors reordered = new Safetensors(good);
        JsonObject h2 = new JsonObject();
        List<String> keys = new ArrayList<>(reordered.header.keySet());
        java.util.Collections.reverse(keys);
        for (String k : keys) h2.add(k, reordered.header.get(k));
        Safetensors same = new Safetensors(good);
        for (String k : keys) same.header.remove(k);
        for (String k : keys) same.header.add(k, h2.get(k));
        String file = "models/variants/" + stem(b.model) + "-reordered.safetensors";
        write(file, same.toBytes());
        addCase("invalid", b.name + ".against-reserialized-model", b.file, file, 1, "not this file", null, false,
                "the same weights in a file with another tensor order: a certificate pins the file's bytes");
    }

    @FunctionalInterface
    private interface WeightCase {
        void add(String id, int exit, String reason, String description, byte[] bytes) throws IOException;
    }

    private static byte[] edit(byte[] good, Consumer<Safetensors> f) {
        Safetensors s = new Safetensors(good);
        f.accept(s);
        return s.toBytes();
    }

    private static byte[] editKeepingOffsets(byte[] good, Consumer<Safetensors> f) {
        Safetensors s = new Safetensors(good);
        s.toBytes();
        f.accept(s);
        return s.toBytesKeepingOffsets();
    }

    /** The tensor re-encoded in another dtype of {@code bytesPer} bytes (values converted, offsets recomputed). */
    private static byte[] reencoded(byte[] good, String name, String dtype, int bytesPer) {
        Safetensors s = new Safetensors(good);
        String from = s.entry(name).get("dtype").getAsString();
        byte[] old = s.data.get(name);
        int count = from.equals("BOOL") ? old.length : old.length / 4;
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(old).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(count * bytesPer).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            float f = from.equals("BOOL") ? old[i] : in.getFloat(4 * i);
            // F16 values are never read (the dtype is refused first), so zeros of the right size will do
            if (bytesPer == 2) out.putShort((short) 0);
            else out.putFloat(f);
        }
        s.entry(name).addProperty("dtype", dtype);
        s.data.put(name, out.array());
        return s.toBytes();
    }

    private static byte[] truncatedTensor(byte[] good, String name, JsonArray shape, long bytes) {
        Safetensors s = new Safetensors(good);
        if (!s.header.has(name)) {
            JsonObject e = new JsonObject();
            e.addProperty("dtype", "F32");
            s.header.add(name, e);
        }
        s.entry(name).add("shape", shape);
        s.data.put(name, new byte[(int) bytes]);
        return s.toBytes();
    }

    private static byte[] shifted(Safetensors s, String first, int gap) {
        boolean after = false;
        for (Map.Entry<String, JsonElement> e : s.header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            JsonArray off = e.getValue().getAsJsonObject().getAsJsonArray("data_offsets");
            if (after) e.getValue().getAsJsonObject().add("data_offsets", Safetensors.ints(off.get(0).getAsLong() + gap, off.get(1).getAsLong() + gap));
            if (e.getKey().equals(first)) after = true;
        }
        // data in header order, with the gap after the first tensor
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        for (String k : s.data.keySet()) {
            buf.writeBytes(s.data.get(k));
            if (k.equals(first)) buf.writeBytes(new byte[gap]);
        }
        return Safetensors.raw(GSON.toJson(s.header), buf.toByteArray());
    }

    private static String firstTensor(Safetensors s) {
        return s.data.keySet().iterator().next();
    }

    private static String secondTensor(Safetensors s, String first) {
        var it = s.data.keySet().iterator();
        it.next();
        return it.next();
    }

    private static JsonArray floats(JsonArray a) {
        JsonArray f = new JsonArray();
        for (JsonElement e : a) f.add(new JsonPrimitive(new LazilyParsedNumber(e.getAsLong() + ".0")));
        return f;
    }

    private static byte[] headerBytes(byte[] file) {
        long n = java.nio.ByteBuffer.wrap(file, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return java.util.Arrays.copyOfRange(file, 8, 8 + (int) n);
    }

    // ---------------------------------------------------------------- helpers

    private void invalid(Base b, String what, int exit, String reason, String description, Consumer<JsonObject> edit) {
        if (reason == null) return;
        JsonObject c = b.json.deepCopy();
        edit.accept(c);
        String id = b.name + "." + what;
        String file = "certificates/invalid/" + id + ".json";
        write(file, GSON.toJson(c) + "\n");
        addCase("invalid", id, file, b.model, exit, reason, null, false, description);
    }

    private void addCase(String category, String id, String cert, String model, int exit, String reason, JsonObject json, boolean slow, String description) {
        if (!ids.add(id)) throw new IllegalStateException("duplicate case id " + id);
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("category", category);
        o.addProperty("certificate", cert);
        o.addProperty("model", model);
        o.addProperty("exit", exit);
        o.addProperty("reason", reason);
        if (json != null) o.add("json", json);
        if (slow) o.addProperty("slow", true);
        o.addProperty("description", description);
        cases.add(o);
    }

    private void write(String relPath, String text) {
        write(relPath, text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String relPath, byte[] bytes) {
        if (bytes == null) throw new IllegalStateException("no content for " + relPath);
        try {
            Path p = root.resolve(relPath);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String rel(Path p) {
        return root.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static String stem(String relPath) {
        String f = relPath.substring(relPath.lastIndexOf('/') + 1);
        return f.substring(0, f.indexOf('.'));
    }

    private static JsonObject model(JsonObject c) { return c.getAsJsonObject("model"); }
    private static JsonObject claim(JsonObject c) { return c.getAsJsonObject("claim"); }

    private static void setCount(JsonObject c, BigInteger count, BigInteger total) {
        claim(c).addProperty("correct_count", count.toString());
        var f = org.apache.commons.numbers.fraction.BigFraction.of(count, total);
        claim(c).addProperty("accuracy", f.getNumerator() + "/" + f.getDenominator());
    }

    private static JsonArray zeros(int n) {
        JsonArray a = new JsonArray();
        for (int i = 0; i < n; i++) a.add(0);
        return a;
    }

    private static JsonPrimitive num(String literal) {
        return new JsonPrimitive(new LazilyParsedNumber(literal));
    }

    private static String flipLastHex(String sha) {
        char last = sha.charAt(63);
        return sha.substring(0, 63) + (last == '0' ? '1' : '0');
    }

    private static JsonObject without(JsonObject o, String key) {
        JsonObject c = o.deepCopy();
        c.remove(key);
        return c;
    }

    private static String replaceValue(JsonObject o, String key, JsonElement v) {
        JsonObject c = o.deepCopy();
        c.add(key, v);
        return GSON.toJson(c);
    }

    private static byte[] bytesWith(String txt, String after, byte[] inserted) {
        int i = txt.indexOf(after);
        require(i >= 0, "no " + after);
        byte[] pre = txt.substring(0, i + after.length()).getBytes(StandardCharsets.UTF_8);
        byte[] post = txt.substring(i + after.length()).getBytes(StandardCharsets.UTF_8);
        return concat(concat(pre, inserted), post);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void require(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.delete(q);
        }
    }
}
