package compactproofs.generator.cli;

import compactproofs.checker.CheckFailure;
import compactproofs.checker.model.Weights;
import compactproofs.generator.io.TransformerLensImport;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generator import}: a TransformerLens state dict and its config into one checked weights file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Reads a TransformerLens state dict (safetensors.torch.save_file(model.state_dict(), SD)) and its "
                + "HookedTransformerConfig (json.dump(model.cfg.to_dict(), f, default=str)), strips torch.compile's "
                + "_orig_mod. prefixes, and writes a weights file that carries the config in its __metadata__. "
                + "Refuses (exit 3, naming the setting) any config that changes the model of SPEC §1: LayerNorm, "
                + "attention scale, positional embedding type, layers, heads, MLP. See docs/export.md.",
                "Exit codes: 0 written, 2 malformed input, 3 unsupported model or config, 5 cannot write."},
        footer = {"", "Example:",
                "  java -jar generator.jar import --state-dict sd.safetensors --config cfg.json --out model.safetensors"})
public final class ImportCommand implements Callable<Integer> {
    @Option(names = "--state-dict", required = true, paramLabel = "SD", description = "state dict (safetensors, TransformerLens names)")
    Path stateDict;

    @Option(names = "--config", required = true, paramLabel = "CFG", description = "HookedTransformerConfig as JSON")
    Path config;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "weights file to write (.safetensors)")
    Path out;

    @Override
    public Integer call() {
        if (Files.isDirectory(out)) throw new CliError(2, "import: --out " + out + " is a directory; give a file name");
        TransformerLensImport.Result r;
        try {
            r = TransformerLensImport.convert(read(stateDict), read(config));
        } catch (CheckFailure f) {
            throw new CliError(f.code().value, "import: " + f.getMessage());
        }
        Path tmp = null;
        try {
            Path dir = out.toAbsolutePath().getParent();
            // a sibling file with the default permissions, moved over the target only when complete
            tmp = dir.resolve("." + out.getFileName() + ".import-" + ProcessHandle.current().pid() + ".tmp");
            Files.write(tmp, r.bytes());
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write error below is the one to report
            }
            throw new CliError(ExitCodes.IO_ERROR, "import: cannot write " + out + ": " + reason(e));
        }
        Weights w = r.model().weights();
        System.err.printf("wrote %s: V=%d, n_ctx=%d, d_model=%d, d_head=%d, TransformerLens config checked%s; SHA-256 %s%n",
                out, w.vocab, w.nCtx, w.dModel, w.dHead,
                r.renamed() == 0 ? "" : ", " + TransformerLensImport.COMPILE_PREFIX + " stripped from " + r.renamed() + " tensor names",
                r.model().sha256());
        return 0;
    }

    private static byte[] read(Path file) {
        try {
            if (Files.isDirectory(file)) throw new CliError(2, "import: " + file + " is a directory, not a file");
            return Files.readAllBytes(file);
        } catch (IOException | OutOfMemoryError e) {
            throw new CliError(2, "import: cannot read " + file + ": " + reason(e));
        }
    }

    private static String reason(Throwable e) {
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof OutOfMemoryError) return "too large for the heap";
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }
}
