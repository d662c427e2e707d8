package compactproofs.checker.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.Verdict;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker's swapped-argument sniffing and the one-line verdict (audit findings F1 and F4). */
class CheckerMainTest {
    @Test
    void indentedJsonIsACertificateButAWeightsHeaderIsNot(@TempDir Path dir) throws Exception {
        for (int spaces : new int[] {0, 7, 8, 10}) {
            Path c = dir.resolve("c" + spaces + ".json");
            Files.writeString(c, " ".repeat(spaces) + "{\"format\": 1}", StandardCharsets.UTF_8);
            assertDoesNotThrow(() -> CheckerMain.sniff(c, Files.readAllBytes(c), false), spaces + " spaces");
        }
        Path weights = dir.resolve("w.safetensors");
        Files.write(weights, new byte[] {2, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        CheckFailure f = assertThrows(CheckFailure.class, () -> CheckerMain.sniff(weights, Files.readAllBytes(weights), false));
        assertEquals(ExitCode.MALFORMED, f.code());
        assertTrue(f.getMessage().contains("swap"), f.getMessage());
    }

    @Test
    void aZeroAccuracyPrintsAsPlainDecimal() {
        Verdict v = new Verdict(ExitCode.VERIFIED, "proved 0 >= claimed 0", "ab", 8, 3, "cubic", BigInteger.ZERO, BigInteger.ZERO,
                BigInteger.valueOf(512), false, BigInteger.TEN, null, null, 0.5);
        String line = CheckerMain.toLine(v);
        assertTrue(line.contains("accuracy >= 0/1 = 0.0000000000 |"), line);
    }
}
