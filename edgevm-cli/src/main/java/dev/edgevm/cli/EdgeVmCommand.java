package dev.edgevm.cli;

import dev.edgevm.cli.cluster.ClusterConnector;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.console.Terminal;
import dev.edgevm.cli.containerdisk.ContainerDiskCommand;
import dev.edgevm.cli.demo.DemoCommand;
import dev.edgevm.cli.demo.Interruption;
import dev.edgevm.cli.doctor.DoctorCommand;
import dev.edgevm.cli.image.ImageCommand;
import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.cli.options.ClusterOptions;
import dev.edgevm.cli.options.GlobalOptions;
import dev.edgevm.cli.options.OutputFormat;
import dev.edgevm.cli.options.OutputOptions;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.cli.options.Verbosity;
import dev.edgevm.cli.rbac.RbacCommand;
import dev.edgevm.cli.snapshot.SnapshotCommand;
import dev.edgevm.cli.sriov.SriovCommand;
import dev.edgevm.cli.storage.PvCommand;
import dev.edgevm.cli.storage.UploadCommand;
import dev.edgevm.cli.vm.ConsoleCommand;
import dev.edgevm.cli.vm.DeleteCommand;
import dev.edgevm.cli.vm.DeployCommand;
import dev.edgevm.cli.vm.EventsCommand;
import dev.edgevm.cli.vm.GetCommand;
import dev.edgevm.cli.vm.IpCommand;
import dev.edgevm.cli.vm.ListCommand;
import dev.edgevm.cli.vm.PauseCommand;
import dev.edgevm.cli.vm.RenderCommand;
import dev.edgevm.cli.vm.RestartCommand;
import dev.edgevm.cli.vm.StartCommand;
import dev.edgevm.cli.vm.StopCommand;
import dev.edgevm.cli.vm.UnpauseCommand;
import dev.edgevm.cli.vm.WaitCommand;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.Spec;

/**
 * The {@code edgevm} command: VMs on Kubernetes edge nodes with KubeVirt and CDI, from a shell.
 * Every subcommand is a class of its own; this one only lists them and wires errors to exit codes.
 */
@Command(name = "edgevm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        header = "Run virtual machines on Kubernetes edge nodes with KubeVirt and CDI.",
        description = {"", "The global options go before or after the command: commands that talk to a cluster take"
                + " --kubeconfig, --context, -n and --embedded (a simulated edge cluster started for that one command);"
                + " commands that print a result take -o; every command takes -v."
                + " Exit codes: 0 success, 1 failure, 2 bad usage or invalid spec.", ""},
        synopsisSubcommandLabel = "COMMAND",
        subcommands = {
            RenderCommand.class,
            DeployCommand.class,
            StartCommand.class,
            StopCommand.class,
            RestartCommand.class,
            PauseCommand.class,
            UnpauseCommand.class,
            DeleteCommand.class,
            GetCommand.class,
            ListCommand.class,
            IpCommand.class,
            ConsoleCommand.class,
            WaitCommand.class,
            EventsCommand.class,
            ImageCommand.class,
            ContainerDiskCommand.class,
            UploadCommand.class,
            PvCommand.class,
            SnapshotCommand.class,
            SriovCommand.class,
            DoctorCommand.class,
            RbacCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        })
public final class EdgeVmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    OutputOptions output;

    @Mixin
    Verbosity verbosity;

    private final ClusterConnector connector;
    private final InputStream stdin;
    private final Interruption interruption;
    private final boolean terminal;

    /**
     * Connects as the options say (kubeconfig, or an embedded cluster with {@code --embedded}); reads
     * the terminal, and draws progress bars when this process has one.
     */
    public EdgeVmCommand() {
        this(ClusterConnector.standard(), System.in, Interruption.ctrlC(), Terminal.attached());
    }

    /** Connects through {@code connector}; {@code stdin} feeds the console; Ctrl-C ends {@code demo --keep-running}. */
    public EdgeVmCommand(ClusterConnector connector, InputStream stdin) {
        this(connector, stdin, Interruption.ctrlC(), false);
    }

    /** As above, with {@code interruption} deciding when {@code demo --keep-running} ends. */
    public EdgeVmCommand(ClusterConnector connector, InputStream stdin, Interruption interruption) {
        this(connector, stdin, interruption, false);
    }

    /**
     * As above; {@code terminal} says whether the output is a terminal, where progress is a bar
     * redrawn in place (otherwise it is printed as plain lines, for logs and pipes).
     */
    public EdgeVmCommand(ClusterConnector connector, InputStream stdin, Interruption interruption, boolean terminal) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.interruption = Objects.requireNonNull(interruption, "interruption");
        this.terminal = terminal;
    }

    /** The command line for {@code root}, with the error handling and exit codes of edgevm. */
    public static CommandLine commandLine(EdgeVmCommand root) {
        CommandLine cli = new CommandLine(root);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // Arguments are taken as typed: picocli's @argument-files would read any argument starting
        // with '@' as a file (a name like '@.' failed with a stack trace before any check ran).
        cli.setExpandAtFiles(false);
        ErrorHandler errors = new ErrorHandler();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        GlobalOptions.fit(cli);
        cli.setExecutionStrategy(root::execute);
        return cli;
    }

    /** Runs the command parsed, with the global options checked and {@code -v}'s log levels set for it alone. */
    private int execute(ParseResult parsed) {
        CommandLine command = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
        GlobalOptions.check(command, cluster, output);
        try (Verbosity.Applied levels = verbosity.apply()) {
            return new RunLast().execute(parsed);
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine(new EdgeVmCommand()).execute(args));
    }

    /** How subcommands reach the cluster. */
    public ClusterConnector connector() {
        return connector;
    }

    /** What the console forwards to the guest. */
    public InputStream stdin() {
        return stdin;
    }

    /** How {@code demo --keep-running} waits for the user. */
    public Interruption interruption() {
        return interruption;
    }

    /** The root command of the command line {@code spec} belongs to: where its shared streams and settings are. */
    public static EdgeVmCommand of(CommandSpec spec) {
        return (EdgeVmCommand) spec.root().userObject();
    }

    /** {@code --kubeconfig}, {@code --context}, {@code -n}, {@code --embedded}: given before or after the command. */
    public ClusterOptions cluster() {
        return cluster;
    }

    /** {@code -o}: given before or after the command. */
    public OutputOptions output() {
        return output;
    }

    /** Connects {@code command} to the cluster the global options name. */
    public static Session connect(CommandSpec command) {
        return of(command).cluster.connect(command);
    }

    /** The format {@code command} prints its result in, from {@code -o} or its default. */
    public static OutputFormat format(CommandSpec command, PrintsResult prints) {
        return of(command).output.format(command, prints);
    }

    /**
     * Progress of a long operation of {@code command}: on its output, as a bar on a terminal; as
     * plain lines on its error stream when the output is YAML or JSON, which must stay parseable.
     */
    public static ProgressDisplay progress(CommandSpec command, OutputFormat format, String indent) {
        return format == OutputFormat.TABLE
                ? ProgressDisplay.on(command.commandLine().getOut(), of(command).terminal(), indent)
                : ProgressDisplay.on(command.commandLine().getErr(), false, indent);
    }

    /** Whether the output is a terminal (progress bars) rather than a file or a pipe (progress lines). */
    public boolean terminal() {
        return terminal;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return CommandLine.ExitCode.OK;
    }
}
