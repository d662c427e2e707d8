package compactproofs.generator.cli;

import com.google.gson.JsonObject;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.io.AtomicFiles;
import compactproofs.generator.search.ProofSearch;
import compactproofs.generator.search.SeparableSearch;
import compactproofs.generator.search.Strategies;
import compactproofs.generator.search.SubcubicSearch;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code certify}: searches a proof with one strategy, self-checks it with the checker, and only then
 * writes the certificate (atomically); the output path is checked before the search starts.
 */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = {"Search a proof of a lower bound on the model's accuracy, check it with the checker, and write it as a certificate.",
                "--out is checked before the search; the certificate is written (atomically) only if the self-check passes. "
                + "'generator strategies' lists every strategy."})
public final class CertifyCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "weights file (safetensors, TransformerLens names)")
    Path model;

    @Option(names = "--strategy", required = true, paramLabel = "NAME", description = "proof strategy, e.g. cubic; see 'generator strategies'")
    String strategy;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "certificate file to write (a directory for subcubic:all)")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-self-check", description = "skip verifying the certificate with the checker before writing it")
    boolean noSelfCheck;

    @Option(names = "--max-ops", paramLabel = "N", description = "budget of counted operations, for strategies that trade proof length for tightness (cascade, separable)")
    Long maxOps;

    @Option(names = "--exact", description = "cascade: enumerate the rest of every class, also those where every input is wrong; separable: enumerate "
            + "the inputs failing a test and decide them as brute force does; either way the checker proves the exact count (verdict \"exact\")")
    boolean exact;

    @Option(names = "--resolution", paramLabel = "N", description = "separable: grid resolution of the counting (default "
            + SeparableSearch.DEFAULT_RESOLUTION + "; with --max-ops, the largest power of two that fits)")
    Integer resolution;

    @Option(names = "--split-logits", paramLabel = "K", description = "separable: per query and max token, test up to K wrong logits alone (default "
            + SeparableSearch.DEFAULT_SPLIT + ")")
    Integer splitLogits;

    @Option(names = "--shard", paramLabel = "I/N", description = "prove only shard I/N of the classes (cascade), e.g. 0/8; combine the N shard certificates with the checker's combine command")
    String shard = "0/1";

    /** Test hook: claims this many more correct inputs than proved, so the self-check must fail. */
    @Option(names = "--test-inflate-claim", hidden = true)
    long testInflateClaim;

    @Mixin ProgressOption progress = new ProgressOption();

    @Override
    public Integer call() throws Exception {
        // up-front checks: nothing is loaded, searched or written before these pass
        CliError.atLeast("certify", "--threads", threads, 1);
        ProgressBar.Mode mode = progress.mode("certify");
        boolean all = SubcubicSearch.ALL.equals(strategy);
        ProofSearch search = all ? null : Strategies.of(strategy);
        if (!all && search == null)
            throw new CliError(ExitCodes.UNSUPPORTED, "certify: unknown strategy \"" + strategy + "\"; known: "
                    + String.join(", ", Strategies.names()) + " ('generator strategies' lists all)");
        if (!shard.matches("[0-9]{1,7}/[1-9][0-9]{0,6}") || Integer.parseInt(shard.split("/")[0]) >= Integer.parseInt(shard.split("/")[1]))
            throw CliError.usage("certify: --shard needs I/N with I < N, e.g. 0/8, got \"" + shard + "\"");
        int shardIndex = Integer.parseInt(shard.split("/")[0]), shardCount = Integer.parseInt(shard.split("/")[1]);
        if (shardCount > 1 && !strategy.equals("cascade"))
            throw new CliError(ExitCodes.UNSUPPORTED, "certify: --shard is supported by the cascade strategy only, not " + strategy);
        if (maxOps != null) {
            CliError.atLeast("certify", "--max-ops", maxOps, 1);
            if (!strategy.equals("cascade") && !strategy.equals("separable"))
                throw new CliError(ExitCodes.UNSUPPORTED, "certify: --max-ops applies to the cascade and separable strategies only, not " + strategy);
        }
        if ((resolution != null || splitLogits != null) && !strategy.equals("separable"))
            throw new CliError(ExitCodes.UNSUPPORTED, "certify: --resolution and --split-logits apply to the separable strategy only, not " + strategy);
        if (resolution != null) CliError.atLeast("certify", "--resolution", resolution, 1);
        if (resolution != null && resolution > compactproofs.checker.separable.SeparableVerifier.MAX_RESOLUTION)
            throw CliError.usage("certify: --resolution must be at most " + compactproofs.checker.separable.SeparableVerifier.MAX_RESOLUTION);
        if (splitLogits != null) CliError.atLeast("certify", "--split-logits", splitLogits, 0);
        if (exact && !strategy.equals("cascade") && !strategy.equals("separable"))
            throw new CliError(ExitCodes.UNSUPPORTED, "certify: --exact applies to the cascade and separable strategies only, not " + strategy);
        if (exact && maxOps != null) throw CliError.usage("certify: --exact and --max-ops exclude each other");
        if (all) OutputPaths.requireWritableDirectory("certify", "--out", out);
        else OutputPaths.requireWritableFile("certify", "--out", out);
        LoadedModel m = CliError.loadModel("certify", model);
        if (all) return SubcubicAll.run(this, m);

        long t0 = System.nanoTime();
        ProofSearch.Result r;
        try (ProgressBar bar = new ProgressBar(System.err, "certify " + strategy, mode).start()) {
            r = search.search(m.weights(), new ProofSearch.Options(threads, (d, t) -> bar.update(d, t, ""),
                    maxOps == null ? Long.MAX_VALUE : maxOps, shardIndex, shardCount, exact,
                    resolution == null ? 0 : resolution, splitLogits == null ? -1 : splitLogits));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        JsonObject cert = CertificateWriter.build(m.sha256(), m.weights(), search.strategy(),
                r.correctCount().add(java.math.BigInteger.valueOf(testInflateClaim)), r.hints(), secs);
        byte[] bytes = CertificateWriter.bytes(cert);
        String total = cert.getAsJsonObject("claim").get("total").getAsString();
        System.err.printf("certify: search done: claims %s of %s inputs correct (%.2f s)%n", r.correctCount(), total, secs);
        if (!noSelfCheck) {
            Verdict v = selfCheck(m, bytes, threads, "self-check " + strategy, mode);
            if (!v.verified()) {
                System.err.println("certify: self-check FAILED, nothing written: " + v.reason());
                return ExitCodes.FAILED;
            }
            System.err.printf("certify: self-check passed (%.2f s)%n", v.seconds());
        }
        AtomicFiles.write(out, bytes);
        System.err.println("certify: wrote " + out);
        return ExitCodes.OK;
    }

    /** Verifies the certificate bytes in-process with the checker, with progress. */
    static Verdict selfCheck(LoadedModel m, byte[] bytes, int threads, String label, ProgressBar.Mode mode) throws Exception {
        Certificate c = Certificate.parse(bytes);
        // the checker reports finished work units and their total (brute force: query tokens; cascade:
        // classes); other strategies report none (the heartbeat shows time)
        try (ProgressBar bar = new ProgressBar(System.err, label, mode).start()) {
            return Checker.verify(m.weights(), m.sha256(), c,
                    new VerifyOptions(threads, VerifyOptions.DEFAULT_MAX_INPUTS, (done, total) -> bar.update(done, total, "")));
        }
    }
}
