package dev.edgevm.cli.console;

import dev.edgevm.kubevirt.VmConsole;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Joins a VM's serial console to the user's terminal: what the guest prints goes to the screen,
 * what the user types goes to the guest, until the user presses Ctrl-] (as with virtctl), the
 * input ends, or the console closes. Keystrokes are read on a daemon thread: a read of the
 * terminal cannot be interrupted, so after a detach that thread may stay blocked until the next
 * key or the end of the process.
 */
public final class ConsoleBridge implements AutoCloseable {

    /** Ctrl-], the byte that detaches. */
    public static final int ESCAPE = 0x1d;

    private final VmConsole console;
    private final InputStream keys;
    private final PrintWriter screen;
    private final Thread keyPump;
    private volatile boolean detached;

    public ConsoleBridge(VmConsole console, InputStream keys, PrintWriter screen) {
        this.console = console;
        this.keys = keys;
        this.screen = screen;
        this.keyPump = new Thread(this::pumpKeys, "edgevm-console-keys");
        this.keyPump.setDaemon(true);
    }

    /**
     * Bridges until the user detaches or the console ends.
     *
     * @return true when the user detached (Ctrl-] or end of input), false when the console closed
     */
    public boolean run() throws IOException {
        keyPump.start();
        Reader output = new InputStreamReader(console.output(), StandardCharsets.UTF_8);
        char[] buffer = new char[4096];
        try {
            for (int n; (n = output.read(buffer)) >= 0; ) {
                screen.write(buffer, 0, n);
                screen.flush();
            }
        } catch (IOException e) {
            if (!detached) {
                throw e;
            }
        }
        return detached;
    }

    private void pumpKeys() {
        byte[] buffer = new byte[256];
        OutputStream guest = console.input();
        try {
            for (int n; (n = keys.read(buffer)) >= 0; ) {
                int escape = indexOf(buffer, n, ESCAPE);
                guest.write(buffer, 0, escape < 0 ? n : escape);
                guest.flush();
                if (escape >= 0) {
                    break;
                }
            }
        } catch (IOException e) {
            // The console closed under us; the output side ends too.
        }
        detached = true;
        console.close();
    }

    private static int indexOf(byte[] buffer, int length, int value) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] == value) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        console.close();
        keyPump.interrupt();
    }
}
