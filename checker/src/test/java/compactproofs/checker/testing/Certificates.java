package compactproofs.checker.testing;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.Checker;
import compactproofs.checker.Verdict;
import compactproofs.checker.VerifyOptions;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.Weights;
import compactproofs.checker.statement.InputClass;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates built in memory for any strategy (model hash {@link #SHA}), cascade hints, and their
 * verification by {@link Checker#verify}; shared by the brute-force, cascade and golden tests.
 */
public final class Certificates {
    private Certificates() {}

    public static final String SHA = "ab".repeat(32);

    public static List<InputClass> allClasses(int v, int n) {
        List<InputClass> all = new ArrayList<>();
        for (int m = 0; m < v; m++)
            for (int q = 0; q <= m; q++)
                for (int c = 0; c < n; c++) if (InputClass.isClass(v, n, new InputClass(q, m, c))) all.add(new InputClass(q, m, c));
        return all;
    }

    public static String cert(Weights w, String strategy, BigInteger count, String hints) {
        BigInteger total = BigInteger.valueOf(w.vocab).pow(w.nCtx);
        return "{\"format\":\"compact-proofs/max-of-k-certificate\",\"format_version\":1,\"model\":{\"sha256\":\"" + SHA
                + "\",\"vocab\":" + w.vocab + ",\"n_ctx\":" + w.nCtx + ",\"d_model\":" + w.dModel + ",\"d_head\":" + w.dHead
                + "},\"strategy\":\"" + strategy + "\",\"claim\":{\"correct_count\":\"" + count + "\",\"total\":\"" + total
                + "\",\"accuracy\":\"" + count + "/" + total + "\"},\"hints\":" + hints + "}";
    }

    public static String hints(List<InputClass> ks) {
        StringBuilder b = new StringBuilder("{\"enumerate\":[");
        for (int i = 0; i < ks.size(); i++) {
            InputClass k = ks.get(i);
            b.append(i == 0 ? "" : ",").append('[').append(k.q()).append(',').append(k.m()).append(',').append(k.c()).append(']');
        }
        return b.append("]}").toString();
    }

    /** Verifies the certificate {@link #cert} builds, with the given threads and input limit. */
    public static Verdict verify(Weights w, String strategy, BigInteger count, String hints, int threads, BigInteger maxInputs) throws CheckFailure {
        return Checker.verify(w, SHA, Certificate.parse(cert(w, strategy, count, hints).getBytes(StandardCharsets.UTF_8)),
                new VerifyOptions(threads, maxInputs, null));
    }

    public static Verdict verify(Weights w, String json) throws CheckFailure {
        return Checker.verify(w, SHA, Certificate.parse(json.getBytes(StandardCharsets.UTF_8)), VerifyOptions.defaults());
    }
}
