package compactproofs.generator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.subcubic.Variant;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.train.MaxOfKTrainer;
import compactproofs.generator.train.TrainConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every subcubic variant's search on a trained tiny model: verifies, never above brute force, and one claim too many is rejected. */
class SubcubicSearchTest {
    @Test
    void allVariantsVerifyOnATrainedModel() throws Exception {
        long seed = 5;
        Weights w = MaxOfKTrainer.train(TrainConfig.paper(3, 8, 8, seed).withSchedule(1500, 64)).weights();
        BigInteger brute = BigInteger.valueOf(new BruteForceVerifier(PathMatrices.of(w)).run(1, null, null).proved());
        String sha = "0f".repeat(32);
        var dirs = SubcubicDirections.of(w);
        PathMatrices pm = PathMatrices.of(w);
        BigInteger best = BigInteger.ZERO;
        for (Variant var : Variant.all()) {
            SubcubicSearch s = new SubcubicSearch(var).sharing(dirs, pm);
            ProofSearch.Result r = s.search(w, ProofSearch.Options.defaults());
            assertTrue(r.correctCount().compareTo(brute) <= 0, var.name());
            best = best.max(r.correctCount());
            byte[] cert = new com.google.gson.Gson().toJson(CertificateWriter.build(sha, w, s.strategy(), r.correctCount(), r.hints(), 0))
                    .getBytes(StandardCharsets.UTF_8);
            Verdict v = Checker.verify(w, sha, Certificate.parse(cert), VerifyOptions.defaults());
            assertEquals(ExitCode.VERIFIED, v.code(), var.name() + ": " + v.reason());
            if (r.correctCount().compareTo(brute) < 0) {
                byte[] over = new com.google.gson.Gson().toJson(CertificateWriter.build(sha, w, s.strategy(), r.correctCount().add(BigInteger.ONE), r.hints(), 0))
                        .getBytes(StandardCharsets.UTF_8);
                assertEquals(ExitCode.REJECTED, Checker.verify(w, sha, Certificate.parse(over), VerifyOptions.defaults()).code(), var.name());
            }
        }
        System.out.println("SubcubicSearchTest: trained V=8 K=3 seed " + seed + ": best subcubic " + best + " / 512, brute force " + brute);
        assertTrue(best.doubleValue() > 0.5 * brute.doubleValue());
    }

    @Test
    void registryResolvesEveryVariantName() {
        for (Variant v : Variant.all()) assertNotNull(Strategies.of(v.strategy()), v.name());
        assertNull(Strategies.of("subcubic:nonsense"));
    }
}
