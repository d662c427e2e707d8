package compactproofs.generator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.ExitCode;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.Weights;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.train.MaxOfKTrainer;
import compactproofs.generator.train.TrainConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-ops} is a hard cap on the checker-counted proof length of the cascade (issue 13, item 6):
 * for budgets spread between the cubic stage and the full cascade, the checker verifies the
 * certificate and counts at most the budget, and the generator's accounting equals the checker's count.
 */
@Tag("slow")
class CascadeBudgetTest {
    static final String SHA = "0f".repeat(32);

    static Verdict verify(Weights w, ProofSearch.Result r) throws Exception {
        byte[] cert = new com.google.gson.Gson().toJson(CertificateWriter.build(SHA, w, "cascade", r.correctCount(), r.hints(), 0))
                .getBytes(StandardCharsets.UTF_8);
        return Checker.verify(w, SHA, Certificate.parse(cert), new VerifyOptions(2, VerifyOptions.DEFAULT_MAX_INPUTS, null));
    }

    /** Checks several budgets; returns the budgets and checker counts as text for the log. */
    static String checkBudgets(Weights w, int points) throws Exception {
        CascadeSearch s = new CascadeSearch();
        CascadeSearch.Analysis a = s.analyze(w, new ProofSearch.Options(2, null));
        s.choose(a, Long.MAX_VALUE);
        List<CascadeSearch.Point> curve = s.curve();
        assertTrue(curve.size() > 3, "the model needs a few classes worth enumerating; got " + curve.size() + " points");
        long lo = a.minimumOps(), hi = curve.get(curve.size() - 1).ops();
        StringBuilder log = new StringBuilder();
        BigInteger lastProved = BigInteger.ZERO;
        for (int i = 0; i <= points; i++) {
            long budget = i == points ? hi : lo + (long) ((hi - lo) * Math.pow((double) i / points, 2));
            ProofSearch.Result r = s.search(w, new ProofSearch.Options(2, null, budget));
            Verdict v = verify(w, r);
            assertEquals(ExitCode.VERIFIED, v.code(), "budget " + budget + ": " + v.reason());
            assertTrue(v.proofOps().compareTo(BigInteger.valueOf(budget)) <= 0,
                    "budget " + budget + " exceeded: the checker counts " + v.proofOps());
            // the generator's accounting (the last point of its choice) is the checker's count exactly
            List<CascadeSearch.Point> chosen = s.curve();
            assertEquals(BigInteger.valueOf(chosen.get(chosen.size() - 1).ops()), v.proofOps(),
                    "budget " + budget + ": the generator's accounting differs from the checker's");
            assertEquals(r.correctCount(), v.correctCount());
            assertTrue(v.correctCount().compareTo(lastProved) >= 0, "a larger budget proves no less");
            lastProved = v.correctCount();
            log.append(budget).append(" -> ").append(v.proofOps()).append("; ");
        }
        // the budget of the cubic stage alone is allowed; one below is refused with a reason
        ProofSearch.Result cubicOnly = s.search(w, new ProofSearch.Options(1, null, lo));
        assertEquals(0, cubicOnly.hints().getAsJsonArray("enumerate").size());
        CheckFailure f = assertThrows(CheckFailure.class, () -> s.search(w, new ProofSearch.Options(1, null, lo - 1)));
        assertEquals(ExitCode.MALFORMED, f.code());
        assertTrue(f.getMessage().contains("below the shortest cascade proof") && f.getMessage().contains(Long.toString(lo)), f.getMessage());
        return log.toString();
    }

    @Test
    void budgetsAreNeverExceededOnASmallTrainedModel() throws Exception {
        Weights w = MaxOfKTrainer.train(TrainConfig.paper(4, 12, 12, 7).withSchedule(600, 64)).weights();
        System.out.println("CascadeBudgetTest V=12 K=4: " + checkBudgets(w, 6));
    }

    @Test
    void budgetsAreNeverExceededOnTheBundledModel() throws Exception {
        Path model = Path.of("../testdata/models/maxof4-v64-seed3.safetensors");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(model), "bundled model not found");
        Weights w = SafetensorsReader.read(model).weights();
        System.out.println("CascadeBudgetTest bundled V=64 K=4: " + checkBudgets(w, 3));
    }

    @Test
    void trimmingDropsClassesUntilTheCheckerCountFits() throws Exception {
        Weights w = MaxOfKTrainer.train(TrainConfig.paper(4, 12, 12, 7).withSchedule(600, 64)).weights();
        CascadeSearch s = new CascadeSearch();
        CascadeSearch.Analysis a = s.analyze(w, new ProofSearch.Options(2, null));
        ProofSearch.Result full = s.choose(a, Long.MAX_VALUE);
        long fullOps = CascadeSearch.checkerOps(a, full.hints()).longValueExact();
        // a choice made for an unlimited budget, trimmed to a smaller one: the verify-and-trim safety net
        long budget = a.minimumOps() + (fullOps - a.minimumOps()) / 3;
        ProofSearch.Result trimmed = s.trimToBudget(a, s.choose(a, Long.MAX_VALUE), budget);
        Verdict v = verify(w, trimmed);
        assertEquals(ExitCode.VERIFIED, v.code(), v.reason());
        assertTrue(v.proofOps().longValueExact() <= budget, v.proofOps() + " > " + budget);
        assertEquals(trimmed.correctCount(), v.correctCount());
    }

    /** {@code --exact}: every class with a rest is listed, so the checker proves the exact count; without it the count is the same but not proved exact. */
    @Test
    void exactListsEveryRestAndIsProvedExact() throws Exception {
        Weights w = MaxOfKTrainer.train(TrainConfig.paper(4, 12, 12, 7).withSchedule(600, 64)).weights();
        ProofSearch.Result exact = new CascadeSearch().search(w, new ProofSearch.Options(2, null, Long.MAX_VALUE, 0, 1, true));
        ProofSearch.Result greedy = new CascadeSearch().search(w, new ProofSearch.Options(2, null, Long.MAX_VALUE, 0, 1, false));
        Verdict ve = verify(w, exact), vg = verify(w, greedy);
        assertEquals(ExitCode.VERIFIED, ve.code(), ve.reason());
        assertTrue(ve.exact(), "the exact cascade's count is proved exact");
        assertEquals(ve.proved(), vg.proved(), "the greedy cascade proves the same count");
        assertTrue(exact.hints().getAsJsonArray("enumerate").size() >= greedy.hints().getAsJsonArray("enumerate").size());
    }
}
