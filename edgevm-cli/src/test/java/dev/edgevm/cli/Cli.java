package dev.edgevm.cli;

import dev.edgevm.cli.cluster.ClusterConnector;
import dev.edgevm.cli.demo.Interruption;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs edgevm in this JVM, as {@code main} would but without exiting, and captures what it prints. */
public final class Cli {

    private Cli() {}

    /** Runs with the standard connector: options decide (e.g. {@code --embedded}). */
    static Result run(String... args) {
        return run(ClusterConnector.standard(), new byte[0], args);
    }

    /** Runs with the standard connector, {@code interruption} ending {@code demo --keep-running}. */
    static Result interruptedBy(Interruption interruption, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = EdgeVmCommand.commandLine(new EdgeVmCommand(ClusterConnector.standard(), new ByteArrayInputStream(new byte[0]), interruption));
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs against {@code cluster}, whatever the connection options say. */
    public static Result on(EmbeddedEdgeCluster cluster, String... args) {
        return run(ClusterConnector.to(cluster), new byte[0], args);
    }

    /** Runs against {@code cluster} as if its output were a terminal (progress bars redrawn in place). */
    static Result onTerminal(EmbeddedEdgeCluster cluster, String... args) {
        CommandLine cli = EdgeVmCommand.commandLine(
                new EdgeVmCommand(ClusterConnector.to(cluster), new ByteArrayInputStream(new byte[0]), Interruption.ctrlC(), true));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs against {@code cluster} with {@code stdin} as what the user types. */
    static Result typing(EmbeddedEdgeCluster cluster, String stdin, String... args) {
        return run(ClusterConnector.to(cluster), stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    /** Runs against {@code cluster} with a person following {@code script} at the console; returns what the screen showed last. */
    static Result atConsole(EmbeddedEdgeCluster cluster, ConsoleScript script, String... args) {
        StringWriter transcript = new StringWriter();
        Writer both = new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                transcript.write(cbuf, off, len);
                script.screen().write(cbuf, off, len);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        return run(ClusterConnector.to(cluster), script, both, transcript, args);
    }

    private static Result run(ClusterConnector connector, byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        return run(connector, new ByteArrayInputStream(stdin), out, out, args);
    }

    private static Result run(ClusterConnector connector, InputStream in, Writer out, StringWriter outText, String... args) {
        CommandLine cli = EdgeVmCommand.commandLine(new EdgeVmCommand(connector, in));
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, outText.toString(), err.toString());
    }

    public record Result(int exitCode, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }
}
