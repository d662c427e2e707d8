package compactproofs.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import compactproofs.testdata.testing.CorpusIndex;

/**
 * The real {@code checker.jar} on TransformerLens-style files (SPEC §2): the bundled tiny model written by
 * {@code generator import} with a default {@code HookedTransformerConfig} is accepted and its certificate
 * verified; the same bytes with {@code normalization_type="LNPre"} in the config are refused with exit 3
 * naming the setting.
 */
@Tag("slow")
class TransformerLensJarTest {
    static final Path DIR = CorpusIndex.ROOT.resolve("transformer-lens");
    static final Path JAR = CorpusIndex.ROOT.resolve("../checker/target/checker.jar").normalize();

    record Run(int exit, String out, String err) {}

    static Run verify(String model, String cert) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), JAR + " not built (run mvn verify, not mvn test)");
        Path out = Files.createTempFile("tl-out", ".txt"), err = Files.createTempFile("tl-err", ".txt");
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toString(), "verify", DIR.resolve(model).toString(), DIR.resolve(cert).toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "checker timed out");
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test void defaultConfigAcceptedAndCertificateVerified() throws Exception {
        Run r = verify("tiny-v8-n3.tl.safetensors", "tiny-v8-n3.tl.brute-force.json");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("VERIFIED brute-force: 511 of 512 inputs proved correct (exact)"), r.out());
    }

    @Test void lnPreConfigRefusedWithExit3NamingTheSetting() throws Exception {
        Run r = verify("tiny-v8-n3.lnpre.safetensors", "tiny-v8-n3.tl.brute-force.json");
        assertEquals(3, r.exit(), r.out() + r.err());
        String all = r.out() + r.err();
        assertEquals(1, all.strip().lines().count(), all);
        assertTrue(all.contains("TransformerLens config normalization_type = \"LNPre\" changes the model"), all);
        assertFalse(all.contains("Exception"), all);
    }
}
