package compactproofs.generator.sweep;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sweep's {@code results.csv} (RFC 4180 quoting, one row per line, header first).
 *
 * <p>Crash safety: every row is appended with a single write of one whole line followed by a flush to
 * the file system, under a lock, so a killed sweep leaves a valid file or, at worst, a last line without
 * its newline. {@link #open} drops such a partial last line before appending, and {@link #read} ignores it.
 */
public final class ResultsCsv implements AutoCloseable {
    private final FileChannel channel;

    private ResultsCsv(FileChannel channel) { this.channel = channel; }

    /**
     * Opens the file for appending: creates it with the header if absent or empty, else checks the header
     * and cuts off a partial last line left by a kill.
     *
     * @throws IOException if the file cannot be written or has another header
     */
    public static ResultsCsv open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            if (size > 0) {
                byte[] all = Files.readAllBytes(file);
                int end = all.length;
                while (end > 0 && all[end - 1] != '\n') end--;
                if (end == 0) {
                    ch.truncate(0); // only a partial header was written before a kill
                    size = 0;
                } else {
                    String first = new String(all, 0, indexOf(all, (byte) '\n'), StandardCharsets.UTF_8);
                    List<String> header = parseLine(first.strip());
                    if (header.equals(ResultRow.LEGACY_HEADER)) throw legacy(file);
                    if (!header.equals(ResultRow.HEADER))
                        throw new IOException(file + " is not a sweep results file (its first line is not the expected header)");
                    if (end < all.length) ch.truncate(end);
                }
            }
            ch.position(ch.size());
            ResultsCsv csv = new ResultsCsv(ch);
            if (size == 0) csv.writeLine(String.join(",", ResultRow.HEADER));
            return csv;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Appends one row atomically (one write, then flushed to the device). Thread-safe. */
    public synchronized void append(ResultRow row) throws IOException {
        writeLine(format(row.fields()));
    }

    private void writeLine(String line) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) channel.write(buf);
        channel.force(false);
    }

    @Override public synchronized void close() throws IOException { channel.close(); }

    /** The refusal to append to a results file of an older generator (no configuration columns). */
    static SweepConfigException legacy(Path file) {
        return new SweepConfigException(file + " was written by an older generator: it has no configuration columns ("
                + String.join(", ", RunConfig.HEADER) + "), so rows of this run could not be told apart from its rows; "
                + "sweep into a new --out directory (generator report still reads the old file)");
    }

    /** Whether the file exists and its header is the one of an older generator (no configuration columns). */
    public static boolean isLegacy(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return false;
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        if (nl < 0) return false;
        return parseLine(text.substring(0, nl).strip()).equals(ResultRow.LEGACY_HEADER);
    }

    /**
     * Reads every complete row (a last line without newline is ignored). A missing file has no rows.
     * A file of an older generator (header {@link ResultRow#LEGACY_HEADER}) is read too, its rows with an
     * unknown configuration.
     *
     * @throws IOException if the file cannot be read or a complete line is not a valid row
     */
    public static List<ResultRow> read(Path file) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        if (!Files.exists(file)) return rows;
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) return rows;
        String[] lines = text.substring(0, end).split("\n", -1);
        List<String> header = parseLine(lines[0].strip());
        boolean legacy = header.equals(ResultRow.LEGACY_HEADER);
        if (!legacy && !header.equals(ResultRow.HEADER))
            throw new IOException(file + ": first line is not the results header " + String.join(",", ResultRow.HEADER));
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty()) continue;
            try {
                rows.add(legacy ? ResultRow.ofLegacy(parseLine(line)) : ResultRow.of(parseLine(line)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return rows;
    }

    /** The last row of every (seed, strategy) pair, in order of first appearance. */
    public static List<ResultRow> latest(List<ResultRow> rows) {
        Map<String, ResultRow> m = new LinkedHashMap<>();
        for (ResultRow r : rows) m.put(r.key(), r);
        return new ArrayList<>(m.values());
    }

    /** One CSV line; fields holding a comma, quote or space at an end are quoted. */
    static String format(List<String> fields) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) s.append(',');
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || !f.equals(f.strip())) s.append('"').append(f.replace("\"", "\"\"")).append('"');
            else s.append(f);
        }
        return s.toString();
    }

    /**
     * Splits one CSV line.
     *
     * @throws IllegalArgumentException on an unterminated quote or text after a closing quote
     */
    static List<String> parseLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0, n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) throw new IllegalArgumentException("unterminated quoted field");
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') { cur.append('"'); i++; } else break;
                    } else cur.append(c);
                }
                if (i < n && line.charAt(i) != ',') throw new IllegalArgumentException("text after a closing quote");
            } else {
                while (i < n && line.charAt(i) != ',') cur.append(line.charAt(i++));
            }
            out.add(cur.toString());
            cur.setLength(0);
            if (i >= n) return out;
            i++; // the comma
        }
    }

    private static int indexOf(byte[] a, byte b) {
        for (int i = 0; i < a.length; i++) if (a[i] == b) return i;
        return a.length;
    }
}
