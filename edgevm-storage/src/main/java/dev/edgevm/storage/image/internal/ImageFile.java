package dev.edgevm.storage.image.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Positional, bounded reads from an image file. Every reader goes through here so no format can
 * ask for more than {@link #MAX_READ} bytes at once, whatever its (possibly corrupt) header says.
 */
public final class ImageFile implements AutoCloseable {

    /** The largest single read a format reader may ask for (an L2 table of the largest qcow2 cluster). */
    public static final int MAX_READ = 2 * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private long bytesRead;

    private ImageFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.size = size;
    }

    public static ImageFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ImageFile(path, channel, channel.size());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public long size() {
        return size;
    }

    /** Total bytes read so far: the probe's cost, kept bounded. */
    public long bytesRead() {
        return bytesRead;
    }

    /** Reads up to {@code length} bytes at {@code offset}; shorter at the end of the file. */
    public ByteBuffer readAtMost(long offset, int length, ByteOrder order) throws IOException {
        if (length < 0 || length > MAX_READ) {
            throw new MalformedImageException("refusing to read " + length + " bytes at once from " + path);
        }
        int wanted = (int) Math.max(0, Math.min(length, size - Math.max(0, offset)));
        ByteBuffer buffer = ByteBuffer.allocate(wanted).order(order);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, offset + buffer.position());
            if (n < 0) {
                break;
            }
            bytesRead += n;
        }
        return buffer.flip();
    }

    /** Reads exactly {@code length} bytes at {@code offset}, or fails if the file is shorter. */
    public ByteBuffer read(long offset, int length, ByteOrder order) throws IOException {
        if (offset < 0 || offset + length > size) {
            throw new EOFException(path + " ends at byte " + size + ", before " + (offset + length));
        }
        ByteBuffer buffer = readAtMost(offset, length, order);
        if (buffer.remaining() < length) {
            throw new EOFException(path + " is shorter than its size says");
        }
        return buffer;
    }

    public ByteBuffer bigEndian(long offset, int length) throws IOException {
        return read(offset, length, ByteOrder.BIG_ENDIAN);
    }

    public ByteBuffer littleEndian(long offset, int length) throws IOException {
        return read(offset, length, ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes at {@code offset} decoded as a string, or null when the file is too short. */
    public String ascii(long offset, int length) throws IOException {
        if (offset < 0 || offset + length > size) {
            return null;
        }
        ByteBuffer b = read(offset, length, ByteOrder.BIG_ENDIAN);
        return new String(b.array(), b.arrayOffset(), b.remaining(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
