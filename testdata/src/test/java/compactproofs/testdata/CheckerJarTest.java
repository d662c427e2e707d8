package compactproofs.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import compactproofs.testdata.testing.CheckerRun;
import compactproofs.testdata.testing.CorpusIndex;
import compactproofs.testdata.testing.Outcome;
import compactproofs.testdata.testing.JarBatchMain;
import compactproofs.testdata.testing.VerdictSchema;
import static compactproofs.testdata.testing.CheckerRun.java;
import static compactproofs.testdata.testing.CheckerRun.checkerJar;
import static compactproofs.testdata.testing.CheckerRun.assumeJarBuilt;
import static compactproofs.testdata.testing.CheckerRun.JAR;

/**
 * Runs the real, shaded {@code checker/target/checker.jar}: the whole corpus through the jar's classes
 * in one JVM, a sample of cases (one per category and exit code) as separate {@code java -jar}
 * processes, and absurd-size inputs under {@code -Xmx64m}, which must end in a one-line verdict with
 * exit code 4 (or 2), never an OutOfMemoryError or a stack trace.
 *
 * <p>The jar is built in the checker module's package phase, which Maven runs before this module's
 * tests in {@code mvn verify}; under {@code mvn test} (no package phase) the tests are skipped.
 */
@Tag("slow")
class CheckerJarTest {
    static List<CorpusIndex.Case> cases;

    @BeforeAll
    static void setUp() throws IOException {
        assumeJarBuilt();
        cases = CorpusIndex.load();
    }

    @Test
    void wholeCorpusThroughTheJarsClasses() throws Exception {
        long t0 = System.nanoTime();
        Path testClasses = CorpusIndex.ROOT.resolve("target/test-classes");
        Outcome batch = java(List.of("-cp", JAR + java.io.File.pathSeparator + testClasses),
                List.of(JarBatchMain.class.getName(), CorpusIndex.ROOT.toString()), 300);
        assertEquals(0, batch.exit(), batch.stderr());
        Map<String, JsonObject> results = new HashMap<>();
        for (String line : batch.stdout().split("\n")) {
            if (line.isBlank()) continue;
            JsonObject r = JsonParser.parseString(line).getAsJsonObject();
            results.put(r.get("id").getAsString(), r);
        }
        assertEquals(cases.size(), results.size(), "one result per case");
        // the whole corpus, the slow case too, against certificate-schema/verdict.schema.json
        com.networknt.schema.JsonSchema verdict = VerdictSchema.verdictSchema();
        for (CorpusIndex.Case c : cases) {
            JsonObject r = results.get(c.id());
            new Outcome(r.get("exit").getAsInt(), r.get("stdout").getAsString(), r.get("stderr").getAsString()).assertJsonVerdict(c);
            VerdictSchema.assertValid(c.toString(), r.get("stdout").getAsString(), verdict, VerdictSchema.keys());
        }
        System.out.printf("jar classes, whole corpus (%d cases, one JVM): %.1f s%n", cases.size(), (System.nanoTime() - t0) / 1e9);
    }

