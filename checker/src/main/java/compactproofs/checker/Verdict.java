package compactproofs.checker;

import java.math.BigInteger;

/**
 * The checker's answer. When {@code code} is VERIFIED, at least {@code correctCount} of the
 * {@code total} inputs are correct (exactly that many when {@code exact}).
 */
public record Verdict(ExitCode code, String reason, String modelSha256, int vocab, int nCtx, String strategy,
                      BigInteger correctCount, BigInteger proved, BigInteger total, boolean exact,
                      BigInteger proofOps, BigInteger effectiveDimension, String detail, double seconds) {
    public boolean verified() { return code == ExitCode.VERIFIED; }
}
