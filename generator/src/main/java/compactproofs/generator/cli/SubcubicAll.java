package compactproofs.generator.cli;

import com.google.gson.JsonObject;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.subcubic.Variant;
import compactproofs.generator.sweep.Groups;
import compactproofs.generator.cert.CertificateWriter;
import compactproofs.generator.io.AtomicFiles;
import compactproofs.generator.search.ProofSearch;
import compactproofs.generator.search.SubcubicDirections;
import compactproofs.generator.search.SubcubicSearch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * {@code certify --strategy subcubic:all --out DIR}: one certificate per subcubic variant,
 * {@code DIR/<variant>.json}, sharing the direction search and path matrices, plus
 * {@code DIR/summary.tsv} (variant, groups, claimed count, self-check seconds, proof ops, effective dimension).
 */
final class SubcubicAll {
    private SubcubicAll() {}

    /** Runs all 100 variants; {@code cmd.out} was checked up front (a directory or creatable as one). */
    static int run(CertifyCommand cmd, LoadedModel m) throws Exception {
        Files.createDirectories(cmd.out);
        ProgressBar.Mode mode = cmd.progress.mode("certify");
        JsonObject dirs = SubcubicDirections.of(m.weights());
        PathMatrices pm = PathMatrices.of(m.weights());
        StringBuilder tsv = new StringBuilder("variant\tcomplexity\tgroup\tcorrect_count\ttotal\tcheck_seconds\tproof_ops\teffective_dimension\n");
        int failures = 0, done = 0, total = Variant.all().size();
        try (ProgressBar bar = new ProgressBar(System.err, "certify " + SubcubicSearch.ALL, mode).start()) {
            for (Variant v : Variant.all()) {
                long t0 = System.nanoTime();
                SubcubicSearch s = new SubcubicSearch(v).sharing(dirs, pm);
                ProofSearch.Result r = s.search(m.weights(), new ProofSearch.Options(cmd.threads, null));
                double secs = (System.nanoTime() - t0) / 1e9;
                JsonObject cert = CertificateWriter.build(m.sha256(), m.weights(), s.strategy(), r.correctCount(), r.hints(), secs);
                byte[] bytes = CertificateWriter.bytes(cert);
                String check = "-", ops = "-", ed = "-";
                boolean ok = true;
                if (!cmd.noSelfCheck) {
                    Verdict vd = Checker.verify(m.weights(), m.sha256(), Certificate.parse(bytes),
                            new VerifyOptions(cmd.threads, VerifyOptions.DEFAULT_MAX_INPUTS, null));
                    ok = vd.verified();
                    if (!ok) { failures++; System.err.println("certify: self-check FAILED for " + v.name() + ", not written: " + vd.reason()); }
                    check = String.format("%.3f", vd.seconds());
                    ops = String.valueOf(vd.proofOps());
                    ed = String.valueOf(vd.effectiveDimension());
                }
                // only a certificate that passed its self-check is written
                if (ok) AtomicFiles.write(cmd.out.resolve(v.name() + ".json"), bytes);
                tsv.append(v.name()).append('\t').append(Groups.complexityLabel(v)).append('\t').append(Groups.reportGroup(v)).append('\t')
                        .append(r.correctCount()).append('\t').append(cert.getAsJsonObject("claim").get("total").getAsString()).append('\t')
                        .append(check).append('\t').append(ops).append('\t').append(ed).append('\n');
                bar.update(++done, total, v.name() + ": " + r.correctCount());
            }
        }
        AtomicFiles.write(cmd.out.resolve("summary.tsv"), tsv.toString().getBytes(StandardCharsets.UTF_8));
        System.err.printf("certify: wrote %d certificates and summary.tsv to %s%s%n", total - failures, cmd.out,
                failures == 0 ? "" : "; " + failures + " failed their self-check and were not written");
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
