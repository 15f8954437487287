package dev.edgevm.storage.image;

import dev.edgevm.core.InvalidSpecException;
import java.util.regex.Pattern;

/**
 * CDI's filesystem overhead: the fraction of a Filesystem-mode volume CDI keeps free for the
 * filesystem, from CDIConfig {@code status.filesystemOverhead} (global, or per storage class).
 * Block-mode volumes have none. The arithmetic follows CDI's own, float for float, so an answer
 * here is the answer CDI's importer will reach.
 */
public final class FilesystemOverhead {

    /** CDI's own validation of a {@code Percent}: "0", "0.x" with up to three decimals, or "1". */
    private static final Pattern PERCENT = Pattern.compile("^(0(?:\\.\\d{1,3})?|1)$");
    /** CDI aligns image sizes to 1 MiB, a multiple of every hardware block size. */
    static final long ALIGNMENT = 1024 * 1024;

    private static final FilesystemOverhead CDI_DEFAULT = new FilesystemOverhead("0.06");
    private static final FilesystemOverhead NONE = new FilesystemOverhead("0");

    private final String percent;
    private final double fraction;

    private FilesystemOverhead(String percent) {
        this.percent = percent;
        this.fraction = Double.parseDouble(percent);
    }

    /**
     * Parses the overhead as CDIConfig writes it, e.g. {@code "0.055"}.
     *
     * @throws InvalidSpecException if it is not a CDI percent
     */
    public static FilesystemOverhead parse(String percent) {
        if (percent == null || !PERCENT.matcher(percent).matches()) {
            throw InvalidSpecException.of("filesystem overhead", "filesystemOverhead",
                    "'" + percent + "' is not a CDI overhead: write a fraction from 0 to 1 with up to 3 decimals, e.g. 0.06");
        }
        return new FilesystemOverhead(percent);
    }

    /** CDI's default when CDIConfig sets none: {@code 0.06}. */
    public static FilesystemOverhead cdiDefault() {
        return CDI_DEFAULT;
    }

    /** No overhead: Block-mode volumes, where the image is the device. */
    public static FilesystemOverhead none() {
        return NONE;
    }

    public double fraction() {
        return fraction;
    }

    /**
     * The largest image a volume of {@code requestedBytes} takes: CDI's {@code GetUsableSpace},
     * {@code ceil(requested / (1 + overhead))} rounded down to 1 MiB.
     */
    public long usableSpace(long requestedBytes) {
        long withoutOverhead = (long) Math.ceil((double) requestedBytes / (1 + fraction));
        return withoutOverhead / ALIGNMENT * ALIGNMENT;
    }

    /**
     * The smallest volume request whose usable space holds {@code imageBytes}: CDI's
     * {@code GetRequiredSpace} (the image rounded up to 1 MiB, times 1 + overhead, rounded up),
     * checked against {@link #usableSpace(long)} so the two always agree. An image no request can
     * hold (sizes near {@link Long#MAX_VALUE}) gives {@link Long#MAX_VALUE}: the sum saturates
     * instead of overflowing, which would leave the search below stepping through 2^43 sizes.
     */
    public long requiredSpace(long imageBytes) {
        if (imageBytes > Long.MAX_VALUE - ALIGNMENT) {
            return Long.MAX_VALUE;
        }
        long aligned = (imageBytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        long required = (long) Math.ceil((double) aligned * (1 + fraction));
        while (usableSpace(required) < imageBytes) {
            if (required > Long.MAX_VALUE - ALIGNMENT) {
                return Long.MAX_VALUE;
            }
            required += ALIGNMENT;
        }
        return required;
    }

    /** The overhead as CDI writes it, e.g. {@code 0.06}. */
    @Override
    public String toString() {
        return percent;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilesystemOverhead other && other.fraction == fraction;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(fraction);
    }
}
