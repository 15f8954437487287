package dev.edgevm.storage.image;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violation;
import dev.edgevm.core.Violations;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides, before a byte is sent, whether a file can be uploaded through CDI into a volume of a
 * given size: it must be a disk image in a format CDI converts, self-contained (no backing file,
 * no external data), unencrypted, and its virtual size must fit the volume after CDI's filesystem
 * overhead. Every problem is reported at once, naming the file and what to do about it.
 *
 * <p>Compressed files: CDI itself decompresses gzip, xz and zstd uploads, but the checks above
 * need the image's header, which a compressed stream hides until it is decompressed. They are
 * refused with the command that makes them uploadable (decompress, or convert to a compressed
 * qcow2, which is as small and can be checked).
 */
public final class UploadPreflight {

    /** The formats CDI's importer converts (its {@code isSupportedFormat}). */
    public static final Set<String> CDI_FORMATS = Set.of("raw", "qcow2", "vmdk", "vdi", "vpc", "vhdx");

    private final Quantity requestedSize;
    private final FilesystemOverhead overhead;
    /** Whether CDI adds the overhead to the claim ({@code spec.storage}) instead of taking it from it ({@code spec.pvc}). */
    private final boolean overheadOnTop;

    private UploadPreflight(Quantity requestedSize, FilesystemOverhead overhead, boolean overheadOnTop) {
        this.requestedSize = Objects.requireNonNull(requestedSize, "requestedSize");
        this.overhead = Objects.requireNonNull(overhead, "overhead");
        this.overheadOnTop = overheadOnTop;
    }

    /**
     * Checks uploads into a claim of {@code requestedSize} (a DataVolume's {@code spec.pvc}) with
     * CDI's {@code overhead} for its storage class, which the image must leave free.
     */
    public static UploadPreflight forVolume(Quantity requestedSize, FilesystemOverhead overhead) {
        return new UploadPreflight(requestedSize, overhead, false);
    }

    /**
     * Checks uploads into a DataVolume whose {@code spec.storage} asks for {@code size}: CDI makes
     * the claim larger by its {@code overhead} ({@code GetRequiredSpace}), and the image must fit
     * the claim's usable space ({@code GetUsableSpace}), which is the size rounded to 1 MiB.
     */
    public static UploadPreflight forDataVolume(Quantity size, FilesystemOverhead overhead) {
        return new UploadPreflight(size, overhead, true);
    }

    /** The claim CDI creates: the request itself, or with {@code spec.storage} the request plus the overhead. */
    public long claimBytes() {
        return overheadOnTop ? overhead.requiredSpace(requestedSize.bytes()) : requestedSize.bytes();
    }

    /** The largest virtual size that fits the volume. */
    public long usableBytes() {
        return overhead.usableSpace(claimBytes());
    }

    /**
     * Probes {@code image} and checks it.
     *
     * @return what the probe found, when the image can be uploaded
     * @throws InvalidSpecException listing every reason it cannot
     */
    public DiskImageInfo check(Path image) {
        Violations v = Violations.collect();
        DiskImageInfo info = probe(image, v);
        if (info != null) {
            check(info, v);
        }
        v.throwIfAny("upload of " + image.getFileName());
        return info;
    }

    /** Every reason {@code image} cannot be uploaded; empty when it can. */
    public List<Violation> violations(Path image) {
        Violations v = Violations.collect();
        DiskImageInfo info = probe(image, v);
        if (info != null) {
            check(info, v);
        }
        return v.list();
    }

    private static DiskImageInfo probe(Path image, Violations v) {
        try {
            return DiskImages.probe(image);
        } catch (InvalidSpecException e) {
            v.addAll(e.violations());
            return null;
        }
    }

    private void check(DiskImageInfo info, Violations v) {
        if (DiskImageRules.check(info, CDI_FORMATS, "CDI accepts only raw, qcow2, vmdk, vdi, vpc (VHD) and vhdx", v)) {
            checkSize(info, "'" + info.file().getFileName() + "'", v);
        }
    }

    private void checkSize(DiskImageInfo info, String file, Violations v) {
        long usable = usableBytes();
        String room = overheadOnTop
                ? "a " + requestedSize + " DataVolume holds at most " + bytes(usable) + " of image (CDI adds its filesystem overhead"
                        + (overhead.fraction() > 0 ? " of " + overhead : "") + " to the claim)"
                : "a " + requestedSize + " volume holds at most " + bytes(usable) + " of image"
                        + (overhead.fraction() > 0 ? " after CDI's filesystem overhead of " + overhead : "");
        if (info.virtualSize() > usable) {
            v.add("size", file + " has a virtual size of " + bytes(info.virtualSize()) + " but " + room
                    + ": request at least " + suggestion(sizeFor(info.virtualSize())));
        } else if (!info.format().equals("raw") && info.fileSize() > usable) {
            // CDI first writes a non-raw upload to a scratch volume of the same size, then converts it.
            v.add("size", file + " is " + bytes(info.fileSize()) + " on disk, more than its virtual size, and CDI stages "
                    + info.format() + " uploads on a scratch volume of the requested size, where " + room
                    + ": request at least " + suggestion(sizeFor(info.fileSize())));
        }
    }

    /** The smallest request whose usable space holds {@code bytes}. */
    private long sizeFor(long bytes) {
        if (!overheadOnTop) {
            return overhead.requiredSpace(bytes);
        }
        long size = (bytes + FilesystemOverhead.ALIGNMENT - 1) / FilesystemOverhead.ALIGNMENT * FilesystemOverhead.ALIGNMENT;
        while (overhead.usableSpace(overhead.requiredSpace(size)) < bytes) {
            size += FilesystemOverhead.ALIGNMENT;
        }
        return size;
    }

    private static String suggestion(long bytes) {
        long gi = 1L << 30;
        long mi = 1L << 20;
        String rounded = bytes >= gi ? ((bytes + gi - 1) / gi) + "Gi" : ((bytes + mi - 1) / mi) + "Mi";
        return bytes + " bytes (" + rounded + ")";
    }

    private static String bytes(long n) {
        if (n < 1024 * 1024) {
            return n + " bytes";
        }
        double gib = n / (double) (1L << 30);
        String human = gib >= 1 ? String.format(Locale.ROOT, "%.2f GiB", gib) : String.format(Locale.ROOT, "%.1f MiB", n / (double) (1L << 20));
        return human + " (" + n + " bytes)";
    }
}
