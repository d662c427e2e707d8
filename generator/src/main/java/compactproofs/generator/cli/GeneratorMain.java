package compactproofs.generator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the generator jar: {@code java -jar generator.jar <command> ...}. */
@Command(name = "generator", mixinStandardHelpOptions = true, version = "compact-proofs generator 0.1.0",
        description = "Trains Max-of-K transformers and writes accuracy certificates for them.",
        subcommands = {CommandLine.HelpCommand.class})
public final class GeneratorMain implements Runnable {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand registered (one line per command). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GeneratorMain());
        Subcommands.register(cl);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliError c) {
                cmd.getErr().println(c.getMessage());
                return c.exitCode;
            }
            throw e;
        });
        return cl;
    }

    @Override public void run() {
        CommandLine.usage(this, System.out);
    }
}
