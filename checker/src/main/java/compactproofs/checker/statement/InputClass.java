package compactproofs.checker.statement;

/**
 * A class of inputs (SPEC §7, Lemma K): query token {@code q = t_{n-1}}, max token {@code m >= q}, and
 * {@code c}, the number of non-query positions holding a token below m. Every input lies in exactly
 * one class. This is the one tuple order for a class everywhere in the checker and its hints.
 */
public record InputClass(int q, int m, int c) {}
