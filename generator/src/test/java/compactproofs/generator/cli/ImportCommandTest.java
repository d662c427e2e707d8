package compactproofs.generator.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.checker.format.Certificate;
import compactproofs.checker.format.SafetensorsReader.LoadedModel;
import compactproofs.checker.format.SafetensorsReader;
import compactproofs.checker.Verdict;
import compactproofs.checker.Checker;
import compactproofs.checker.VerifyOptions;
import compactproofs.generator.io.TransformerLensImport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generator import}: TransformerLens state dict + config into one weights file the checker reads (SPEC §2). */
class ImportCommandTest {
    static final Path TESTDATA = Path.of("../testdata");
    static final Path TINY = TESTDATA.resolve("models/tiny-v8-n3.safetensors");
    static final Path TL = TESTDATA.resolve("transformer-lens");
    static final Path CONFIG = TL.resolve("tiny-v8-n3.config.json");

    @TempDir Path dir;

    record Run(int code, String err) {}

    static Run run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setErr(err);
        int code;
        try {
            var cl = GeneratorMain.commandLine();
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            System.setErr(old);
        }
        return new Run(code, buf.toString(StandardCharsets.UTF_8));
    }

    Run importWith(Path stateDict, Path config, Path out) {
        return run("import", "--state-dict", stateDict.toString(), "--config", config.toString(), "--out", out.toString());
    }

    /** The bundled config with one edit, written to the temporary directory. */
    Path config(Consumer<JsonObject> edit) throws Exception {
        JsonObject c = JsonParser.parseString(Files.readString(CONFIG)).getAsJsonObject();
        edit.accept(c);
        Path p = dir.resolve("cfg-" + System.nanoTime() + ".json");
        Files.writeString(p, c.toString());
        return p;
    }

    /** The tiny model's file with its tensor names mapped (header rewritten, data unchanged). */
    Path renamed(UnaryOperator<String> rename) throws Exception {
        byte[] b = Files.readAllBytes(TINY);
        int n = (int) ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject h = JsonParser.parseString(new String(b, 8, n, StandardCharsets.UTF_8)).getAsJsonObject(), out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : h.entrySet())
            out.add(e.getKey().equals("__metadata__") ? e.getKey() : rename.apply(e.getKey()), e.getValue());
        byte[] hb = out.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer f = ByteBuffer.allocate(8 + hb.length + b.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        f.putLong(hb.length).put(hb).put(b, 8 + n, b.length - 8 - n);
        Path p = dir.resolve("sd-" + System.nanoTime() + ".safetensors");
        Files.write(p, f.array());
        return p;
    }

    static void oneLine(Run r, int code, String reason) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(reason), () -> "stderr \"" + r.err() + "\" lacks \"" + reason + "\"");
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test void defaultConfigImportedAndTheBundledCertificateVerifies() throws Exception {
        Path out = dir.resolve("m.safetensors");
        Run r = importWith(TINY, CONFIG, out);
        oneLine(r, 0, "TransformerLens config checked");
        // deterministic: the bundled imported file is exactly what import writes
        assertArrayEquals(Files.readAllBytes(TL.resolve("tiny-v8-n3.tl.safetensors")), Files.readAllBytes(out));
        LoadedModel m = SafetensorsReader.read(out), orig = SafetensorsReader.read(TINY);
        for (int i = 0; i < 8; i++) assertArrayEquals(orig.weights().wE[i], m.weights().wE[i]);
        assertEquals(orig.metadata().get("seed"), m.metadata().get("seed"));
        JsonObject cfg = JsonParser.parseString(m.metadata().get(TransformerLensImport.CONFIG_KEY)).getAsJsonObject();
        assertTrue(cfg.get("normalization_type").isJsonNull(), "nulls are kept");
        assertEquals("2.8284271247461903", cfg.get("attn_scale").getAsString(), "numbers as written");
        Verdict v = Checker.verify(m.weights(), m.sha256(),
                Certificate.parse(Files.readAllBytes(TL.resolve("tiny-v8-n3.tl.brute-force.json"))), VerifyOptions.defaults());
        assertTrue(v.verified(), v.reason());
    }

    @Test void lnPreRefusedNamingTheSettingAndNothingWritten() throws Exception {
        Path out = dir.resolve("m.safetensors");
        oneLine(importWith(TINY, TL.resolve("tiny-v8-n3.lnpre.config.json"), out), 3,
                "import: TransformerLens config normalization_type = \"LNPre\" changes the model");
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "no temporary file left");
        }
    }

    @Test void everyFunctionChangingSettingRefused() throws Exception {
        Path out = dir.resolve("m.safetensors");
        oneLine(importWith(TINY, config(c -> c.addProperty("positional_embedding_type", "shortformer")), out), 3,
                "positional_embedding_type = \"shortformer\"");
        oneLine(importWith(TINY, config(c -> c.addProperty("attn_scale", 1.0)), out), 3, "attn_scale = 1.0");
        oneLine(importWith(TINY, config(c -> c.addProperty("use_attn_scale", false)), out), 3, "use_attn_scale = false");
        oneLine(importWith(TINY, config(c -> c.addProperty("attn_only", false)), out), 3, "attn_only = false");
        oneLine(importWith(TINY, config(c -> c.addProperty("n_layers", 2)), out), 3, "n_layers = 2");
        oneLine(importWith(TINY, config(c -> c.addProperty("n_heads", 2)), out), 3, "n_heads = 2");
        oneLine(importWith(TINY, config(c -> c.addProperty("normalization_type", "LN")), out), 3, "normalization_type = \"LN\"");
        oneLine(importWith(TINY, config(c -> c.addProperty("final_rms", true)), out), 3, "final_rms = true");
        oneLine(importWith(TINY, config(c -> c.addProperty("d_model", 32)), out), 2, "d_model = 32 does not match the tensors");
        assertFalse(Files.exists(out));
    }

    @Test void torchCompilePrefixesStripped() throws Exception {
        Path out = dir.resolve("m.safetensors");
        Run r = importWith(renamed(n -> TransformerLensImport.COMPILE_PREFIX + n), CONFIG, out);
        oneLine(r, 0, "_orig_mod. stripped from 14 tensor names");
        assertArrayEquals(Files.readAllBytes(TL.resolve("tiny-v8-n3.tl.safetensors")), Files.readAllBytes(out));
        // the checker itself names the prefix
        Run c = run("certify", "--strategy", "cubic", "--model", renamed(n -> "_orig_mod." + n).toString(),
                "--out", dir.resolve("c.json").toString());
        assertEquals(3, c.code(), c.err());
        assertTrue(c.err().contains("torch.compile's _orig_mod. prefix"), c.err());
    }

    @Test void plainPyTorchNamesRefusedWithTheExpectedNames() throws Exception {
        Path sd = renamed(n -> n.equals("embed.W_E") ? "embed.weight" : n);
        oneLine(importWith(sd, CONFIG, dir.resolve("m.safetensors")), 3,
                "tensor embed.weight is not a TransformerLens state-dict name; expected embed.W_E, pos_embed.W_pos, "
                        + "blocks.0.attn.W_Q, blocks.0.attn.W_K, blocks.0.attn.W_V, blocks.0.attn.W_O, unembed.W_U");
        // two names that become one once the prefix is gone
        Path twice = renamed(n -> n.equals("unembed.W_U") ? "_orig_mod.embed.W_E" : n);
        oneLine(importWith(twice, CONFIG, dir.resolve("m.safetensors")), 2, "tensor embed.W_E twice");
    }

    @Test void badFilesGiveOneLineAndExitCode2() throws Exception {
        Path out = dir.resolve("m.safetensors");
        oneLine(importWith(dir.resolve("nope.safetensors"), CONFIG, out), 2, "cannot read " + dir.resolve("nope.safetensors") + ": no such file");
        oneLine(importWith(TINY, dir.resolve("nope.json"), out), 2, "no such file");
        Path text = dir.resolve("cfg.txt");
        Files.writeString(text, "n_layers = 1\n");
        oneLine(importWith(TINY, text, out), 2, "TransformerLens config is not valid JSON");
        Files.writeString(text, "[1, 2]");
        oneLine(importWith(TINY, text, out), 2, "TransformerLens config is not a JSON object");
        Files.writeString(text, "{\"n_layers\": 1, \"eps\": NaN}");
        oneLine(importWith(TINY, text, out), 2, "not valid JSON");
        // the config passed as the state dict
        oneLine(importWith(CONFIG, CONFIG, out), 2, "state dict is not a safetensors file");
        oneLine(importWith(TINY, CONFIG, dir), 2, "is a directory");
        oneLine(importWith(TINY, CONFIG, dir.resolve("no/such/dir/m.safetensors")), 5, "cannot write");
        assertFalse(Files.exists(out));
        Run help = run("import", "--help");
        assertEquals(0, help.code());
    }
}
