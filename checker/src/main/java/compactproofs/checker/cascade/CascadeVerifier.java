package compactproofs.checker.cascade;

import compactproofs.checker.statement.InputClass;
import compactproofs.checker.statement.InputSpace;
import compactproofs.checker.Strategy;
import compactproofs.checker.StrategyResult;
import compactproofs.checker.VerifyOptions;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import compactproofs.checker.CheckFailure;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.model.PathMatrices;
import compactproofs.checker.model.Weights;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifier of the {@code cascade} strategy (Lemma K). Hint {@code enumerate}: the classes
 * {@code [q, m, c]} whose rest (the inputs the cubic stage does not prove) is enumerated. Each must be
 * a class (see {@link Cascade#isClass}) and none may repeat; the partition itself is not a hint but
 * is fixed by Lemma K, so a hint can only choose how much is enumerated.
 */
public final class CascadeVerifier implements Strategy {
    @Override
    public StrategyResult prove(Weights w, PathMatrices pm, Certificate cert, VerifyOptions opt) throws CheckFailure {
        int[] shard = shard(cert, opt);
        List<InputClass> classes = classes(cert, w);
        for (InputClass k : classes)
            if (!InputSpace.inShard(w.vocab, k, shard[0], shard[1]))
                throw CheckFailure.malformed("hints.enumerate lists [" + k.q() + ", " + k.m() + ", " + k.c() + "], which is not in shard " + shard[0] + "/" + shard[1]);
        BigInteger budget = BigInteger.ZERO;
        // a class's rest has at most C(n-1, c) m^c <= 2^(n-1) m^c inputs
        for (InputClass k : classes) budget = budget.add(BigInteger.valueOf(k.m()).pow(k.c()).shiftLeft(w.nCtx - 1));
        if (budget.compareTo(opt.maxInputs()) > 0)
            throw CheckFailure.resourceLimit("the listed classes hold up to " + budget + " inputs, over the limit of " + opt.maxInputs() + " (see --max-inputs)");
        Cascade.Result r;
        try {
            Cascade.Stage stage = Cascade.Stage.of(w, pm);
            int units = (int) classes.stream().filter(stage.cover()::hasRest).count();
            r = Cascade.run(pm, stage, classes, shard[0], shard[1], opt.threads(), opt.progress() == null ? null : done -> opt.progress().done(done, units));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CheckFailure.resourceLimit("interrupted");
        }
        long v = w.vocab, n = w.nCtx;
        String detail = (shard[1] > 1 ? "shard " + shard[0] + "/" + shard[1] + ": " : "") + "cubic stage " + r.cubicProved() + "; " + classes.size() + " classes enumerated: " + r.enumerated().enumerated()
                + " inputs, " + r.enumerated().proved() + " proved correct, " + r.enumerated().wrong() + " proved wrong, " + r.enumerated().unresolved() + " unresolved";
        boolean complete = r.everyRestEnumerated();
        return new StrategyResult(r.proved(), r.ops(), complete && shard[1] == 1, BigInteger.valueOf(3 * v * v + 2 * n * v), detail, complete);
    }

    /**
     * The shard {@code {index, count}} of hint {@code shard} ({@code {0, 1}} when absent); it must
     * match {@code --shard} when that is given.
     */
    static int[] shard(Certificate cert, VerifyOptions opt) throws CheckFailure {
        int[] s = {0, 1};
        if (cert.hints.has("shard")) {
            com.google.gson.JsonObject o = Certificate.object(cert.hints, "shard");
            for (String k : o.keySet())
                if (!k.equals("index") && !k.equals("count")) throw CheckFailure.malformed("unknown field in hints.shard");
            s[1] = Certificate.smallInt(o, "count", 1 << 20);
            s[0] = Certificate.smallInt(o, "index", 1 << 20);
            if (s[1] < 1 || s[0] >= s[1]) throw CheckFailure.malformed("hints.shard must have 0 <= index < count");
        }
        if (opt.shard() != null && (opt.shard()[0] != s[0] || opt.shard()[1] != s[1]))
            throw CheckFailure.rejected("the certificate is for shard " + s[0] + "/" + s[1] + ", not the requested " + opt.shard()[0] + "/" + opt.shard()[1]);
        return s;
    }

    static List<InputClass> classes(Certificate cert, Weights w) throws CheckFailure {
        for (String k : cert.hints.keySet())
            if (!k.equals("enumerate") && !k.equals("shard")) throw CheckFailure.malformed("unknown cascade hint \"" + (k.length() > 40 ? k.substring(0, 40) + "..." : k) + "\"");
        List<InputClass> out = new ArrayList<>();
        if (!cert.hints.has("enumerate")) return out;
        JsonArray a = Certificate.array(cert.hints, "enumerate");
        long maxClasses = (long) w.vocab * w.vocab * w.nCtx;
        if (a.size() > maxClasses) throw CheckFailure.malformed("hints.enumerate lists more classes (" + a.size() + ") than exist");
        Set<InputClass> seen = new HashSet<>();
        for (int i = 0; i < a.size(); i++) {
            JsonElement e = a.get(i);
            if (!e.isJsonArray() || e.getAsJsonArray().size() != 3) throw CheckFailure.malformed("hints.enumerate[" + i + "] must be [q, m, c]");
            JsonArray t = e.getAsJsonArray();
            int q = Certificate.smallInt(t.get(0), "hints.enumerate[" + i + "][0]", Integer.MAX_VALUE);
            int m = Certificate.smallInt(t.get(1), "hints.enumerate[" + i + "][1]", Integer.MAX_VALUE);
            int c = Certificate.smallInt(t.get(2), "hints.enumerate[" + i + "][2]", Integer.MAX_VALUE);
            if (!InputSpace.isClass(w.vocab, w.nCtx, new InputClass(q, m, c))) throw CheckFailure.malformed("hints.enumerate[" + i + "] = [" + q + ", " + m + ", " + c + "] is not a class");
            InputClass k = new InputClass(q, m, c);
            if (!seen.add(k)) throw CheckFailure.malformed("hints.enumerate lists [" + q + ", " + m + ", " + c + "] twice");
            out.add(k);
        }
        return out;
    }
}
