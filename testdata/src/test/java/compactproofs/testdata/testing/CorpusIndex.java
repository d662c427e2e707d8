package compactproofs.testdata.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The corpus index {@code testdata/certificates/index.json}. */
public final class CorpusIndex {
    private CorpusIndex() {}

    /** The testdata module directory (Surefire runs tests there). */
    public static final Path ROOT = Path.of("").toAbsolutePath();

    /**
     * One case: check {@code certificate} against {@code model}; the checker must exit with {@code exit}
     * and give a reason containing {@code reason}; with {@code --json}, the fields in {@code json} must match.
     */
    public record Case(String id, String category, Path certificate, Path model, int exit, String reason,
                JsonObject json, boolean slow, String description) {
        @Override public String toString() { return category + "/" + id; }
    }

    public static List<Case> load() throws IOException {
        JsonObject index = JsonParser.parseString(Files.readString(ROOT.resolve("certificates/index.json"))).getAsJsonObject();
        List<Case> out = new ArrayList<>();
        for (JsonElement e : index.getAsJsonArray("cases")) {
            JsonObject o = e.getAsJsonObject();
            out.add(new Case(o.get("id").getAsString(), o.get("category").getAsString(),
                    ROOT.resolve(o.get("certificate").getAsString()), ROOT.resolve(o.get("model").getAsString()),
                    o.get("exit").getAsInt(), o.get("reason").getAsString(),
                    o.has("json") ? o.getAsJsonObject("json") : new JsonObject(),
                    o.has("slow") && o.get("slow").getAsBoolean(), o.get("description").getAsString()));
        }
        return out;
    }
}
