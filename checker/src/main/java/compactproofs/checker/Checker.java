package compactproofs.checker;

import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.cascade.CascadeVerifier;
import compactproofs.checker.cubic.CubicVerifier;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.Hints;
import compactproofs.checker.format.SubcubicHints;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import compactproofs.checker.separable.SeparableVerifier;
import compactproofs.checker.subcubic.SubcubicVerifier;
import java.math.BigInteger;
import java.util.function.Supplier;

/**
 * Checks a certificate against a model (SPEC §4): first that the certificate is about this model and its
 * claim is self-consistent, then that its strategy, chosen by the type of its hints, proves at least the
 * claimed count.
 */
public final class Checker {
    private Checker() {}

    /**
     * Verifies {@code cert} against the model with the given weights and file hash.
     *
     * @return a VERIFIED or REJECTED verdict
     * @throws CheckFailure for malformed hints, resource limits, or {@code --shard} on a certificate that is not cascade
     */
    public static Verdict verify(Weights w, String sha256, Certificate cert, VerifyOptions opt) throws CheckFailure {
        return check(w, PathMatrices.lazily(w), sha256, cert, opt).verdict();
    }

    /** A verdict with the strategy's proof behind it (null when the certificate does not match the model). */
    public record Checked(Verdict verdict, StrategyResult proof) {}

    /**
     * {@link #verify}, also returning the proof (for {@link compactproofs.checker.cascade.Combine}), with the path
     * matrices of {@code w} from {@code pm}: a caller checking several certificates of one model computes them once
     * ({@link PathMatrices#lazily}); they are asked for only when the certificate is about this model.
     */
    public static Checked check(Weights w, Supplier<PathMatrices> pm, String sha256, Certificate cert, VerifyOptions opt) throws CheckFailure {
        long start = System.nanoTime();
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        String mismatch = null;
        if (!cert.modelSha256.equals(sha256))
            mismatch = "certificate is for model sha256 " + cert.modelSha256 + ", not this file (" + sha256 + ")";
        else if (cert.vocab != w.vocab || cert.nCtx != w.nCtx || cert.dModel != w.dModel || cert.dHead != w.dHead)
            mismatch = "certificate model shape (V=" + cert.vocab + ", n=" + cert.nCtx + ", d_model=" + cert.dModel + ", d_head=" + cert.dHead
                    + ") differs from the weights (V=" + w.vocab + ", n=" + w.nCtx + ", d_model=" + w.dModel + ", d_head=" + w.dHead + ")";
        else if (!cert.total.equals(total))
            mismatch = "claim.total is " + cert.total + " but V^n = " + total;
        else if (cert.correctCount.compareTo(total) > 0)
            mismatch = "claim.correct_count " + cert.correctCount + " exceeds the total " + total;
        else if (!cert.accNum.multiply(total).equals(cert.correctCount.multiply(cert.accDen))) // p/q = c/t with q, t > 0
            mismatch = "claim.accuracy " + cert.accNum + "/" + cert.accDen + " is not correct_count/total";
        if (opt.shard() != null && !(cert.hints instanceof Hints.Cascade))
            throw CheckFailure.malformed("--shard applies only to cascade certificates, not \"" + cert.strategy + "\"");
        if (mismatch != null)
            return new Checked(new Verdict(ExitCode.REJECTED, mismatch, sha256, w.vocab, w.nCtx, cert.strategy, cert.correctCount,
                    null, total, false, null, null, null, (System.nanoTime() - start) / 1e9), null);
        if (cert.hints instanceof Hints.Cubic || cert.hints instanceof Hints.Cascade) CubicVerifier.requireSize(w, opt.maxInputs());
        PathMatrices m = pm.get();
        StrategyResult p;
        try {
            if (cert.hints instanceof Hints.BruteForce h) p = BruteForceVerifier.prove(w, m, h, opt);
            else if (cert.hints instanceof Hints.Cascade h) p = CascadeVerifier.prove(w, m, h, opt);
            else if (cert.hints instanceof Hints.Separable h) p = SeparableVerifier.prove(w, m, h, opt);
            else if (cert.hints instanceof SubcubicHints.Parsed h) p = SubcubicVerifier.prove(w, m, h);
            else p = CubicVerifier.prove(w, m);
        } catch (InterruptedException e) { // a strategy's worker pool was interrupted: no verdict either way
            Thread.currentThread().interrupt();
            throw CheckFailure.resourceLimit("interrupted");
        }
        boolean ok = p.proved().compareTo(cert.correctCount) >= 0;
        String reason = ok ? "proved " + p.proved() + " >= claimed " + cert.correctCount
                : "claim " + cert.correctCount + " exceeds the " + p.proved() + " inputs the " + cert.strategy + " strategy proves correct";
        return new Checked(new Verdict(ok ? ExitCode.VERIFIED : ExitCode.REJECTED, reason, sha256, w.vocab, w.nCtx, cert.strategy,
                cert.correctCount, p.proved(), total, ok && p.exact() && p.proved().equals(cert.correctCount),
                p.ops(), p.effectiveDimension(), p.detail(), (System.nanoTime() - start) / 1e9), p);
    }
}
