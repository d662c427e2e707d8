package compactproofs.checker.cli;

import compactproofs.checker.VerifyOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Progress on stderr: a bar with rate and time left redrawn on a terminal, otherwise a line every 5 s. */
final class ProgressPrinter implements VerifyOptions.Progress {
    private final PrintStream err;
    private final boolean terminal = stderrIsTerminal();
    private final long start = System.nanoTime();
    private long last = start;
    private boolean open;

    ProgressPrinter(PrintStream err) { this.err = err; }

    @Override
    public synchronized void done(int done, int total) {
        long now = System.nanoTime();
        if (done < total && now - last < (terminal ? 200_000_000L : 5_000_000_000L)) return;
        last = now;
        double s = (now - start) / 1e9, rate = done / Math.max(s, 1e-9);
        int bar = total <= 0 ? 20 : (int) (20L * done / total); // in [0, 20]: done <= total
        String line = String.format("verifying [%s%s] %d/%d work units, %.1f/s, %s left", "#".repeat(bar), ".".repeat(20 - bar),
                done, total, rate, done == 0 ? "?" : String.format("%.0f s", (total - done) / rate));
        err.print(terminal ? "\r" + line + "\u001b[K" : line + "\n"); // [K: erase the rest of a longer previous line
        open = terminal;
        err.flush();
    }

    /** Ends a redrawn bar's line. */
    synchronized void finish() {
        if (open) err.println();
        open = false;
    }

    /** Whether stderr is a terminal (Linux: fd 2 is a tty device; elsewhere: the JVM has a console). */
    private static boolean stderrIsTerminal() {
        try {
            String t = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return System.console() != null;
        }
    }
}
