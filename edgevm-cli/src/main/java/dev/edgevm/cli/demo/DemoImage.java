package dev.edgevm.cli.demo;

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

/**
 * The demo's stand-in for the runbook's {@code CentOS-7-x86_64-GenericCloud-2003.qcow2}: a small
 * disk made at run time, with a partition table and some data in its one partition. With
 * {@code qemu-img} on the PATH it is converted to qcow2, as cloud images are shipped; without, the
 * raw disk is used. Either way the SDK's probe reads it as an image CDI takes.
 */
public final class DemoImage {

    static final long VIRTUAL_SIZE = 32L << 20;
    private static final long PARTITION_START = 1L << 20;
    private static final int DATA_BYTES = 2 << 20;

    private DemoImage() {}

    /** Writes the image into {@code dir}; returns the qcow2 file, or the raw one without qemu-img. */
    static Path create(Path dir) throws IOException {
        Path raw = dir.resolve("centos-like.img");
        writeRaw(raw);
        Optional<Path> qemuImg = qemuImg();
        if (qemuImg.isEmpty()) {
            return raw;
        }
        Path qcow2 = dir.resolve("centos-like.qcow2");
        // Its output goes to a file, not a pipe read before waiting: a qemu-img that hangs is then stopped by the timeout.
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
            throw new IOException("interrupted while qemu-img converted the demo image", e);
        }
        Files.delete(raw);
        Files.delete(log);
        return qcow2;
    }

    /**
     * {@code qemu-img} on the PATH, if there is one: where the demo makes a qcow2, and where the
     * simulated nodes find it for snapshots (the demo skips them without it).
     */
    public static Optional<Path> qemuImg() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, "qemu-img");
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** A sparse raw disk: an MBR with one Linux partition from 1 MiB to the end, and seeded data at its start. */
    private static void writeRaw(Path file) throws IOException {
        ByteBuffer mbr = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        int entry = 446;
        mbr.put(entry + 4, (byte) 0x83);                                    // partition type: Linux
        mbr.putInt(entry + 8, (int) (PARTITION_START / 512));               // first sector (LBA)
        mbr.putInt(entry + 12, (int) ((VIRTUAL_SIZE - PARTITION_START) / 512)); // sectors
        mbr.put(510, (byte) 0x55).put(511, (byte) 0xAA);                   // boot signature
        byte[] data = new byte[DATA_BYTES];
        new Random(7).nextBytes(data);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(mbr.rewind(), 0);
            channel.write(ByteBuffer.wrap(data), PARTITION_START);
            channel.write(ByteBuffer.allocate(1), VIRTUAL_SIZE - 1);        // the last byte: sparse up to the full size
        }
    }
}
