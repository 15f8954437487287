package dev.edgevm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A person at the console: types a line only once the screen shows what it waits for (login
 * prompt, password prompt, shell prompt), then presses Ctrl-]. The screen is the writer the
 * command prints to; waiting is on a condition signalled by each write, with a generous timeout.
 */
final class ConsoleScript extends InputStream {

    private final Screen screen = new Screen();
    private final Deque<String[]> steps = new ArrayDeque<>();
    private byte[] typing = new byte[0];
    private int next;

    /** After the screen shows {@code prompt}, types {@code keys}. */
    ConsoleScript whenShown(String prompt, String keys) {
        steps.add(new String[] {prompt, keys});
        return this;
    }

    Screen screen() {
        return screen;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (next == typing.length) {
            String[] step = steps.poll();
            if (step == null) {
                return -1;
            }
            screen.await(step[0]);
            typing = step[1].getBytes(StandardCharsets.UTF_8);
            next = 0;
        }
        int n = Math.min(len, typing.length - next);
        System.arraycopy(typing, next, b, off, n);
        next += n;
        return n;
    }

    /** What the command printed, readable while it runs. */
    static final class Screen extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();

        @Override
        public void write(char[] cbuf, int off, int len) {
            lock.lock();
            try {
                text.append(cbuf, off, len);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void await(String shown) throws IOException {
            lock.lock();
            try {
                long left = TimeUnit.MINUTES.toNanos(2); // generous: a loaded machine must not fail it, a hang still does
                while (text.indexOf(shown) < 0) {
                    if (left <= 0) {
                        throw new IOException("the console never showed '" + shown + "'; it showed: " + text);
                    }
                    left = changed.awaitNanos(left);
                }
                // Consumed: the next wait looks for text printed after this point.
                text.delete(0, text.indexOf(shown) + shown.length());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
