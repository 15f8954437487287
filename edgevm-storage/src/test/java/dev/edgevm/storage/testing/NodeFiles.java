package dev.edgevm.storage.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads files on an embedded node's directories; CDI grows disks to their volume's size, sparse, so only the head is read. */
public final class NodeFiles {

    private NodeFiles() {}

    public static byte[] head(Path file, int length) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
