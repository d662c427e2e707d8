package compactproofs.generator.cli;

/**
 * Process exit codes of every generator command (README, "Generator exit codes"). Codes 0 to 4 mean
 * what they mean for the checker where the meaning is the same; 5 is the generator's own.
 */
public final class ExitCodes {
    private ExitCodes() {}

    /** Done: every certificate written passed its self-check (or the command had nothing to check). */
    public static final int OK = 0;
    /** The work failed: a certificate failed its self-check (nothing written), a sweep row was not verified, training diverged, or an internal error. */
    public static final int FAILED = 1;
    /** Usage error or bad input: unknown option, bad value, unusable output path, malformed model or results file. */
    public static final int USAGE = 2;
    /** Unsupported: unknown strategy, an option the strategy does not take, a model outside what the checker supports. */
    public static final int UNSUPPORTED = 3;
    /** A resource limit: out of memory, or an input beyond the checker's limits. */
    public static final int RESOURCE_LIMIT = 4;
    /** An I/O error while reading or writing files after the up-front checks passed (disk full, file removed, ...). */
    public static final int IO_ERROR = 5;

    /** The table printed in {@code --help} (picocli exitCodeList format "code:description"). */
    static final String[] HELP = {
        " 0:done; every certificate written passed its self-check",
        " 1:the work failed: a certificate failed its self-check (nothing is written), a sweep row was not verified, training diverged, or an internal error",
        " 2:usage error or bad input: unknown option, bad value, unusable output path, malformed model or results file",
        " 3:unsupported: unknown strategy, an option the strategy does not take, a model the checker does not support",
        " 4:resource limit: out of memory, or an input beyond the checker's limits",
        " 5:I/O error while reading or writing after the up-front checks passed",
    };
}
