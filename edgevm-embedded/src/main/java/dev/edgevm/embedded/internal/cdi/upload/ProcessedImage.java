package dev.edgevm.embedded.internal.cdi.upload;

import dev.edgevm.embedded.internal.disk.DiskImageFormat;

/**
 * The outcome of processing one upload.
 *
 * @param receivedBytes bytes of the request body
 * @param format the format the data arrived in; null for an archive (a tar unpacked into the volume)
 * @param conversionSkipped true when a non-raw image was stored unconverted because qemu-img is absent
 * @param diskSize the size of {@code disk.img} afterwards
 */
public record ProcessedImage(long receivedBytes, DiskImageFormat format, boolean conversionSkipped, long diskSize) {
}
