package dev.edgevm.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for a sample's files, deleted with everything in it on {@link #close()}. */
final class WorkDirectory implements AutoCloseable {

    private final Path path;

    private WorkDirectory(Path path) {
        this.path = path;
    }

    static WorkDirectory create(String prefix) throws IOException {
        return new WorkDirectory(Files.createTempDirectory(prefix));
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
