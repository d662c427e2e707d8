package compactproofs.checker.proof;

import java.math.BigInteger;

/**
 * What a strategy verifier established: at least {@code proved} inputs are correct, using
 * {@code ops} counted operations. {@code exact} is true when the verifier also proved that every
 * other input is wrong, so {@code proved} is the exact number of correct inputs.
 * {@code effectiveDimension} is the paper's "unexplained dimension" of the strategy, or null.
 */
public record Proof(BigInteger proved, BigInteger ops, boolean exact, BigInteger effectiveDimension, String detail) {}
