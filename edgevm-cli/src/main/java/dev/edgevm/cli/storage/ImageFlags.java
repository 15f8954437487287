package dev.edgevm.cli.storage;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violation;
import dev.edgevm.core.Violations;
import dev.edgevm.storage.image.DiskImageRules;
import dev.edgevm.storage.image.DiskImages;
import dev.edgevm.storage.image.FilesystemOverhead;
import dev.edgevm.storage.image.UploadPreflight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The image and size flags of {@code upload} and {@code deploy --upload-image}, checked on this
 * machine before the cluster is contacted: a file that is not a disk image CDI can take, or that
 * cannot fit the size asked for, is a usage error (exit 2) with nothing sent.
 *
 * <p>The size check needs no cluster: a DataVolume's claim is made larger by CDI's filesystem
 * overhead, so what fits is the requested size whatever the overhead is. The SDK checks again,
 * with the cluster's own figures, before it creates anything.
 */
public final class ImageFlags {

    /** The formats {@link UploadPreflight#CDI_FORMATS} holds, as its messages put them. */
    private static final String CDI_FORMATS_NOTE = "CDI accepts only raw, qcow2, vmdk, vdi, vpc (VHD) and vhdx";

    private ImageFlags() {}

    /**
     * Problems of {@code image} for a DataVolume of {@code size}, reported under the flags' names;
     * without a usable size (null, or not positive), only what the image is. Only for a readable
     * regular file; problems with the file itself are {@link #file}'s.
     */
    public static List<Violation> check(String imageFlag, Path image, String sizeFlag, Quantity size) {
        List<Violation> found = new ArrayList<>();
        if (image == null || !Files.isRegularFile(image) || !Files.isReadable(image)) {
            return found;
        }
        for (Violation v : size != null && size.isPositive()
                ? UploadPreflight.forDataVolume(size, FilesystemOverhead.none()).violations(image) : contentProblems(image)) {
            String flag = switch (v.path()) {
                case "size" -> sizeFlag;
                case "imagePath" -> imageFlag;
                default -> imageFlag + " (" + v.path() + ")";
            };
            found.add(Violation.of(flag, v.message()));
        }
        return found;
    }

    private static List<Violation> contentProblems(Path image) {
        Violations v = Violations.collect();
        try {
            DiskImageRules.check(DiskImages.probe(image), UploadPreflight.CDI_FORMATS, CDI_FORMATS_NOTE, v);
        } catch (InvalidSpecException e) {
            v.addAll(e.violations());
        }
        return v.list();
    }

    /** Problems of an image file flag before it is probed: absent, not a file, unreadable. */
    public static List<Violation> file(String flag, Path image) {
        if (!Files.exists(image)) {
            return List.of(Violation.of(flag, "'" + image + "' does not exist"));
        }
        if (!Files.isRegularFile(image)) {
            return List.of(Violation.of(flag, "'" + image + "' is not a regular file"));
        }
        if (!Files.isReadable(image)) {
            return List.of(Violation.of(flag, "'" + image + "' is not readable"));
        }
        return List.of();
    }
}
