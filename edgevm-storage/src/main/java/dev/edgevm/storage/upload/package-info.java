/**
 * Uploads of disk images through CDI's upload proxy. {@link dev.edgevm.storage.upload.Uploads}
 * (from {@code EdgeStorage.of(edge).uploads()}) does a whole upload into a new DataVolume: checks,
 * volumes, DataVolume, token, waiting for the upload pod, the transfer with retries, waiting for
 * CDI, clean-up. Underneath, {@link dev.edgevm.storage.upload.ImageUploader} streams one
 * {@link dev.edgevm.storage.upload.UploadRequest} over HTTPS with a Bearer token, verifying TLS
 * against a given CA ({@link dev.edgevm.storage.upload.UploadTls}), reporting progress, and failing
 * with an {@link dev.edgevm.storage.upload.UploadException} that says whether the server refused or
 * the connection was lost.
 */
package dev.edgevm.storage.upload;
