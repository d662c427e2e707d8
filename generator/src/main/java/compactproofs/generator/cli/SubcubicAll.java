package compactproofs.generator.cli;

import com.google.gson.JsonObject;
import compactproofs.checker.io.Certificate;
import compactproofs.checker.io.LoadedModel;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.proof.Verdict;
import compactproofs.checker.proof.Verifier;
import compactproofs.checker.proof.VerifyOptions;
import compactproofs.checker.proof.subcubic.Variant;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.search.ProofSearch;
import compactproofs.generator.search.SubcubicDirections;
import compactproofs.generator.search.SubcubicSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code certify --strategy subcubic:all --out DIR}: one certificate per subcubic variant,
 * {@code DIR/<variant>.json}, sharing the direction search and path matrices, plus
 * {@code DIR/summary.tsv} (variant, groups, claimed count, self-check seconds, proof ops, effective dimension).
 */
final class SubcubicAll {
    private SubcubicAll() {}

    static int run(CertifyCommand cmd) throws Exception {
        LoadedModel m = CliError.loadModel(cmd.model);
        if (Files.exists(cmd.out) && !Files.isDirectory(cmd.out)) {
            System.err.println("--out " + cmd.out + " must be a directory for " + SubcubicSearch.ALL);
            return 2;
        }
        Files.createDirectories(cmd.out);
        JsonObject dirs = SubcubicDirections.of(m.weights());
        PathMatrices pm = PathMatrices.of(m.weights());
        StringBuilder tsv = new StringBuilder("variant\tcomplexity\tgroup\tcorrect_count\ttotal\tcheck_seconds\tproof_ops\teffective_dimension\n");
        int failures = 0;
        for (Variant v : Variant.all()) {
            long t0 = System.nanoTime();
            SubcubicSearch s = new SubcubicSearch(v).sharing(dirs, pm);
            ProofSearch.Result r = s.search(m.weights(), new ProofSearch.Options(cmd.threads, null));
            double secs = (System.nanoTime() - t0) / 1e9;
            JsonObject cert = CertificateWriter.build(m.sha256(), m.weights(), s.strategy(), r.correctCount(), r.hints(), secs);
            byte[] bytes = CertificateWriter.write(cmd.out.resolve(v.name() + ".json"), cert);
            String check = "-", ops = "-", ed = "-";
            if (!cmd.noSelfCheck) {
                Verdict vd = Verifier.verify(m.weights(), m.sha256(), Certificate.parse(bytes),
                        new VerifyOptions(cmd.threads, VerifyOptions.DEFAULT_MAX_INPUTS, null));
                if (!vd.verified()) { failures++; System.err.println("self-check FAILED for " + v.name() + ": " + vd.reason()); }
                check = String.format("%.3f", vd.seconds());
                ops = String.valueOf(vd.proofOps());
                ed = String.valueOf(vd.effectiveDimension());
            }
            tsv.append(v.name()).append('\t').append(v.complexityLabel()).append('\t').append(v.reportGroup()).append('\t')
                    .append(r.correctCount()).append('\t').append(cert.getAsJsonObject("claim").get("total").getAsString()).append('\t')
                    .append(check).append('\t').append(ops).append('\t').append(ed).append('\n');
            if (!cmd.quiet) System.err.printf("%s: %s (search %.2f s, check %s s)%n", v.name(), r.correctCount(), secs, check);
        }
        write(cmd.out.resolve("summary.tsv"), tsv.toString());
        return failures == 0 ? 0 : 1;
    }

    private static void write(Path p, String s) throws IOException {
        Files.write(p, s.getBytes(StandardCharsets.UTF_8));
    }
}
