package compactproofs.generator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.train.MaxOfKTrainer;
import compactproofs.generator.train.TrainConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The cubic strategy on a model trained to be (nearly) correct. */
class CubicSearchTest {
    @Test
    void trainedModelIsLargelyProvedAndVerifies() throws Exception {
        long seed = 5;
        Weights w = MaxOfKTrainer.train(TrainConfig.paper(3, 8, 8, seed).withSchedule(1500, 64)).weights();
        ProofSearch.Result r = Strategies.of("cubic").search(w, ProofSearch.Options.defaults());
        BigInteger brute = BigInteger.valueOf(new BruteForceVerifier(PathMatrices.of(w)).run(1, null, null).proved());
        double frac = r.correctCount().doubleValue() / brute.doubleValue();
        System.out.println("CubicSearchTest: trained V=8 K=3 seed " + seed + ": cubic " + r.correctCount() + " / 512, brute force " + brute
                + ", ratio " + frac);
        assertTrue(r.correctCount().compareTo(brute) <= 0);
        assertTrue(frac > 0.5, "cubic proves only " + frac + " of the brute-force count");
        assertEquals(0, r.hints().size());
        String sha = "0f".repeat(32);
        byte[] cert = new com.google.gson.Gson().toJson(CertificateWriter.build(sha, w, "cubic", r.correctCount(), r.hints(), 0))
                .getBytes(StandardCharsets.UTF_8);
        Verdict v = Checker.verify(w, sha, Certificate.parse(cert), VerifyOptions.defaults());
        assertEquals(ExitCode.VERIFIED, v.code(), v.reason());
    }
}
