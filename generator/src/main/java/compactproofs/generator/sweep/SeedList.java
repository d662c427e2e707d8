package compactproofs.generator.sweep;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Parses the {@code --seeds} option: a range {@code 1-20}, a list {@code 1,5,9}, a mix {@code 1-3,7}, or {@code paper}. */
public final class SeedList {
    private SeedList() {}

    /** Refuse ranges that would make a sweep of more models than anyone means to train. */
    public static final int MAX_SEEDS = 100_000;

    /**
     * The 151 seeds of the paper's Max-of-4 experiment (the {@code SEEDS} tuple of its
     * {@code gbmi/exp_max_of_n} package), in increasing order.
     */
    public static final long[] PAPER = {
        50, 104, 123, 519, 742, 913, 1185, 1283, 1412, 1490, 1681, 1696, 1895, 1951, 2236, 2306, 2345, 2549, 2743,
        2773, 3175, 3254, 3284, 4157, 4305, 4430, 4647, 4729, 4800, 4810, 5358, 5615, 5781, 5928, 6082, 6155, 6159,
        6204, 6532, 6549, 6589, 6910, 7098, 7238, 7310, 7467, 7790, 7884, 8048, 8299, 8721, 8745, 8840, 8893, 9132,
        9134, 9504, 9816, 10248, 11124, 11130, 11498, 11598, 11611, 12141, 12287, 12457, 12493, 12552, 12561, 13036,
        13293, 13468, 13654, 13716, 14095, 14929, 15043, 15399, 15622, 15662, 16069, 16149, 16197, 16284, 17080,
        17096, 17194, 17197, 18146, 18289, 18668, 19004, 19093, 19451, 19488, 19538, 19917, 20013, 20294, 20338,
        20415, 20539, 20751, 20754, 20976, 21317, 21598, 22261, 22286, 22401, 22545, 23241, 23367, 23447, 23633,
        23696, 24144, 24173, 24202, 24262, 24438, 24566, 25516, 26278, 26374, 26829, 26932, 27300, 27484, 27584,
        27671, 27714, 28090, 28716, 28778, 29022, 29052, 29110, 29195, 29565, 29725, 29726, 30371, 30463, 30684,
        30899, 31308, 32103, 32374, 32382,
    };

    /**
     * The seeds in the order given, duplicates removed.
     *
     * @throws IllegalArgumentException with a one-line reason when the text is not a seed list
     */
    public static List<Long> parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty seed list");
        Set<Long> seeds = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (p.equalsIgnoreCase("paper")) {
                for (long s : PAPER) seeds.add(s);
            } else if (p.matches("[0-9]{1,18}")) {
                seeds.add(Long.parseLong(p));
            } else if (p.matches("[0-9]{1,18}-[0-9]{1,18}")) {
                int dash = p.indexOf('-');
                long lo = Long.parseLong(p.substring(0, dash)), hi = Long.parseLong(p.substring(dash + 1));
                if (lo > hi) throw new IllegalArgumentException("seed range " + p + " is empty (start > end)");
                if (hi - lo >= MAX_SEEDS) throw new IllegalArgumentException("seed range " + p + " has more than " + MAX_SEEDS + " seeds");
                for (long s = lo; s <= hi; s++) seeds.add(s);
            } else {
                throw new IllegalArgumentException("bad seed list item \"" + (p.length() > 40 ? p.substring(0, 40) + "..." : p)
                        + "\" (expected N, A-B or paper, comma separated)");
            }
            if (seeds.size() > MAX_SEEDS) throw new IllegalArgumentException("more than " + MAX_SEEDS + " seeds");
        }
        return new ArrayList<>(seeds);
    }
}
