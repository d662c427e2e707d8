package compactproofs.benchmarks;

import compactproofs.checker.bruteforce.BruteForceVerifier;
import compactproofs.checker.bruteforce.Tally;
import java.util.List;
import compactproofs.checker.cubic.CubicVerifier;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.SoftmaxNumerators;
import compactproofs.checker.model.Weights;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Microbenchmarks of the checker's kernels on one model (default: the bundled Max-of-4, V = 64), each
 * single-threaded: the exact path matrices (exact matrix products), the softmax-numerator enclosures
 * (exp enclosures), the brute-force leaf loop over the inputs of one query token, and the cubic case
 * loop. Whole-process times are measured by {@code scripts/bench.sh}; results: docs/performance.md.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar} (from the repository root).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KernelBenchmarks {
    /** The weights file, relative to the working directory. */
    @Param("testdata/models/maxof4-v64-seed3.safetensors")
    public String model;

    private Weights w;
    private PathMatrices pm;
    private SoftmaxNumerators se;
    private BruteForceVerifier bf;

    @Setup
    public void load() throws Exception {
        w = SafetensorsReader.read(Path.of(model)).weights();
        pm = PathMatrices.of(w);
        se = new SoftmaxNumerators(pm, true);
        bf = new BruteForceVerifier(pm, se);
    }

    /** The five path matrices, exactly: products of exact dyadic matrices (SPEC §5). */
    @Benchmark
    public PathMatrices pathMatrices() {
        return PathMatrices.of(w);
    }

    /** Outward-rounded enclosures of every softmax numerator, 20 digits (Lemmas X, Q, S): separable's, cubic's fallback. */
    @Benchmark
    public SoftmaxNumerators softmaxEnclosures() {
        return new SoftmaxNumerators(pm);
    }

    /** Lemma XF's outer enclosures (Lemma DE in doubles, Lemma X's row where one is unusable): cubic's, brute force's. */
    @Benchmark
    public SoftmaxNumerators outerEnclosures() {
        return new SoftmaxNumerators(pm, true);
    }

    /** The brute-force tables and leaf loop for every input whose query token is the largest, V^(n-1) inputs (Lemma BF). */
    @Benchmark
    public Tally bruteForceOneQuery() throws InterruptedException {
        int v = pm.vocab, n = pm.nCtx;
        int[] all = new int[n - 1];
        for (int i = 0; i < n - 1; i++) all[i] = i;
        return bf.perQuery("benchmark", 1, List.of(v - 1), null, (pass, q) -> pass.enumerate(new int[n], all, v, null));
    }

    /** Every cubic case (Lemmas A, B, C), with the outer enclosures already computed (no Lemma XF inner pass). */
    @Benchmark
    public CubicVerifier.Result cubicCases() {
        return CubicVerifier.run(w, pm, se);
    }

    /** The whole cubic strategy as the checker runs it (Lemma XF: outer and inner enclosures, Lemma X's only on a near tie). */
    @Benchmark
    public CubicVerifier.Result cubicStrategy() {
        return CubicVerifier.run(w, pm);
    }
}
