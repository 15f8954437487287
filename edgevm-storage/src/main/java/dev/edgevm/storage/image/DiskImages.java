package dev.edgevm.storage.image;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.storage.image.internal.ImageProber;
import dev.edgevm.storage.image.internal.MalformedImageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Probes disk image files in pure Java, reading only headers and metadata tables (a few KiB for
 * most formats, the L1/L2 tables for qcow2 up to a fixed bound), so a sparse multi-GiB file is as
 * quick as a small one. Agrees with {@code qemu-img info} on format and virtual size.
 */
public final class DiskImages {

    private DiskImages() {}

    /**
     * Probes {@code file}.
     *
     * @throws InvalidSpecException if the file does not exist, is not a regular readable file, or
     *         has the signature of a format whose header is malformed
     * @throws EdgeVmException if reading fails for another reason (an I/O error)
     */
    public static DiskImageInfo probe(Path file) {
        String subject = "disk image " + file;
        if (!Files.exists(file)) {
            throw InvalidSpecException.of(subject, "imagePath", "'" + file + "' does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw InvalidSpecException.of(subject, "imagePath", "'" + file + "' is not a regular file");
        }
        try {
            return new DiskImageInfo(file, ImageProber.probe(file));
        } catch (NoSuchFileException e) {
            throw InvalidSpecException.of(subject, "imagePath", "'" + file + "' does not exist");
        } catch (AccessDeniedException e) {
            throw InvalidSpecException.of(subject, "imagePath", "'" + file + "' is not readable");
        } catch (MalformedImageException e) {
            throw InvalidSpecException.of(subject, "imagePath", "'" + file + "' is not a valid disk image: " + e.getMessage());
        } catch (IOException e) {
            throw new EdgeVmException("cannot read " + file + ": " + e, e);
        }
    }
}
