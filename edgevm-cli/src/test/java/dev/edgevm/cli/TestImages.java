package dev.edgevm.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Disk image files for tests, made here: raw images with seeded content, and sparse ones of any size. */
final class TestImages {

    private TestImages() {}

    /** A raw image of {@code mib} MiB of seeded random bytes; returns its path. */
    static Path raw(Path dir, String name, int mib, long seed) {
        byte[] bytes = new byte[mib * 1024 * 1024];
        new Random(seed).nextBytes(bytes);
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sparse raw image of {@code bytes} (a multiple of 512): large, yet costing no disk space. */
    static Path sparse(Path dir, String name, long bytes) {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
