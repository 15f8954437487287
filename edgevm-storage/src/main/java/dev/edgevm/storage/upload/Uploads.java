package dev.edgevm.storage.upload;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Quantity;
import java.nio.file.Path;

/**
 * Uploads of disk images into new DataVolumes through CDI's upload proxy: the runbook's
 * {@code virtctl image-upload dv centos-dv --image-path=... --size=15Gi --storage-class=local-storage},
 * with TLS verified against the proxy's CA instead of {@code --insecure}.
 *
 * <p>One upload: check the image before sending a byte (a disk image in a format CDI converts, no
 * backing file, not encrypted, fitting the volume after CDI's filesystem overhead); allocate its
 * volume and CDI's scratch volume from the pool (for the pool's storage class; other classes
 * provision their own); create the DataVolume; get an upload token; wait for the upload pod;
 * stream the file; wait for CDI to finish; free the scratch volume. Transient failures are
 * retried (the transfer restarts from byte 0, an expired token is renewed); a failure that stays
 * undoes everything the upload created.
 *
 * <pre>{@code
 * DataVolumeUpload done = EdgeStorage.of(edge).uploads().upload("centos-dv",
 *         Path.of("CentOS-7-x86_64-GenericCloud-2003.qcow2"), Quantity.parse("15Gi"),
 *         UploadOptions.builder().node("node01").build(), System.out::println);
 * }</pre>
 */
public interface Uploads {

    /**
     * Uploads {@code image} into a new DataVolume {@code dataVolume} of {@code size}, on the
     * calling thread (interrupting it cancels and undoes the upload).
     *
     * @throws dev.edgevm.core.InvalidSpecException naming every bad argument or image problem, before any request
     * @throws dev.edgevm.core.ConflictException if a DataVolume of that name exists and is not this upload's
     * @throws UploadPodUnschedulableException if CDI's upload pod cannot be placed (with the reason and the fix)
     * @throws dev.edgevm.core.OperationFailedException when a later step failed; lists what was rolled back
     */
    DataVolumeUpload upload(String dataVolume, Path image, Quantity size, UploadOptions options, ProgressListener progress);

    /** Like {@link #upload(String, Path, Quantity, UploadOptions, ProgressListener)} without progress events. */
    default DataVolumeUpload upload(String dataVolume, Path image, Quantity size, UploadOptions options) {
        return upload(dataVolume, image, size, options, ProgressListener.none());
    }

    /** Starts the upload on a thread of its own; {@link RunningUpload#cancel()} stops and undoes it. */
    RunningUpload start(String dataVolume, Path image, Quantity size, UploadOptions options, ProgressListener progress);
}
