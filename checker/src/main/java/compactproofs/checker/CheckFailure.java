package compactproofs.checker;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reason the checker cannot accept a certificate, with the exit code it maps to.
 *
 * <p>Every refusal the checker makes is one of these: a certificate that is well formed but not
 * proved ({@link ExitCode#REJECTED}), input that cannot be parsed or violates the format
 * ({@link ExitCode#MALFORMED}), input that is well formed but outside what this checker supports
 * ({@link ExitCode#UNSUPPORTED}), or input that would exceed a resource limit
 * ({@link ExitCode#RESOURCE_LIMIT}). The message is a one-line, human-readable reason.
 */
public final class CheckFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final ExitCode code;

    public CheckFailure(ExitCode code, String reason) {
        super(oneLine(reason), null, false, false);
        this.code = code;
    }

    /** The characters that would break a reason over lines: C0 controls, DEL, NEL and the Unicode line and paragraph separators. */
    private static final Pattern LINE_BREAKING = Pattern.compile("[\\x00-\\x1f\\x7f\\x85\\u2028\\u2029]");

    /**
     * Reasons quote input text (field values, tensor names); escaping control and line-separator
     * characters keeps every reason on one line whatever the input holds.
     */
    static String oneLine(String reason) {
        if (reason == null) return null;
        String out = LINE_BREAKING.matcher(reason) // returns reason itself when nothing matches
                .replaceAll(m -> Matcher.quoteReplacement(String.format("\\u%04x", (int) m.group().charAt(0))));
        // a reason quotes input; cap it so a hostile name cannot flood the one-line verdict
        return out.length() <= MAX_REASON ? out : out.substring(0, MAX_REASON) + "... (" + out.length() + " characters)";
    }

    /** Longest reason printed, in characters. */
    static final int MAX_REASON = 1000;

    public ExitCode code() { return code; }

    /** Why a file could not be read, in words (no Java class names): "no such file", "is a directory", ... */
    public static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason().toLowerCase(java.util.Locale.ROOT);
        String m = e.getMessage() == null ? "read error" : e.getMessage();
        return m.isEmpty() ? m : m.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + m.substring(1); // "Is a directory"
    }

    public static CheckFailure rejected(String reason) { return new CheckFailure(ExitCode.REJECTED, reason); }
    public static CheckFailure malformed(String reason) { return new CheckFailure(ExitCode.MALFORMED, reason); }
    public static CheckFailure unsupported(String reason) { return new CheckFailure(ExitCode.UNSUPPORTED, reason); }
    public static CheckFailure resourceLimit(String reason) { return new CheckFailure(ExitCode.RESOURCE_LIMIT, reason); }
}
