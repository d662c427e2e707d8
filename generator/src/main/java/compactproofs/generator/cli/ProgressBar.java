package compactproofs.generator.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Progress of one long step on stderr, in one of three forms:
 * <ul>
 *   <li>{@code bar}: a one-line bar with percentage, elapsed time, rate and time left, redrawn at most
 *       ten times a second (for a terminal);</li>
 *   <li>{@code lines}: a plain line at most every {@value #LINE_INTERVAL_SECONDS} seconds and one at the
 *       end (for batch logs, so they show life);</li>
 *   <li>{@code none}.</li>
 * </ul>
 * {@code auto} (the default) picks {@code bar} when stderr is a terminal and {@code lines} otherwise;
 * the environment variable {@code COMPACTPROOFS_PROGRESS} overrides the default. Whether stderr is a
 * terminal is read from {@code /proc/self/fd/2} where that exists ({@code System.console()} only says
 * whether stdin and stdout are, so {@code certify ... > log} would show nothing), else from
 * {@code System.console()}.
 *
 * <p>{@link #start()} adds a heartbeat, so that a step without progress callbacks (or with a slow one)
 * still shows its elapsed time; {@link #close()} ends it with a final line.
 */
public final class ProgressBar implements AutoCloseable {
    /** How progress is shown. */
    public enum Mode { AUTO, BAR, LINES, NONE;
        static Mode parse(String s) {
            for (Mode m : values()) if (m.name().equalsIgnoreCase(s.strip())) return m;
            return null;
        }
    }

    static final int LINE_INTERVAL_SECONDS = 5;

    private final PrintStream out;
    private final String label;
    private final Mode mode;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long lastDone = -1, lastTotal = 0;
    private String lastNote = "";
    private boolean finished;
    private Thread heartbeat;

    /** Progress on stderr: {@code auto} mode when enabled, none otherwise. */
    public ProgressBar(String label, boolean enabled) {
        this(System.err, label, enabled ? Mode.AUTO : Mode.NONE);
    }

    /** As before this class had modes: a bar on any stream but stderr; on stderr, {@code auto}. */
    public ProgressBar(PrintStream out, String label, boolean enabled) {
        this(out, label, !enabled ? Mode.NONE : out == System.err ? Mode.AUTO : Mode.BAR);
    }

    public ProgressBar(PrintStream out, String label, Mode mode) {
        this.out = out;
        this.label = label;
        this.mode = resolve(mode);
        // a bar draws at once; lines start after one interval, so a short step prints only its final line
        this.lastDraw = this.mode == Mode.BAR ? start - 1_000_000_000L : start;
    }

    /** The effective mode (never {@code AUTO}). */
    public Mode mode() { return mode; }

    /** {@code AUTO} resolved: the environment's choice, else bar on a terminal, else lines. */
    static Mode resolve(Mode m) {
        if (m != Mode.AUTO) return m;
        String env = System.getenv("COMPACTPROOFS_PROGRESS");
        Mode e = env == null ? null : Mode.parse(env);
        if (e != null && e != Mode.AUTO) return e;
        String term = System.getenv("TERM");
        if ("dumb".equals(term)) return Mode.LINES;
        return stderrIsTerminal() ? Mode.BAR : Mode.LINES;
    }

    /** Whether file descriptor 2 is a terminal. */
    static boolean stderrIsTerminal() {
        try {
            String t = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
        } catch (Exception | LinkageError e) {
            return System.console() != null;
        }
    }

    /** Starts a heartbeat (a daemon thread) that redraws the bar or prints a line while no updates come. */
    public synchronized ProgressBar start() {
        if (mode == Mode.NONE || heartbeat != null) return this;
        heartbeat = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(mode == Mode.BAR ? 500 : 1000);
                    tick();
                }
            } catch (InterruptedException ignored) {
                // closed
            }
        }, "progress " + label);
        heartbeat.setDaemon(true);
        heartbeat.start();
        return this;
    }

    private synchronized void tick() {
        if (finished) return;
        long now = System.nanoTime();
        long interval = mode == Mode.BAR ? 400_000_000L : LINE_INTERVAL_SECONDS * 1_000_000_000L;
        if (now - lastDraw >= interval) draw(now, false);
    }

    /** Updates the progress; {@code total <= 0} means unknown; {@code note} is appended (may be empty). Thread-safe. */
    public synchronized void update(long done, long total, String note) {
        if (mode == Mode.NONE || finished) return;
        lastDone = done; lastTotal = total; lastNote = note == null ? "" : note;
        boolean end = total > 0 && done >= total;
        long now = System.nanoTime();
        long interval = mode == Mode.BAR ? 100_000_000L : LINE_INTERVAL_SECONDS * 1_000_000_000L;
        if (!end && now - lastDraw < interval) return;
        draw(now, end);
        if (end) finished = true;
    }

    /** Stops the heartbeat and prints the final state (once). */
    @Override
    public void close() {
        Thread h;
        synchronized (this) { h = heartbeat; heartbeat = null; }
        if (h != null) { h.interrupt(); try { h.join(1000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } }
        synchronized (this) {
            if (mode == Mode.NONE || finished) return;
            finished = true;
            draw(System.nanoTime(), true);
        }
    }

    private void draw(long now, boolean end) {
        lastDraw = now;
        double elapsed = (now - start) / 1e9;
        boolean known = lastTotal > 0 && lastDone >= 0;
        double frac = known ? Math.min(1, (double) lastDone / lastTotal) : 0;
        String rate = known && elapsed > 0 && lastDone > 0 ? String.format(Locale.ROOT, " %s/s", number(lastDone / elapsed)) : "";
        String left = known && frac > 0 && frac < 1 ? " " + time(elapsed / frac - elapsed) + " left" : "";
        String note = lastNote.isEmpty() ? "" : " " + lastNote;
        if (mode == Mode.BAR) {
            String s;
            if (known) {
                int width = 30, filled = (int) Math.round(frac * width);
                s = String.format(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s%s%s%s   ", label, "#".repeat(filled), ".".repeat(width - filled),
                        frac * 100, time(elapsed), left, rate, note);
            } else {
                s = String.format(Locale.ROOT, "\r%s ... %s%s%s   ", label, time(elapsed), lastDone > 0 ? " " + lastDone + " done" : "", note);
            }
            out.print(s);
            if (end) out.println();
        } else {
            String s = known
                    ? String.format(Locale.ROOT, "%s: %3.0f%% (%d/%d) %s elapsed%s%s%s", label, frac * 100, lastDone, lastTotal, time(elapsed), left, rate, note)
                    : String.format(Locale.ROOT, "%s: %s %s%s%s", label, end ? "done after" : "running,", time(elapsed),
                            end ? "" : " elapsed", note);
            out.println(s);
        }
        out.flush();
    }

    private static String number(double x) {
        if (x >= 1e6) return String.format(Locale.ROOT, "%.1fM", x / 1e6);
        if (x >= 1e3) return String.format(Locale.ROOT, "%.1fk", x / 1e3);
        return String.format(Locale.ROOT, "%.1f", x);
    }

    static String time(double s) {
        if (s < 60) return String.format(Locale.ROOT, "%.1fs", s);
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", (long) s / 3600, (long) s % 3600 / 60);
    }
}
