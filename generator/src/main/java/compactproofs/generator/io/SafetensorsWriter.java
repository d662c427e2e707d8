package compactproofs.generator.io;

import compactproofs.checker.model.Weights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** TEMPORARY STUB so the train branch compiles; the real writer is merged from another branch. */
public final class SafetensorsWriter {
    public enum Dtype { F32, F64 }

    private SafetensorsWriter() {}

    public static void write(Path out, Weights w, Map<String, String> metadata, Dtype dtype) throws IOException {
        throw new IOException("SafetensorsWriter stub: not implemented on this branch");
    }
}
