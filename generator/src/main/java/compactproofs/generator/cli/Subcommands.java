package compactproofs.generator.cli;

import picocli.CommandLine;

/** The generator's subcommands. Each command lives in its own class; add it here. */
final class Subcommands {
    private Subcommands() {}

    static void register(CommandLine cl) {
        cl.addSubcommand(new CertifyCommand());
        cl.addSubcommand(new CascadeCurveCommand());
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new SweepCommand());
        cl.addSubcommand(new ReportCommand());
        cl.addSubcommand(new ImportCommand());
    }
}
