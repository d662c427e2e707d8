package compactproofs.testdata;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Regenerates the corpus (disabled unless {@code -Dcorpus.rebuild=true}):
 * {@code mvn -q -o -pl testdata -am verify -Dcorpus.rebuild=true -Dtest=RebuildCorpusTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RebuildCorpusTest {
    @Test
    @EnabledIfSystemProperty(named = "corpus.rebuild", matches = "true")
    void rebuild() throws Exception {
        int n = new CorpusBuilder(Path.of("").toAbsolutePath()).build();
        System.out.println("corpus rebuilt: " + n + " cases");
    }
}
