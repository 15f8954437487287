package dev.edgevm.kubevirt;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A VM's serial console, as {@code virtctl console} opens it: what the guest prints arrives on
 * {@link #output()}, what is written to {@link #input()} is typed into the guest. Close it to
 * disconnect; the guest keeps running.
 */
public interface VmConsole extends AutoCloseable {

    /** The guest's serial output; ends when the console is closed by either side. */
    InputStream output();

    /** Keystrokes for the guest. */
    OutputStream input();

    @Override
    void close();
}
