package compactproofs.checker.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Golden-value files for regression tests, two per name under {@code src/test/resources/golden/}:
 * {@code NAME.counts.tsv} pins what is proved (proved counts, cases, enumerated and wrong inputs) and
 * {@code NAME.proof-lengths.tsv} pins what the proof costs (counted operations, effective dimension).
 * A change of one without the other is then visible at once: a failure names the file (or both) that
 * differs and its first differing lines.
 *
 * <p>The test computes its lines (comment lines starting with {@code #} included) and compares them with
 * the files; {@code -Dgolden.write=true} rewrites both files instead (only after a deliberate change of
 * counts or counted operations, reviewed in the diff).
 */
public final class Golden {
    private Golden() {}

    /** The directory of the golden files (Surefire runs in the module directory). */
    public static final Path DIR = Path.of("src/test/resources/golden");

    /** Compares (or, with {@code -Dgolden.write=true}, writes) {@code NAME.counts.tsv} and {@code NAME.proof-lengths.tsv}. */
    public static void check(String name, List<String> counts, List<String> proofLengths) throws IOException {
        check(DIR, name, counts, proofLengths, Boolean.getBoolean("golden.write"));
    }

    /** As {@link #check(String, List, List)}, in {@code dir}. */
    public static void check(Path dir, String name, List<String> counts, List<String> proofLengths, boolean write) throws IOException {
        Path countsFile = dir.resolve(name + ".counts.tsv"), lengthsFile = dir.resolve(name + ".proof-lengths.tsv");
        if (write) {
            Files.createDirectories(dir);
            Files.writeString(countsFile, String.join("\n", counts) + "\n", StandardCharsets.UTF_8);
            Files.writeString(lengthsFile, String.join("\n", proofLengths) + "\n", StandardCharsets.UTF_8);
            return;
        }
        List<String> problems = new ArrayList<>();
        diff("the counts", countsFile, counts, problems);
        diff("the proof lengths", lengthsFile, proofLengths, problems);
        if (!problems.isEmpty())
            fail(name + ": " + String.join("; ", problems.stream().map(p -> p.substring(0, p.indexOf('\n'))).toList()) + "\n"
                    + String.join("\n", problems) + "(after a deliberate change: -Dgolden.write=true, then review the diff)");
    }

    /** Appends to {@code problems} a report of where {@code lines} differ from the file (nothing if they agree). */
    private static void diff(String what, Path file, List<String> lines, List<String> problems) throws IOException {
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder();
        int shown = 0, differing = 0;
        for (int i = 0; i < Math.max(expected.size(), lines.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(no line)", g = i < lines.size() ? lines.get(i) : "(no line)";
            if (e.equals(g)) continue;
            differing++;
            if (shown++ < 10) s.append("  line ").append(i + 1).append(": expected ").append(e).append("\n").append("  line ").append(i + 1).append(":      got ").append(g).append("\n");
        }
        if (differing == 0) return;
        problems.add(what + " differ (" + file + ": " + differing + " of " + expected.size() + " lines)\n" + s
                + (differing > shown ? "  ... " + (differing - shown) + " more\n" : ""));
    }
}
