package compactproofs.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.cli.CheckerMain;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import compactproofs.testdata.testing.CorpusIndex;
import compactproofs.testdata.testing.Outcome;

/**
 * Runs the checker in process ({@link CheckerMain#run}) over every corpus case (the slow V=64 case
 * is left to {@code CheckerJarTest}), and shows that the corpus has teeth: two stub checkers that
 * skip the proof each get cases wrong.
 */
@Tag("slow")
class CorpusTest {
    static List<CorpusIndex.Case> cases;

    @BeforeAll
    static void load() throws IOException {
        cases = CorpusIndex.load();
    }

    static Outcome run(CorpusIndex.Case c, boolean json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("verify", c.model().toString(), c.certificate().toString(), "--threads", "1"));
        if (json) args.add("--json");
        int code = CheckerMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseInProcess() {
        return cases.stream().filter(c -> !c.slow()).map(c -> DynamicTest.dynamicTest(c.toString(), () -> {
            run(c, true).assertJsonVerdict(c);
            run(c, false).assertTextVerdict(c);
        }));
    }

    @Test
    void indexIsLargeCoversEveryCategoryAndEveryFile() throws IOException {
        Map<String, Long> byCategory = cases.stream().collect(Collectors.groupingBy(CorpusIndex.Case::category, TreeMap::new, Collectors.counting()));
        Map<Integer, Long> byExit = cases.stream().collect(Collectors.groupingBy(CorpusIndex.Case::exit, TreeMap::new, Collectors.counting()));
        System.out.println("corpus: " + cases.size() + " cases; by category " + byCategory + "; by expected exit code " + byExit);
        assertTrue(cases.size() >= 60, "at least 60 cases");
        for (String cat : List.of("valid", "invalid", "malformed", "weights")) assertTrue(byCategory.getOrDefault(cat, 0L) > 0, cat);
        for (int code = 0; code <= 4; code++) assertTrue(byExit.getOrDefault(code, 0L) > 0, "some case expects exit " + code);
        Set<Path> referenced = new HashSet<>();
        for (CorpusIndex.Case c : cases) {
            assertTrue(Files.isRegularFile(c.certificate()), c + ": " + c.certificate());
            assertTrue(Files.isRegularFile(c.model()), c + ": " + c.model());
            referenced.add(c.certificate().normalize());
            referenced.add(c.model().normalize());
        }
        for (String dir : List.of("certificates/valid", "certificates/invalid", "certificates/malformed", "models/malformed")) {
            try (Stream<Path> s = Files.list(CorpusIndex.ROOT.resolve(dir))) {
                for (Path p : s.collect(Collectors.toList()))
                    assertTrue(referenced.contains(p.normalize()), p + " is in no index case (rerun CorpusBuilder)");
            }
        }
    }

    /** Accepts everything. */
    static int alwaysAccept(CorpusIndex.Case c) {
        return 0;
    }

    /** Parses the model and the certificate with the real parsers and accepts whatever parses. */
    static int parseOnly(CorpusIndex.Case c) {
        try {
            SafetensorsReader.read(c.model());
            Certificate.read(c.certificate());
            return 0;
        } catch (CheckFailure f) {
            return f.code().value;
        }
    }

    @Test
    void stubCheckersFailTheCorpus() {
        Map<String, ToIntFunction<CorpusIndex.Case>> stubs = Map.of("always-accept", CorpusTest::alwaysAccept, "parse-only", CorpusTest::parseOnly);
        for (Map.Entry<String, ToIntFunction<CorpusIndex.Case>> s : new TreeMap<>(stubs).entrySet()) {
            List<String> wrong = new ArrayList<>();
            long wronglyAccepted = 0;
            for (CorpusIndex.Case c : cases) {
                int got = s.getValue().applyAsInt(c);
                if (got != c.exit()) {
                    wrong.add(c.toString());
                    if (got == 0) wronglyAccepted++;
                }
            }
            System.out.println("stub " + s.getKey() + " gets " + wrong.size() + " of " + cases.size() + " cases wrong ("
                    + wronglyAccepted + " wrongly accepted)");
            assertTrue(wronglyAccepted > 0, "the corpus must catch the " + s.getKey() + " stub accepting a bad certificate");
        }
        // sanity: the parse-only stub agrees with the real checker on everything it is meant to catch
        long malformedOk = cases.stream().filter(c -> c.category().equals("malformed")).filter(c -> parseOnly(c) == c.exit()).count();
        assertEquals(cases.stream().filter(c -> c.category().equals("malformed")).count(), malformedOk,
                "parse-only stub should reproduce every malformed-certificate verdict");
    }
}
