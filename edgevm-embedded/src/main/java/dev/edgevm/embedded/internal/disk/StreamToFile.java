package dev.edgevm.embedded.internal.disk;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Copies a stream into a file with reading and writing overlapped: one thread fills large buffers
 * from the network while another writes the previous ones to disk, so TLS decryption and
 * page-cache writes run on both cores instead of taking turns.
 */
public final class StreamToFile {

  private static final int DEPTH = 4;
  private static final ByteBuffer END = ByteBuffer.allocate(0);

  private final BufferPool pool;
  private final ExecutorService writers;

  public StreamToFile(BufferPool pool, ExecutorService writers) {
    this.pool = pool;
    this.writers = writers;
  }

  /**
   * Writes {@code prefix} (already read from the stream; may be empty) and then the rest of
   * {@code in} to {@code out}. Returns the number of bytes written; {@code progress} sees running totals.
   */
  public long copy(ByteBuffer prefix, InputStream in, FileChannel out, LongConsumer progress) throws IOException {
    BlockingQueue<ByteBuffer> filled = new ArrayBlockingQueue<>(DEPTH + 2);
    BlockingQueue<ByteBuffer> empty = new ArrayBlockingQueue<>(DEPTH);
    for (int i = 0; i < DEPTH; i++) {
      empty.add(pool.take());
    }
    Future<?> writer = writers.submit(() -> writeAll(filled, empty, out));
    long total = 0;
    IOException failure = null;
    try {
      if (prefix.hasRemaining()) {
        ByteBuffer first = awaitEmpty(empty, writer);
        first.put(prefix).flip();
        total += first.remaining();
        filled.put(first);
      }
      while (true) {
        ByteBuffer buffer = awaitEmpty(empty, writer);
        int length = fill(in, buffer.array());
        if (length == 0) {
          empty.put(buffer);
          break;
        }
        buffer.limit(length);
        total += length;
        filled.put(buffer);
        progress.accept(total);
      }
    } catch (IOException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = new InterruptedIOException("upload interrupted");
    } finally {
      finish(filled, empty, writer, failure);
    }
    return total;
  }

  private void finish(BlockingQueue<ByteBuffer> filled, BlockingQueue<ByteBuffer> empty, Future<?> writer,
      IOException failure) throws IOException {
    try {
      filled.put(END);
      writer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writer.cancel(true);
    } catch (java.util.concurrent.ExecutionException e) {
      if (failure == null || failure instanceof WriterStopped) {
        failure = e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
      }
    } finally {
      ByteBuffer buffer;
      while ((buffer = empty.poll()) != null) {
        pool.give(buffer);
      }
      while ((buffer = filled.poll()) != null) {
        if (buffer != END) {
          pool.give(buffer);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Reads until the buffer is full or the stream ends; 0 at the end of the stream. */
  private static int fill(InputStream in, byte[] buffer) throws IOException {
    int length = 0;
    while (length < buffer.length) {
      int n = in.read(buffer, length, buffer.length - length);
      if (n < 0) {
        break;
      }
      length += n;
    }
    return length;
  }

  private static ByteBuffer awaitEmpty(BlockingQueue<ByteBuffer> empty, Future<?> writer)
      throws InterruptedException, IOException {
    while (true) {
      ByteBuffer buffer = empty.poll(100, TimeUnit.MILLISECONDS);
      if (buffer != null) {
        return buffer.clear();
      }
      if (writer.isDone()) {
        throw new WriterStopped();
      }
    }
  }

  /** The reader noticed that the writer stopped; the writer's own exception is the real cause. */
  private static final class WriterStopped extends IOException {
    WriterStopped() {
      super("writing the file failed");
    }
  }

  private static Void writeAll(BlockingQueue<ByteBuffer> filled, BlockingQueue<ByteBuffer> empty, FileChannel out)
      throws IOException, InterruptedException {
    while (true) {
      ByteBuffer buffer = filled.take();
      if (buffer == END) {
        return null;
      }
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      empty.put(buffer.clear());
    }
  }
}
