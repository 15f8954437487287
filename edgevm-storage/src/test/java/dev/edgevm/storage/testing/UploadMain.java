package dev.edgevm.storage.testing;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.storage.upload.ImageUploader;
import dev.edgevm.storage.upload.UploadRequest;
import dev.edgevm.storage.upload.UploadResult;
import dev.edgevm.storage.upload.UploadTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs one upload in a JVM of its own (a test forks it with a small heap): url, CA file, token, file. */
public final class UploadMain {

    private UploadMain() {}

    public static void main(String[] args) throws Exception {
        try (ImageUploader uploader = ImageUploader.create()) {
            UploadResult result = uploader.upload(UploadRequest.builder()
                    .uri(URI.create(args[0]))
                    .tls(UploadTls.trusting(Files.readString(Path.of(args[1]))))
                    .token(args[2])
                    .file(Path.of(args[3]))
                    .build(), ProgressListener.none());
            System.out.println("SENT " + result.bytesSent() + " MAXHEAP " + Runtime.getRuntime().maxMemory());
        }
    }
}
