package dev.edgevm.storage.upload;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.storage.internal.Background;
import dev.edgevm.storage.upload.internal.HttpUpload;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams image files to an upload URL (CDI's upload proxy) with constant memory: a multi-GiB file
 * goes through one 1 MiB direct buffer. {@link #upload} runs on the caller's thread; {@link #start}
 * runs on a thread of its own that ends with the upload; {@link #close()} cancels what still runs.
 *
 * <pre>{@code
 * try (ImageUploader uploader = ImageUploader.create()) {
 *     UploadResult r = uploader.upload(UploadRequest.builder()
 *             .uri(URI.create("https://cdi-uploadproxy.example:443/v1beta1/upload-async"))
 *             .token(token).file(Path.of("disk.qcow2")).tls(UploadTls.trusting(caPem))
 *             .build(), System.out::println);
 * }
 * }</pre>
 */
public final class ImageUploader implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ImageUploader() {}

    public static ImageUploader create() {
        return new ImageUploader();
    }

    /**
     * Uploads on the calling thread; interrupting the thread cancels the upload.
     *
     * @throws UploadException why the upload failed: rejected by the server, connection lost, server not trusted
     * @throws CancellationException if the thread was interrupted
     */
    public UploadResult upload(UploadRequest request, ProgressListener progress) {
        checkOpen();
        return new HttpUpload(request, Objects.requireNonNull(progress, "progress")).run();
    }

    /** Starts the upload on a new thread and returns at once. */
    public UploadHandle start(UploadRequest request, ProgressListener progress) {
        checkOpen();
        Running r = new Running(new HttpUpload(request, Objects.requireNonNull(progress, "progress")));
        running.add(r);
        Thread thread = new Thread(r::run, "edgevm-upload-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        r.thread = thread;
        thread.start();
        return r;
    }

    /** Cancels the uploads still running and waits for their threads to end. */
    @Override
    public void close() {
        closed = true;
        for (Running r : running) {
            r.cancel();
        }
        for (Running r : running) {
            r.join();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this ImageUploader is closed");
        }
    }

    private final class Running implements UploadHandle {
        private final HttpUpload upload;
        private final CompletableFuture<UploadResult> result = new CompletableFuture<>();
        private volatile Thread thread;

        Running(HttpUpload upload) {
            this.upload = upload;
        }

        void run() {
            try {
                result.complete(upload.run());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            } finally {
                running.remove(this);
            }
        }

        @Override
        public CompletableFuture<UploadResult> result() {
            return result;
        }

        @Override
        public boolean cancel() {
            if (result.isDone()) {
                return false;
            }
            upload.cancel();
            return result.cancel(false);
        }

        @Override
        public UploadResult await() {
            return Background.await(result);
        }

        void join() {
            Background.join(thread);
        }
    }
}
