package compactproofs.checker;

/** Process exit codes of the checker (SPEC.md, "Verdict and exit codes"). */
public enum ExitCode {
    VERIFIED(0), REJECTED(1), MALFORMED(2), UNSUPPORTED(3), RESOURCE_LIMIT(4);

    public final int value;

    ExitCode(int value) { this.value = value; }
}