    @Test
    void sampleOfCasesAsSeparateJavaJarProcesses() throws Exception {
        // one case per (category, exit code), the fast ones only (the slow case runs in the batch)
        Map<String, CorpusIndex.Case> sample = new LinkedHashMap<>();
        for (CorpusIndex.Case c : cases) if (!c.slow()) sample.putIfAbsent(c.category() + "/" + c.exit(), c);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (CorpusIndex.Case c : sample.values()) {
                fs.add(pool.submit(() -> { checkerJar(List.of(), c.model(), c.certificate(), true).assertJsonVerdict(c); return null; }));
                fs.add(pool.submit(() -> { checkerJar(List.of(), c.model(), c.certificate(), false).assertTextVerdict(c); return null; }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("java -jar, %d sampled cases x 2 output modes: %.1f s%n", sample.size(), (System.nanoTime() - t0) / 1e9);
    }

    /** Asserts a run under a small heap ended in one verdict line with an allowed code and no trace. */
    static void assertContained(String what, Outcome o, Set<Integer> codes, String reason) {
        String where = what + ": exit " + o.exit() + ", stdout=" + Outcome.clip(o.stdout()) + ", stderr=" + Outcome.clip(o.stderr());
        assertTrue(codes.contains(o.exit()), "exit code " + codes + " expected: " + where);
        assertEquals(1, o.stdout().strip().split("\n").length, "exactly one line on stdout: " + where);
        assertFalse(o.stdout().isBlank(), where);
        for (String bad : List.of("Exception", "Error", "\tat "))
            assertFalse(o.stderr().contains(bad) || o.stdout().contains(bad), "no \"" + bad + "\": " + where);
        assertTrue(o.stdout().contains(reason), "reason \"" + reason + "\" expected: " + where);
    }

    /** A certificate or weights file given as {@code /dev/stdin} is read once from the pipe, and a pipe is size-limited too. */
    @Test
    void filesReadFromAPipe(@TempDir Path tmp) throws Exception {
        Path model = CorpusIndex.ROOT.resolve("models/tiny-v8-n3.safetensors");
        Path cert = CorpusIndex.ROOT.resolve("certificates/valid/tiny-v8-n3.cubic.json");
        Outcome file = checkerJar(List.of(), model, cert, false);
        assertEquals(0, file.exit(), file.stdout() + file.stderr());
        String verdict = file.stdout().replaceAll("\\| [0-9.]+ s\n$", "");
        Outcome certPiped = piped(List.of("verify", model.toString(), "/dev/stdin"), Files.readAllBytes(cert));
        assertEquals(0, certPiped.exit(), certPiped.stdout() + certPiped.stderr());
        assertEquals(verdict, certPiped.stdout().replaceAll("\\| [0-9.]+ s\n$", ""));
        Outcome modelPiped = piped(List.of("verify", "/dev/stdin", cert.toString()), Files.readAllBytes(model));
        assertEquals(0, modelPiped.exit(), modelPiped.stdout() + modelPiped.stderr());
        assertEquals(verdict, modelPiped.stdout().replaceAll("\\| [0-9.]+ s\n$", ""));
        assertEquals("", certPiped.stderr() + modelPiped.stderr());
        // the first bytes are looked at before the size: a 300 MiB weights file given as the certificate is a swap, not a size limit
        Path padded = tmp.resolve("padded.safetensors");
        Files.copy(model, padded);
        try (RandomAccessFile f = new RandomAccessFile(padded.toFile(), "rw")) { f.setLength(300L << 20); }
        Outcome swapped = checkerJar(List.of("-Xmx64m"), model, padded, false);
        assertEquals(2, swapped.exit(), swapped.stdout() + swapped.stderr());
        assertTrue(swapped.stdout().contains("looks like a safetensors weights file, not a JSON certificate"), swapped.stdout());
        // 256 MiB + 1 zero bytes through a pipe: over the certificate limit (or the heap while reading it), never read past it
        Outcome big = piped(List.of("verify", model.toString(), "/dev/stdin"), null);
        assertEquals(4, big.exit(), big.stdout() + big.stderr());
        assertTrue(big.stdout().startsWith("RESOURCE_LIMIT: "), big.stdout());
    }

    /** {@code java -Xmx1g -jar checker.jar ARGS} with {@code input} (null: 256 MiB + 1 zero bytes) written to its stdin, a pipe. */
    private static Outcome piped(List<String> args, byte[] input) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CheckerRun.JAVA.toString(), "-Xmx1g", "-jar", JAR.toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).start();
        ExecutorService io = Executors.newFixedThreadPool(2);
        try {
            Future<String> out = io.submit(() -> new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            Future<String> err = io.submit(() -> new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            try (var in = p.getOutputStream()) {
                if (input != null) in.write(input);
                else for (int i = 0; i <= 256 && p.isAlive(); i++) in.write(new byte[i < 256 ? 1 << 20 : 1]);
            } catch (IOException closedByChecker) { // the checker stopped reading: fine
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
            return new Outcome(p.exitValue(), out.get(), err.get());
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void absurdSizesUnderASmallHeapEndInAVerdictNotAnOutOfMemoryError(@TempDir Path tmp) throws Exception {
        long t0 = System.nanoTime();
        List<String> small = List.of("-Xmx64m");
        Path tinyModel = CorpusIndex.ROOT.resolve("models/tiny-v8-n3.safetensors");
        Path tinyCert = CorpusIndex.ROOT.resolve("certificates/valid/tiny-v8-n3.brute-force.json");
        // every resource-limit case of the corpus (declared huge shapes, header lengths, digit strings)
        List<CorpusIndex.Case> limits = cases.stream().filter(c -> c.exit() == 4).collect(Collectors.toList());
        assertTrue(limits.size() >= 5, "resource-limit cases in the corpus");
        for (CorpusIndex.Case c : limits)
            assertContained(c.toString(), checkerJar(small, c.model(), c.certificate(), false), Set.of(4), c.reason());

        // a certificate over the 256 MiB limit and a weights file over 2 GiB (sparse files: nothing is written)
        Path bigCert = tmp.resolve("huge-cert.json");
        try (RandomAccessFile f = new RandomAccessFile(bigCert.toFile(), "rw")) { f.setLength((256L << 20) + 1); }
        assertContained("257 MiB certificate", checkerJar(small, tinyModel, bigCert, false), Set.of(4), "over the limit of");
        Path bigModel = tmp.resolve("huge-model.safetensors");
        try (RandomAccessFile f = new RandomAccessFile(bigModel.toFile(), "rw")) { f.setLength(3L << 30); }
        assertContained("3 GiB weights file", checkerJar(small, bigModel, tinyCert, false), Set.of(4), "over the limit");

        // a 10^7-digit count (10 MB): refused by the digit limit, or out of memory while parsing
        String base = Files.readString(tinyCert);
        Path digits = tmp.resolve("digits.json");
        Files.writeString(digits, base.replaceFirst("\"correct_count\":\"[0-9]+\"", "\"correct_count\":\"" + "7".repeat(10_000_000) + "\""));
        assertContained("10^7-digit count", checkerJar(small, tinyModel, digits, false), Set.of(4), "RESOURCE_LIMIT");

        // 2^20 + 1 listed inputs (9 MB of JSON, far more once parsed): over the hint limit, or out of memory
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i <= (1 << 20); i++) list.append(i == 0 ? "" : ",").append("[").append(i % 8).append(",").append((i >> 3) % 8).append(",").append((i >> 6) % 8).append("]");
        list.append("]");
        Path many = tmp.resolve("many-inputs.json");
        Files.writeString(many, base.replaceFirst("\"incorrect_inputs\":\\[\\[[0-9,\\[\\]]*\\]\\]", "\"incorrect_inputs\":" + list));
        assertTrue(Files.size(many) > 8_000_000);
        assertContained("2^20+1 listed inputs", checkerJar(small, tinyModel, many, false), Set.of(4), "RESOURCE_LIMIT");

        // 10^6 levels of nesting: the depth limit, not the stack
        Path deep = tmp.resolve("deep.json");
        Files.writeString(deep, base.replaceFirst("\"hints\":\\{", "\"hints\":{\"deep\":" + "[".repeat(1_000_000) + "]".repeat(1_000_000) + ","));
        assertContained("10^6 nested arrays", checkerJar(small, tinyModel, deep, false), Set.of(2), "nests deeper than");
        System.out.printf("-Xmx64m runs (%d corpus cases + 5 generated): %.1f s%n", limits.size(), (System.nanoTime() - t0) / 1e9);
    }
}
