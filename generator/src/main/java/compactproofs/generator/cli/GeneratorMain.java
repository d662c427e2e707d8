package compactproofs.generator.cli;

import compactproofs.checker.CheckFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the generator jar: {@code java -jar generator.jar <command> ...}.
 *
 * <p>Every command reports a failure as one line on stderr and an exit code of {@link ExitCodes};
 * no input gives a stack trace (set {@code COMPACTPROOFS_DEBUG=1} to see one for an internal error).
 */
@Command(name = "generator", mixinStandardHelpOptions = true, version = "compact-proofs generator 0.1.0",
        synopsisSubcommandLabel = "COMMAND",
        description = "Trains Max-of-K transformers and writes accuracy certificates for them.",
        footerHeading = "%nExamples:%n",
        footer = {"  generator train --k 4 --vocab 64 --seed 1 --out m.safetensors",
                  "  generator certify --strategy cubic --model m.safetensors --out m.cubic.json",
                  "  generator strategies",
                  "  generator help certify"})
public final class GeneratorMain implements Callable<Integer> {
    @Spec CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; never throws, never prints a stack trace. */
    public static int run(String... args) {
        CommandLine cl;
        try {
            cl = commandLine();
            return cl.execute(args);
        } catch (Throwable t) {
            PrintWriter err = new PrintWriter(System.err, true);
            int code = handle(t, "generator", err);
            err.flush();
            return code;
        }
    }

    /** The command line with every subcommand registered, and the one-line error handlers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GeneratorMain());
        Subcommands.register(cl);
        Map<String, String> codes = new LinkedHashMap<>();
        for (String line : ExitCodes.HELP) {
            int i = line.indexOf(':');
            codes.put(line.substring(0, i), line.substring(i + 1));
        }
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values())
            sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes (all commands, see generator --help):%n")
                    .exitCodeList(Map.of(" 0-5", "0 done, 1 failed, 2 usage/bad input, 3 unsupported, 4 resource limit, 5 I/O error"));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandName();
            String msg = oneLine(ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && c.getCommandSpec().parent() == null
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-"))
                msg = "unknown command '" + u.getUnmatched().get(0) + "'; commands: " + String.join(", ", c.getSubcommands().keySet());
            String help = c.getCommandSpec().parent() == null ? "generator --help" : "generator " + name + " --help";
            c.getErr().println(name + ": " + msg + " (see '" + help + "')");
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            int code = handle(e, cmd.getCommandName(), cmd.getErr());
            cmd.getErr().flush();
            return code;
        });
        return cl;
    }

    /** Prints one line for {@code t} on {@code err} and returns its exit code. */
    static int handle(Throwable t, String command, PrintWriter err) {
        if (t instanceof CommandLine.ExecutionException && t.getCause() != null) t = t.getCause();
        if (t instanceof UncheckedIOException u && u.getCause() != null) t = u.getCause();
        int code;
        String msg;
        if (t instanceof CliError c) {
            code = c.exitCode;
            msg = c.getMessage();
        } else if (t instanceof CheckFailure f) {
            code = f.code().value;
            msg = command + ": " + f.getMessage();
        } else if (t instanceof CommandLine.ParameterException p) {
            code = ExitCodes.USAGE;
            msg = command + ": " + p.getMessage();
        } else if (t instanceof NoSuchFileException f) {
            code = ExitCodes.IO_ERROR;
            msg = command + ": no such file or directory: " + f.getFile();
        } else if (t instanceof AccessDeniedException f) {
            code = ExitCodes.IO_ERROR;
            msg = command + ": permission denied: " + f.getFile();
        } else if (t instanceof FileSystemException f) {
            code = ExitCodes.IO_ERROR;
            msg = command + ": " + (f.getFile() != null ? f.getFile() + ": " : "") + (f.getReason() != null ? f.getReason() : "file system error");
        } else if (t instanceof IOException) {
            code = ExitCodes.IO_ERROR;
            msg = command + ": I/O error: " + OutputPaths.reason(t);
        } else if (t instanceof OutOfMemoryError) {
            code = ExitCodes.RESOURCE_LIMIT;
            msg = command + ": out of memory; give the JVM more heap, e.g. java -Xmx8g -jar generator.jar ...";
        } else if (t instanceof StackOverflowError) {
            code = ExitCodes.RESOURCE_LIMIT;
            msg = command + ": out of stack space; give the JVM more, e.g. java -Xss64m -jar generator.jar ...";
        } else if (t instanceof InterruptedException) {
            code = ExitCodes.FAILED;
            msg = command + ": interrupted";
        } else {
            code = ExitCodes.FAILED;
            String m = t.getMessage();
            msg = command + ": internal error: " + (m == null || m.isBlank() ? "no detail" : m)
                    + " (please report it; COMPACTPROOFS_DEBUG=1 shows the stack trace)";
        }
        err.println(oneLine(msg));
        if (System.getenv("COMPACTPROOFS_DEBUG") != null) t.printStackTrace(err);
        return code;
    }

    /** The text with every line break folded into a space, so an error stays one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** No command given: the usage, listing every command, on stderr, and exit 2. */
    @Override public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
