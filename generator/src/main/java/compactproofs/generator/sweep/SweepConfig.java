package compactproofs.generator.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * What one sweep does.
 *
 * @param nCtx            K
 * @param vocab           V
 * @param dModel          D (= d_head)
 * @param steps           training steps (the paper's 3000 unless changed)
 * @param seeds           model seeds, in order
 * @param strategies      strategy names, brute force (if present) first
 * @param out             output directory (models/, certificates/, results.csv)
 * @param jobs            (seed, strategy) pairs worked on at once
 * @param threadsPerJob   threads each job gives the search and the checker
 * @param checkerJar      the checker jar run in a separate process
 * @param checkerTimeout  seconds before a checker process is killed (0: none)
 */
public record SweepConfig(int nCtx, int vocab, int dModel, int steps, List<Long> seeds, List<String> strategies,
                          Path out, int jobs, int threadsPerJob, Path checkerJar, long checkerTimeout) {
    public Path resultsFile() { return out.resolve("results.csv"); }

    public Path modelFile(long seed) { return out.resolve("models").resolve("seed-" + seed + ".safetensors"); }

    public Path certificateFile(long seed, String strategy) {
        return out.resolve("certificates").resolve("seed-" + seed).resolve(fileName(strategy) + ".json");
    }

    /** A strategy name made safe as a file name on every OS ({@code subcubic:a/b} becomes {@code subcubic_a_b}). */
    public static String fileName(String strategy) {
        return strategy.replaceAll("[^A-Za-z0-9._+=-]", "_");
    }
}
