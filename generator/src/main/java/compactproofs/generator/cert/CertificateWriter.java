package compactproofs.generator.cert;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.Weights;
import compactproofs.generator.io.AtomicFiles;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.commons.numbers.fraction.BigFraction;

/** Writes certificates in the checker's format (SPEC.md, "Certificate format"). */
public final class CertificateWriter {
    private CertificateWriter() {}

    public static final String TOOL = "compact-proofs generator 0.1.0";

    /** The certificate JSON for a claim of {@code correct} correct inputs with the given hints. */
    public static JsonObject build(String sha256, Weights w, String strategy, BigInteger correct, JsonObject hints, double searchSeconds) {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        JsonObject root = new JsonObject();
        root.addProperty("format", Certificate.FORMAT);
        root.addProperty("format_version", Certificate.FORMAT_VERSION);
        JsonObject model = new JsonObject();
        model.addProperty("sha256", sha256);
        model.addProperty("vocab", w.vocab);
        model.addProperty("n_ctx", w.nCtx);
        model.addProperty("d_model", w.dModel);
        model.addProperty("d_head", w.dHead);
        root.add("model", model);
        root.addProperty("strategy", strategy);
        JsonObject claim = new JsonObject();
        claim.addProperty("correct_count", correct.toString());
        claim.addProperty("total", total.toString());
        BigFraction acc = BigFraction.of(correct, total);
        claim.addProperty("accuracy", acc.getNumerator() + "/" + acc.getDenominator());
        root.add("claim", claim);
        root.add("hints", hints == null ? new JsonObject() : hints);
        JsonObject gen = new JsonObject();
        gen.addProperty("tool", TOOL);
        gen.addProperty("created", Instant.now().toString());
        gen.addProperty("search_seconds", Math.round(searchSeconds * 1000) / 1000.0);
        root.add("generator", gen);
        return root;
    }

    /** The certificate's bytes: compact JSON, UTF-8, one line. */
    public static byte[] bytes(JsonObject cert) {
        return (new GsonBuilder().disableHtmlEscaping().create().toJson(cert) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the JSON (compact, UTF-8, one line) atomically (no partial file on failure) and returns its bytes. */
    public static byte[] write(Path file, JsonObject cert) throws IOException {
        byte[] bytes = bytes(cert);
        AtomicFiles.write(file, bytes);
        return bytes;
    }
}
