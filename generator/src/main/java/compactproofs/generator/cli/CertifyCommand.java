package compactproofs.generator.cli;

import com.google.gson.JsonObject;
import compactproofs.checker.io.Certificate;
import compactproofs.checker.io.LoadedModel;
import compactproofs.checker.proof.Verdict;
import compactproofs.checker.proof.Verifier;
import compactproofs.checker.proof.VerifyOptions;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.search.ProofSearch;
import compactproofs.generator.search.Strategies;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certify}: searches a proof with one strategy, self-checks it with the checker, writes the certificate. */
@Command(name = "certify", mixinStandardHelpOptions = true,
        description = "Search a proof of a lower bound on the model's accuracy and write it as a certificate.")
public final class CertifyCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "weights file (safetensors, TransformerLens names)")
    Path model;

    @Option(names = "--strategy", required = true, description = "proof strategy, e.g. brute-force")
    String strategy;

    @Option(names = "--out", required = true, description = "certificate file to write (a directory for subcubic:all)")
    Path out;

    @Option(names = "--threads", description = "worker threads (default: all processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-self-check", description = "skip verifying the certificate with the checker before writing it")
    boolean noSelfCheck;

    @Option(names = "--max-ops", description = "budget of counted operations, for strategies that trade proof length for tightness (cascade)")
    long maxOps = Long.MAX_VALUE;

    @Option(names = "--shard", description = "prove only shard I/N of the classes (cascade), e.g. 0/8; combine the N shard certificates with the checker's combine command")
    String shard = "0/1";

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (compactproofs.generator.search.SubcubicSearch.ALL.equals(strategy)) return SubcubicAll.run(this);
        ProofSearch search = Strategies.of(strategy);
        if (search == null) {
            System.err.println("unknown strategy \"" + strategy + "\"; known: " + String.join(", ", Strategies.names()));
            return 3;
        }
        if (!shard.matches("[0-9]{1,7}/[1-9][0-9]{0,6}") || Integer.parseInt(shard.split("/")[0]) >= Integer.parseInt(shard.split("/")[1])) {
            System.err.println("--shard needs I/N with I < N, e.g. 0/8");
            return 2;
        }
        int shardIndex = Integer.parseInt(shard.split("/")[0]), shardCount = Integer.parseInt(shard.split("/")[1]);
        if (shardCount > 1 && !strategy.equals("cascade")) {
            System.err.println("--shard is supported by the cascade strategy only");
            return 3;
        }
        LoadedModel m = CliError.loadModel(model);
        ProgressBar bar = new ProgressBar("certify " + strategy, !quiet);
        long t0 = System.nanoTime();
        ProofSearch.Result r = search.search(m.weights(), new ProofSearch.Options(threads, (d, t) -> bar.update(d, t, ""), maxOps, shardIndex, shardCount));
        double secs = (System.nanoTime() - t0) / 1e9;
        JsonObject cert = CertificateWriter.build(m.sha256(), m.weights(), search.strategy(), r.correctCount(), r.hints(), secs);
        byte[] bytes = CertificateWriter.write(out, cert);
        System.err.printf("wrote %s: claims %s of %s inputs correct (search %.2f s)%n", out, r.correctCount(),
                cert.getAsJsonObject("claim").get("total").getAsString(), secs);
        if (!noSelfCheck) {
            Verdict v = Verifier.verify(m.weights(), m.sha256(), Certificate.parse(bytes), new VerifyOptions(threads, VerifyOptions.DEFAULT_MAX_INPUTS, null));
            if (!v.verified()) {
                System.err.println("self-check FAILED: " + v.reason());
                return 1;
            }
            System.err.printf("self-check passed (%.2f s)%n", v.seconds());
        }
        return 0;
    }
}
