package dev.edgevm.core;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One step of a long operation, reported to a {@link ProgressListener}: which operation, which
 * phase, and for transfers the bytes done, the total, the rate and the estimated time left.
 */
public final class Progress {

    private final String operation;
    private final String phase;
    private final long bytesDone;
    private final long bytesTotal;
    private final double bytesPerSecond;
    private final String message;

    private Progress(String operation, String phase, long bytesDone, long bytesTotal, double bytesPerSecond, String message) {
        this.operation = operation;
        this.phase = phase;
        this.bytesDone = bytesDone;
        this.bytesTotal = bytesTotal;
        this.bytesPerSecond = bytesPerSecond;
        this.message = message;
    }

    /** A step without a byte count, e.g. {@code deploy centos-vm: DataVolume created}. */
    public static Progress step(String operation, String phase, String message) {
        return new Progress(operation, phase, -1, -1, 0, message);
    }

    /** A transfer step. {@code bytesTotal} is -1 when unknown. */
    public static Progress transfer(String operation, String phase, long bytesDone, long bytesTotal, double bytesPerSecond) {
        return new Progress(operation, phase, bytesDone, bytesTotal, bytesPerSecond, null);
    }

    public String operation() {
        return operation;
    }

    public String phase() {
        return phase;
    }

    public Optional<String> message() {
        return Optional.ofNullable(message);
    }

    public OptionalLong bytesDone() {
        return bytesDone < 0 ? OptionalLong.empty() : OptionalLong.of(bytesDone);
    }

    public OptionalLong bytesTotal() {
        return bytesTotal < 0 ? OptionalLong.empty() : OptionalLong.of(bytesTotal);
    }

    /** Average rate of the transfer so far, 0 when not a transfer. */
    public double bytesPerSecond() {
        return bytesPerSecond;
    }

    /** The fraction done, 0..1, when the total is known. */
    public Optional<Double> fraction() {
        return bytesTotal > 0 && bytesDone >= 0 ? Optional.of(Math.min(1.0, bytesDone / (double) bytesTotal)) : Optional.empty();
    }

    /** Time left at the current rate, when it can be estimated. */
    public Optional<Duration> eta() {
        if (bytesTotal <= 0 || bytesDone < 0 || bytesPerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((bytesTotal - bytesDone) / bytesPerSecond * 1000)));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(operation).append(": ").append(phase);
        if (bytesDone >= 0) {
            sb.append(' ').append(bytes(bytesDone));
            if (bytesTotal > 0) {
                sb.append(" / ").append(bytes(bytesTotal)).append(String.format(" (%.0f%%)", 100.0 * fraction().orElse(0.0)));
            }
            if (bytesPerSecond > 0) {
                sb.append(", ").append(bytes((long) bytesPerSecond)).append("/s");
            }
            eta().ifPresent(eta -> sb.append(", ").append(eta.toSeconds()).append("s left"));
        }
        message().ifPresent(m -> sb.append(" - ").append(m));
        return sb.toString();
    }

    private static String bytes(long n) {
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
        return String.format("%.1f %s", value, units[unit]);
    }
}
