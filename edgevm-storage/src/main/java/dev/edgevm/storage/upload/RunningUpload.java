package dev.edgevm.storage.upload;

import java.util.concurrent.CompletableFuture;

/** An upload running on its own thread, started by {@link Uploads#start}. */
public interface RunningUpload {

    /** Completes with the result, or exceptionally with why it failed (or a cancellation). */
    CompletableFuture<DataVolumeUpload> result();

    /**
     * Stops the upload and undoes what it created (DataVolume, volumes). Returns false if it had
     * already finished.
     */
    boolean cancel();

    /**
     * Waits for the upload to end.
     *
     * @throws java.util.concurrent.CancellationException if it was cancelled
     */
    DataVolumeUpload await();
}
