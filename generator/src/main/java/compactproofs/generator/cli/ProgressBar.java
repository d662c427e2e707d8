package compactproofs.generator.cli;

import java.io.PrintStream;

/**
 * A one-line text progress bar on stderr with rate and ETA, redrawn at most ten times a second.
 * Silent when disabled (for example with {@code --quiet}) or when stderr is not a terminal.
 */
public final class ProgressBar {
    private final PrintStream out;
    private final String label;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long lastDraw;

    public ProgressBar(String label, boolean enabled) {
        this(System.err, label, enabled);
    }

    public ProgressBar(PrintStream out, String label, boolean enabled) {
        this.out = out; this.label = label; this.enabled = enabled && (out != System.err || System.console() != null);
    }

    /** Updates the bar; {@code note} is appended (may be empty). Thread-safe. */
    public synchronized void update(long done, long total, String note) {
        if (!enabled) return;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        double frac = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int width = 30, filled = (int) Math.round(frac * width);
        double elapsed = (now - start) / 1e9;
        String eta = frac > 0 && frac < 1 ? String.format(" ETA %s", time(elapsed / frac - elapsed)) : "";
        out.print(String.format("\r%s [%s%s] %3.0f%% %s%s %s   ", label, "#".repeat(filled), ".".repeat(width - filled),
                frac * 100, time(elapsed), eta, note == null ? "" : note));
        if (done >= total) out.println();
        out.flush();
    }

    private static String time(double s) {
        return s < 60 ? String.format("%.1fs", s) : String.format("%dm%02ds", (long) s / 60, (long) s % 60);
    }
}
