/**
 * Disk image probing in pure Java ({@link dev.edgevm.storage.image.DiskImages#probe}), agreeing
 * with {@code qemu-img info}, and the checks an image must pass before it is uploaded through CDI
 * ({@link dev.edgevm.storage.image.UploadPreflight}, with CDI's
 * {@link dev.edgevm.storage.image.FilesystemOverhead} arithmetic).
 */
package dev.edgevm.storage.image;
