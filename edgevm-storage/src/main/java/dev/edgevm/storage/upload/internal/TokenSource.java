package dev.edgevm.storage.upload.internal;

/** Where upload tokens come from: CDI's UploadTokenRequest API, one token per call. */
@FunctionalInterface
public interface TokenSource {

    /** A fresh token granting an upload into {@code namespace/claim}. */
    String token(String namespace, String claim);
}
