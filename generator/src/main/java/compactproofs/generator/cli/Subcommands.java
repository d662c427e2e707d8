package compactproofs.generator.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/** The generator's subcommands. Each command lives in its own class; add it here, with an example for its help. */
final class Subcommands {
    private Subcommands() {}

    /** Examples shown at the end of each command's {@code --help}. */
    static final Map<String, List<String>> EXAMPLES = Map.of(
            "certify", List.of(
                    "  generator certify --strategy cubic --model m.safetensors --out m.cubic.json",
                    "  generator certify --strategy cascade --shard 0/8 --model m.safetensors --out shard-0.json",
                    "  generator certify --strategy subcubic:all --model m.safetensors --out subcubic/"),
            "cascade-curve", List.of("  generator cascade-curve --model m.safetensors --out curve/ --points 8"),
            "train", List.of("  generator train --k 4 --vocab 64 --seed 1 --out m.safetensors"),
            "sweep", List.of("  generator sweep --k 4 --vocab 64 --seeds 1-20 --out sweep/"),
            "report", List.of("  generator report sweep/results.csv --out sweep/report"),
            "strategies", List.of("  generator strategies", "  generator strategies --names | grep '^subcubic:EUPU-max_diff_exact'"),
            "estimate", List.of("  generator estimate --model m.safetensors --samples 2000000"),
            "frontier", List.of("  generator frontier --model maxof5.safetensors --model maxof10.safetensors --out frontier/"),
            "help", List.of("  generator help certify"));

    static void register(CommandLine cl) {
        cl.addSubcommand(new CertifyCommand());
        cl.addSubcommand(new CascadeCurveCommand());
        cl.addSubcommand(new TrainCommand());
        cl.addSubcommand(new SweepCommand());
        cl.addSubcommand(new ReportCommand());
        cl.addSubcommand(new EstimateCommand());
        cl.addSubcommand(new FrontierCommand());
        cl.addSubcommand(new ImportCommand());
        cl.addSubcommand(new StrategiesCommand());
        cl.addSubcommand(new StrictHelpCommand());
        String[] version = cl.getCommandSpec().version();
        for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
            CommandLine sub = e.getValue();
            if (sub.getCommandSpec().version().length == 0) sub.getCommandSpec().version(version);
            List<String> ex = EXAMPLES.get(e.getKey());
            UsageMessageSpec u = sub.getCommandSpec().usageMessage();
            if (ex != null && u.footer().length == 0) u.footerHeading(ex.size() == 1 ? "%nExample:%n" : "%nExamples:%n").footer(ex.toArray(String[]::new));
        }
    }

    /**
     * {@code generator help [COMMAND]}: the usage of a command on stdout (exit 0), or, for an unknown
     * command, one line on stderr and exit 2.
     */
    @CommandLine.Command(name = "help", helpCommand = true, mixinStandardHelpOptions = true, description = "Shows the help of a command.")
    static final class StrictHelpCommand implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @CommandLine.Parameters(arity = "0..1", paramLabel = "COMMAND", description = "the command to show the help of")
        String command;

        @Override public Integer call() {
            CommandLine parent = spec.commandLine().getParent();
            if (command == null) {
                parent.usage(parent.getOut());
                parent.getOut().flush();
                return ExitCodes.OK;
            }
            CommandLine sub = parent.getSubcommands().get(command);
            if (sub == null)
                throw CliError.usage("help: unknown command '" + command + "'; commands: " + String.join(", ", parent.getSubcommands().keySet()));
            sub.usage(parent.getOut());
            parent.getOut().flush();
            return ExitCodes.OK;
        }
    }
}
