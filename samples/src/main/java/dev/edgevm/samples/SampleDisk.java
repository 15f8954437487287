package dev.edgevm.samples;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small stand-in for the runbook's {@code CentOS-7-x86_64-GenericCloud-2003.qcow2}, made on the
 * spot so the samples need no download: a 32 MiB disk with a partition table and some data in its
 * one partition, converted to qcow2 by {@code qemu-img} where it is installed (raw otherwise).
 */
final class SampleDisk implements AutoCloseable {

    private static final long VIRTUAL_SIZE = 32L << 20;
    private static final long PARTITION_START = 1L << 20;

    private final WorkDirectory dir;
    private final Path image;

    private SampleDisk(WorkDirectory dir, Path image) {
        this.dir = dir;
        this.image = image;
    }

    /** Makes the disk in a new temporary directory, deleted on {@link #close()}. */
    static SampleDisk centosLike() throws IOException {
        WorkDirectory dir = WorkDirectory.create("edgevm-sample-");
        try {
            return new SampleDisk(dir, write(dir.path()));
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    private static Path write(Path dir) throws IOException {
        Path raw = dir.resolve("centos-like.img");
        writeRaw(raw);
        Optional<Path> qemuImg = qemuImg();
        if (qemuImg.isEmpty()) {
            return raw;
        }
        Path qcow2 = dir.resolve("centos-like.qcow2");
        // Output to a file, read after the wait: a pipe read first would block past the timeout.
        Path log = dir.resolve("qemu-img.log");
        Process p = new ProcessBuilder(qemuImg.get().toString(), "convert", "-f", "raw", "-O", "qcow2", raw.toString(), qcow2.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            boolean finished = p.waitFor(2, TimeUnit.MINUTES);
            if (!finished || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("qemu-img convert " + (finished ? "failed: " + Files.readString(log, StandardCharsets.UTF_8).strip()
                        : "did not finish in 2 minutes"));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while qemu-img converted the sample disk", e);
        }
        Files.delete(raw);
        return qcow2;
    }

    Path image() {
        return image;
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }

    /** {@code qemu-img} on the PATH, where the embedded cluster's nodes find it too (for snapshots). */
    static Optional<Path> qemuImg() {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "qemu-img")).filter(Files::isExecutable).findFirst();
    }
    /** Sparse: an MBR with one Linux partition from 1 MiB to the end, 2 MiB of seeded data at its start, the last byte. */
    private static void writeRaw(Path file) throws IOException {
        ByteBuffer mbr = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        mbr.put(446 + 4, (byte) 0x83);
        mbr.putInt(446 + 8, (int) (PARTITION_START / 512));
        mbr.putInt(446 + 12, (int) ((VIRTUAL_SIZE - PARTITION_START) / 512));
        mbr.put(510, (byte) 0x55).put(511, (byte) 0xAA);
        byte[] data = new byte[2 << 20];
        new Random(7).nextBytes(data);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(mbr.rewind(), 0);
            channel.write(ByteBuffer.wrap(data), PARTITION_START);
            channel.write(ByteBuffer.allocate(1), VIRTUAL_SIZE - 1);
        }
    }
}
