package compactproofs.generator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.Checker;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.PathMatrices;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.cli.GeneratorMain;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The separable search: its claim is what the checker proves, --max-ops is a hard cap, and the frontier command's points verify. */
class SeparableSearchTest {
    static final Path TINY = Path.of("../testdata/models/tiny-v8-n3.safetensors");

    static Verdict check(LoadedModel m, ProofSearch.Result r) throws Exception {
        byte[] bytes = CertificateWriter.bytes(CertificateWriter.build(m.sha256(), m.weights(), "separable", r.correctCount(), r.hints(), 0));
        return Checker.verify(m.weights(), m.sha256(), Certificate.parse(bytes), VerifyOptions.defaults());
    }

    @Test
    void claimsExactlyWhatTheCheckerProvesAndNeverMoreThanBruteForce() throws Exception {
        LoadedModel m = SafetensorsReader.read(TINY);
        long exact = new BruteForceVerifier(PathMatrices.of(m.weights())).run(1, null, null).proved();
        for (int split : new int[] {0, 1, 3})
            for (int res : new int[] {1, 16, 4096}) {
                ProofSearch.Result r = new SeparableSearch().search(m.weights(), new ProofSearch.Options(1, null, Long.MAX_VALUE, 0, 1, false, res, split));
                Verdict v = check(m, r);
                assertTrue(v.verified(), v.reason());
                assertEquals(r.correctCount(), v.proved(), "split " + split + ", resolution " + res);
                assertTrue(v.proved().compareTo(BigInteger.valueOf(exact)) <= 0);
                assertEquals(res, r.hints().get("resolution").getAsInt());
            }
    }

    @Test
    void maxOpsIsAHardCap() throws Exception {
        LoadedModel m = SafetensorsReader.read(TINY);
        ProofSearch.Result small = new SeparableSearch().search(m.weights(), new ProofSearch.Options(1, null, Long.MAX_VALUE, 0, 1, false, 1, 2));
        long least = check(m, small).proofOps().longValueExact();
        for (long budget : new long[] {least, least * 3 / 2, least * 10}) {
            ProofSearch.Result r = new SeparableSearch().search(m.weights(), new ProofSearch.Options(1, null, budget, 0, 1, false, 0, 2));
            Verdict v = check(m, r);
            assertTrue(v.verified(), v.reason());
            assertTrue(v.proofOps().longValueExact() <= budget, v.proofOps() + " > " + budget);
        }
    }

    @Test
    void frontierWritesVerifiedPointsAndPlots(@TempDir Path dir) throws Exception {
        int code = GeneratorMain.commandLine().execute("frontier", "--model", TINY.toString(), "--out", dir.toString(), "--resolutions", "4,64",
                "--split-logits", "0,1", "--samples", "2000", "--threads", "1");
        assertEquals(0, code);
        List<String> csv = Files.readAllLines(dir.resolve("frontier.csv"));
        // cubic, 2 x 2 separable, the exact cascade (512 inputs), the sampled band
        assertEquals(1 + 1 + 4 + 1 + 1, csv.size(), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(l -> l.contains("cascade (exact)") && l.contains(",511,512,")), String.join("\n", csv));
        assertTrue(Files.size(dir.resolve("frontier.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("frontier-tiny-v8-n3.svg")));
        assertTrue(Files.exists(dir.resolve("tiny-v8-n3.separable-r64-split1.json")));
    }

    @Test
    void frontierRefusesBadVerdictsAndCsvWithExitTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json"), csv = dir.resolve("bad.csv");
        Files.writeString(bad, "{\"a\":1}");
        Files.writeString(csv, "model,k,series,params,proof_ops,correct_count,total,bound_decimal\nm,x,\"cubic\",\"\",1,2,3,0.5\n");
        assertEquals(2, GeneratorMain.commandLine().execute("frontier", "--model", TINY.toString(), "--out", dir.resolve("o").toString(), "--verdict", "c=" + bad));
        assertEquals(2, GeneratorMain.commandLine().execute("frontier", "--replot", csv.toString(), "--out", dir.resolve("o").toString()));
        assertEquals(2, GeneratorMain.commandLine().execute("frontier", "--out", dir.resolve("o").toString()));
    }
}
