package dev.edgevm.storage.upload;

import java.util.concurrent.CompletableFuture;

/** An upload running in the background, started by {@link ImageUploader#start}. */
public interface UploadHandle {

    /** Completes with the result, or exceptionally with an {@link UploadException} or a cancellation. */
    CompletableFuture<UploadResult> result();

    /**
     * Stops the upload: closes the connection and lets its thread end. Returns false when it had
     * already finished.
     */
    boolean cancel();

    /**
     * Waits for the upload to finish.
     *
     * @throws UploadException why it failed
     * @throws java.util.concurrent.CancellationException if it was cancelled
     */
    UploadResult await();
}
