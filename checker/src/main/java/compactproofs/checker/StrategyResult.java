package compactproofs.checker;

import java.math.BigInteger;

/**
 * What a strategy verifier established (SPEC §4, §6–§10): at least {@code proved} inputs are correct, using
 * {@code ops} counted operations. {@code exact} is true when the verifier also proved that every
 * other input is wrong, so {@code proved} is the exact number of correct inputs.
 * {@code effectiveDimension} is the paper's "unexplained dimension" of the strategy, or null.
 * {@code complete} is true when every input in the proof's scope (the whole space, or the classes of
 * one shard, Lemma M) was proved correct or wrong; a shard's proof is never {@code exact}, since it says
 * nothing about the other shards' inputs. A proof about the whole input space is complete exactly when exact.
 */
public record StrategyResult(BigInteger proved, BigInteger ops, boolean exact, BigInteger effectiveDimension, String detail,
                    boolean complete) {}
