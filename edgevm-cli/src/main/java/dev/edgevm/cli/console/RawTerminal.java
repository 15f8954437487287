package dev.edgevm.cli.console;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts the terminal into raw mode for a console session (keys go to the guest one by one, Ctrl-]
 * arrives without Enter, the guest echoes), and restores the saved settings on close. Uses
 * {@code stty} on {@code /dev/tty}; where there is none (not a terminal, no stty) it does nothing and
 * input stays line by line.
 */
public final class RawTerminal implements AutoCloseable {

    private static final File TTY = new File("/dev/tty");

    private final String saved;

    private RawTerminal(String saved) {
        this.saved = saved;
    }

    /** Raw mode if {@code interactive} and this process has a terminal; otherwise a no-op. */
    public static RawTerminal enterIf(boolean interactive) {
        if (!interactive || !Terminal.attached() || !TTY.canRead()) {
            return new RawTerminal(null);
        }
        try {
            String saved = stty("-g").trim();
            stty("raw", "-echo");
            return new RawTerminal(saved);
        } catch (IOException e) {
            return new RawTerminal(null);
        }
    }

    @Override
    public void close() {
        if (saved != null) {
            try {
                stty(saved);
            } catch (IOException e) {
                System.err.println("could not restore the terminal (" + e.getMessage() + "); run: stty sane");
            }
        }
    }

    private static String stty(String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = "stty";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " exited with " + p.exitValue());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running stty", e);
        }
    }
}
