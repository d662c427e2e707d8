package compactproofs.generator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code generator estimate}: the Wilson interval, determinism across threads, and the interval covering the exact accuracy. */
class EstimateCommandTest {
    static final Path TINY = Path.of("../testdata/models/tiny-v8-n3.safetensors");

    @Test
    void wilsonIntervalMatchesKnownValues() {
        double[] half = EstimateCommand.wilson(50, 100);
        assertEquals(0.4038, half[0], 1e-4);
        assertEquals(0.5962, half[1], 1e-4);
        double[] none = EstimateCommand.wilson(0, 10);
        assertEquals(0.0, none[0], 1e-12);
        assertEquals(0.2775, none[1], 1e-4);
        double[] all = EstimateCommand.wilson(10, 10);
        assertEquals(0.7225, all[0], 1e-4);
        assertEquals(1.0, all[1], 1e-12);
    }

    static JsonObject run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, GeneratorMain.commandLine().execute(args));
        } finally {
            System.setOut(old);
        }
        return JsonParser.parseString(out.toString(StandardCharsets.UTF_8).strip()).getAsJsonObject();
    }

    @Test
    void estimateIsDeterministicAndCoversTheExactAccuracy() throws Exception {
        JsonObject one = run("estimate", "--model", TINY.toString(), "--samples", "300000", "--threads", "1", "--json", "--quiet");
        JsonObject two = run("estimate", "--model", TINY.toString(), "--samples", "300000", "--threads", "2", "--json", "--quiet");
        assertEquals(one, two, "the result depends on the seed and sample count only");
        Weights w = SafetensorsReader.read(TINY).weights();
        BigInteger exactCount = BigInteger.valueOf(new BruteForceVerifier(PathMatrices.of(w)).run(1, null, null).proved());
        double exact = exactCount.doubleValue() / Math.pow(w.vocab, w.nCtx);
        double lo = one.get("ci95_low").getAsDouble(), hi = one.get("ci95_high").getAsDouble();
        assertTrue(lo <= exact && exact <= hi, exact + " outside [" + lo + ", " + hi + "]");
        assertEquals(false, one.get("proof").getAsBoolean());
    }
}
