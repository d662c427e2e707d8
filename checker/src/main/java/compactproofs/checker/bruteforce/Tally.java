package compactproofs.checker.bruteforce;

/**
 * What an enumeration established: how many inputs it proved correct, proved wrong, and left
 * unresolved, how many it re-checked at high precision (Lemma D1), and its counted operations.
 * Sums are checked ({@link Math#addExact}): a count never wraps.
 */
public record Tally(long proved, long wrong, long unresolved, long rechecked, long ops) {
    public static final Tally ZERO = new Tally(0, 0, 0, 0, 0);

    /** The inputs decided or left unresolved: every input enumerated. */
    public long enumerated() {
        return Math.addExact(Math.addExact(proved, wrong), unresolved);
    }

    public Tally plus(Tally o) {
        return new Tally(Math.addExact(proved, o.proved), Math.addExact(wrong, o.wrong), Math.addExact(unresolved, o.unresolved),
                Math.addExact(rechecked, o.rechecked), Math.addExact(ops, o.ops));
    }
}
