package compactproofs.generator.sweep;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code OUT/sweep.json}: the configuration a sweep directory was made with, written when the directory
 * is created. A later run into the same directory must have the same configuration (K, V, d_model,
 * d_head, training steps and batch, generator and checker versions); seeds and strategies may differ,
 * since adding seeds or strategies is what resuming is for.
 */
public final class SweepManifest {
    private SweepManifest() {}

    /** The file name inside the sweep directory. */
    public static final String FILE = "sweep.json";

    /** Settings that must match, in file order, with the option or name used in messages. */
    static final Map<String, String> SETTINGS = new LinkedHashMap<>();
    static {
        SETTINGS.put("k", "--k");
        SETTINGS.put("vocab", "--vocab");
        SETTINGS.put("d_model", "--d-model");
        SETTINGS.put("d_head", "d_head");
        SETTINGS.put("steps", "--steps");
        SETTINGS.put("batch", "training batch");
        SETTINGS.put("generator_version", "generator version");
        SETTINGS.put("checker_version", "checker version");
    }

    /** The settings of a run: K, V, D (= d_head), steps, batch 128, the two versions. */
    public static Map<String, String> settings(SweepConfig cfg, int batch, String generatorVersion, String checkerVersion) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("k", Integer.toString(cfg.nCtx()));
        m.put("vocab", Integer.toString(cfg.vocab()));
        m.put("d_model", Integer.toString(cfg.dModel()));
        m.put("d_head", Integer.toString(cfg.dModel()));
        m.put("steps", Integer.toString(cfg.steps()));
        m.put("batch", Integer.toString(batch));
        m.put("generator_version", generatorVersion);
        m.put("checker_version", checkerVersion);
        return m;
    }

    /**
     * Checks that the directory may be extended with these settings and records them: writes
     * {@code sweep.json} if absent (after checking existing rows of {@code results.csv} when a manifest
     * was lost), else compares.
     *
     * @throws SweepConfigException if a setting differs (the message names each one and both values), or
     *                              results.csv is of an older generator
     * @throws IOException          if the manifest cannot be read or written
     */
    public static void checkOrCreate(Path dir, Path resultsFile, Map<String, String> settings) throws IOException {
        Path file = dir.resolve(FILE);
        if (ResultsCsv.isLegacy(resultsFile)) throw ResultsCsv.legacy(resultsFile);
        if (Files.exists(file)) {
            Map<String, String> recorded = read(file);
            List<String> diffs = new ArrayList<>();
            for (Map.Entry<String, String> e : settings.entrySet()) {
                String was = recorded.get(e.getKey());
                if (!e.getValue().equals(was))
                    diffs.add(SETTINGS.getOrDefault(e.getKey(), e.getKey()) + ": directory made with " + (was == null ? "(not recorded)" : quote(was))
                            + ", this run has " + quote(e.getValue()));
            }
            if (!diffs.isEmpty()) throw mismatch(dir, diffs);
            return;
        }
        // no manifest: rows already written (manifest deleted) must still match
        List<String> diffs = new ArrayList<>();
        for (ResultRow r : ResultsCsv.read(resultsFile)) {
            List<String> have = r.config().fields();
            String[] keys = {"k", "vocab", "d_model", "d_head", "steps", null, "generator_version", "checker_version"};
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == null || have.get(i).isEmpty() || have.get(i).equals(settings.get(keys[i]))) continue;
                String d = SETTINGS.get(keys[i]) + ": directory has rows made with " + quote(have.get(i)) + ", this run has " + quote(settings.get(keys[i]));
                if (!diffs.contains(d)) diffs.add(d);
            }
        }
        if (!diffs.isEmpty()) throw mismatch(dir, diffs);
        write(file, settings);
    }

    private static SweepConfigException mismatch(Path dir, List<String> diffs) {
        return new SweepConfigException("sweep directory " + dir + " was made with another configuration (" + String.join("; ", diffs)
                + "); use the same settings to extend it, or a new --out directory");
    }

    private static String quote(String s) {
        return s.matches("[0-9]+") ? s : "\"" + s + "\"";
    }

    /** The recorded settings (values as text). */
    public static Map<String, String> read(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            for (Map.Entry<String, JsonElement> e : o.entrySet())
                if (e.getValue().isJsonPrimitive()) m.put(e.getKey(), e.getValue().getAsString());
        } catch (RuntimeException e) {
            throw new SweepConfigException(file + " is not a sweep configuration (" + (e.getMessage() == null ? "invalid JSON" : e.getMessage())
                    + "); restore it or sweep into a new --out directory");
        }
        return m;
    }

    private static void write(Path file, Map<String, String> settings) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("format", "compact-proofs sweep 1");
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String v = e.getValue();
            if (v.matches("[0-9]{1,9}")) o.addProperty(e.getKey(), Integer.parseInt(v));
            else o.addProperty(e.getKey(), v);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
