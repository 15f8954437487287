package dev.edgevm.cli.demo;

import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the steps share: the cluster, the SDK handle, the screen, and a work directory for the disk image. */
final class DemoContext implements AutoCloseable {

    /** Generous: the simulated cluster answers in seconds; a slow machine must not fail the demo. */
    static final Duration WAIT = Duration.ofMinutes(2);

    private final EmbeddedEdgeCluster cluster;
    private final EdgeVm edge;
    private final PrintWriter out;
    private final boolean terminal;
    private Path workDir;
    private Path image;

    DemoContext(EmbeddedEdgeCluster cluster, EdgeVm edge, PrintWriter out, boolean terminal) {
        this.cluster = cluster;
        this.edge = edge;
        this.out = out;
        this.terminal = terminal;
    }

    EmbeddedEdgeCluster cluster() {
        return cluster;
    }

    EdgeVm edge() {
        return edge;
    }

    /** One line of what the step does, indented under its heading. */
    void say(String line) {
        out.println("    " + line);
        out.flush();
    }

    /** Progress of an upload or a deploy, under the step's heading: a bar on a terminal, lines otherwise. */
    ProgressDisplay progress() {
        return ProgressDisplay.on(out, terminal, "      ");
    }

    /** The demo's disk image, made on first use (see {@link DemoImage}). */
    Path image() throws IOException {
        if (image == null) {
            workDir = Files.createTempDirectory("edgevm-demo-");
            image = DemoImage.create(workDir);
        }
        return image;
    }

    /** Deletes the work directory and the image in it; again, does nothing. */
    @Override
    public void close() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the demo's work directory " + workDir, e);
        }
        workDir = null;
        image = null;
    }
}
