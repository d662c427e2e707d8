package compactproofs.checker.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Golden-value files for regression tests: {@code src/test/resources/golden/NAME.tsv}. The test computes
 * its lines and compares them with the file; {@code -Dgolden.write=true} rewrites the file instead
 * (only after a deliberate change of counts or counted operations, reviewed in the diff).
 */
public final class Golden {
    private Golden() {}

    public static void check(String name, List<String> lines) throws IOException {
        Path file = Path.of("src/test/resources/golden", name + ".tsv");
        String text = String.join("\n", lines) + "\n";
        if (Boolean.getBoolean("golden.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return;
        }
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(expected.size(), lines.size(), name + ": number of lines");
        for (int i = 0; i < lines.size(); i++) assertEquals(expected.get(i), lines.get(i), name + " line " + (i + 1));
    }
}
