package dev.edgevm.embedded.internal.disk;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Large transfer buffers reused across uploads, so streaming gigabytes allocates nothing per chunk
 * and the heap stays flat. Buffers beyond the pool's capacity are simply dropped when returned.
 */
public final class BufferPool {

  private final int bufferSize;
  private final BlockingQueue<ByteBuffer> idle;

  public BufferPool(int bufferSize, int capacity) {
    this.bufferSize = bufferSize;
    this.idle = new ArrayBlockingQueue<>(capacity);
  }

  public ByteBuffer take() {
    ByteBuffer buffer = idle.poll();
    return buffer != null ? buffer.clear() : ByteBuffer.allocate(bufferSize);
  }

  public void give(ByteBuffer buffer) {
    idle.offer(buffer.clear());
  }

  public int bufferSize() {
    return bufferSize;
  }
}
