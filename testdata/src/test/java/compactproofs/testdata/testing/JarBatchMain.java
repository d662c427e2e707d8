package compactproofs.testdata.testing;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import compactproofs.checker.cli.CheckerMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs every corpus case through {@link CheckerMain#run} in one JVM whose class path is the shaded
 * {@code checker.jar} (plus this class), so the whole index is checked against the jar's own classes
 * without starting a JVM per case. Prints one JSON line per case: id, exit, stdout, stderr.
 * Uses only the jar's classes (Gson and the checker), never test libraries.
 */
public final class JarBatchMain {
    private JarBatchMain() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        JsonObject index = JsonParser.parseString(Files.readString(root.resolve("certificates/index.json"))).getAsJsonObject();
        Gson gson = new Gson();
        PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (JsonElement e : index.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            int code = CheckerMain.run(new String[] {"verify", root.resolve(c.get("model").getAsString()).toString(),
                    root.resolve(c.get("certificate").getAsString()).toString(), "--json"},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            JsonObject r = new JsonObject();
            r.addProperty("id", c.get("id").getAsString());
            r.addProperty("exit", code);
            r.addProperty("stdout", out.toString(StandardCharsets.UTF_8));
            r.addProperty("stderr", err.toString(StandardCharsets.UTF_8));
            stdout.println(gson.toJson(r));
        }
    }
}
