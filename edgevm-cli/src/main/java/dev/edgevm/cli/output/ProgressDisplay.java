package dev.edgevm.cli.output;

import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Shows a long operation's progress while it runs. Each step (volumes allocated, DataVolume
 * created, processing...) gets a line. A transfer is, on a terminal, one bar redrawn in place with
 * its phase, percentage, bytes, rate and time left; elsewhere (a file, a pipe) a line at its
 * start, at every tenth of the way and at each change of phase.
 *
 * <p>The figures are the SDK's own: bytes really written, the average rate since the transfer
 * started, the time left at that rate. The percentage is rounded down, so 100% means every byte
 * was sent; after that the phase says what is being waited for. A transfer that starts again (CDI
 * cannot resume an upload) starts again from zero, and so does its bar.
 */
public final class ProgressDisplay implements ProgressListener, AutoCloseable {

    private static final int BAR_WIDTH = 24;
    /** ANSI "erase to the end of the line": a shorter redraw leaves nothing of the longer one. */
    private static final String CLEAR_TO_END = "\u001b[K";

    private final PrintWriter out;
    private final boolean terminal;
    private final String indent;
    private boolean barOpen;
    private String transferPhase;
    private long transferBytes = -1;
    private int tenthShown = -1;

    private ProgressDisplay(PrintWriter out, boolean terminal, String indent) {
        this.out = Objects.requireNonNull(out, "out");
        this.terminal = terminal;
        this.indent = Objects.requireNonNull(indent, "indent");
    }

    /**
     * @param terminal whether {@code out} is a terminal, where a bar can be redrawn in place
     * @param indent put before every line, e.g. two spaces under a heading
     */
    public static ProgressDisplay on(PrintWriter out, boolean terminal, String indent) {
        return new ProgressDisplay(out, terminal, indent);
    }

    @Override
    public synchronized void onProgress(Progress progress) {
        if (progress.bytesDone().isPresent()) {
            transfer(progress);
        } else {
            endBar();
            forgetTransfer();
            out.println(indent + stepText(progress));
        }
        out.flush();
    }

    /** Ends a bar still on screen, so what is printed next starts on a line of its own. */
    @Override
    public synchronized void close() {
        endBar();
        out.flush();
    }

    private void transfer(Progress p) {
        long done = p.bytesDone().getAsLong();
        if (done < transferBytes) {
            endBar();
            forgetTransfer();
        }
        int tenth = p.fraction().map(f -> (int) Math.floor(f * 10)).orElse(-1);
        boolean newPhase = !p.phase().equals(transferPhase);
        transferPhase = p.phase();
        transferBytes = done;
        if (terminal) {
            out.print("\r" + indent + transferText(p, true) + CLEAR_TO_END);
            barOpen = true;
        } else if (newPhase || tenth > tenthShown) {
            out.println(indent + transferText(p, false));
            tenthShown = tenth;
        }
    }

    private void endBar() {
        if (barOpen) {
            out.println();
            barOpen = false;
        }
    }

    private void forgetTransfer() {
        transferPhase = null;
        transferBytes = -1;
        tenthShown = -1;
    }

    /** {@code phase: message}; the message alone when the phase only repeats the operation's verb ({@code deploy}). */
    static String stepText(Progress p) {
        String verb = p.operation().split(" ", 2)[0];
        return p.message().map(m -> p.phase().equals(verb) ? m : p.phase() + ": " + m).orElse(p.phase());
    }

    /**
     * {@code uploading [=========>              ]  40% 10.8 MiB / 27.0 MiB, 8.1 MiB/s, ETA 2s}; without the
     * bar for plain lines; without percentage and ETA when the total is unknown.
     */
    static String transferText(Progress p, boolean withBar) {
        long done = p.bytesDone().orElse(0);
        StringBuilder sb = new StringBuilder(p.phase());
        p.fraction().ifPresent(f -> {
            if (withBar) {
                sb.append(' ').append(bar(f));
            }
            sb.append(String.format(Locale.ROOT, " %3d%%", (int) Math.floor(f * 100)));
        });
        sb.append(' ').append(bytes(done));
        p.bytesTotal().ifPresent(total -> sb.append(" / ").append(bytes(total)));
        if (p.bytesPerSecond() > 0) {
            sb.append(", ").append(bytes((long) p.bytesPerSecond())).append("/s");
        }
        if (p.bytesTotal().isPresent() && done < p.bytesTotal().getAsLong()) {
            p.eta().ifPresent(eta -> sb.append(", ETA ").append(duration(eta)));
        }
        return sb.toString();
    }

    static String bar(double fraction) {
        int filled = (int) Math.floor(fraction * BAR_WIDTH);
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < BAR_WIDTH; i++) {
            sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return sb.append(']').toString();
    }

    /** {@code 512 B}, {@code 10.8 MiB}, {@code 1.50 GiB}; rounded down, so it never shows more than there is. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
        double scale = Math.pow(10, decimals);
        return String.format(Locale.ROOT, "%." + decimals + "f %s", Math.floor(value * scale) / scale, units[unit]);
    }

    /** {@code 7s}, {@code 2m05s}, {@code 1h07m}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
    }
}
