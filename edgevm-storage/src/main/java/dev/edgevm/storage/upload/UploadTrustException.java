package dev.edgevm.storage.upload;

/**
 * The server's TLS certificate is not signed by the CA the upload trusts, or does not name the
 * host. Not retryable: give the right CA (CDI's upload proxy CA), or ask for an insecure upload.
 */
public final class UploadTrustException extends UploadException {

    public UploadTrustException(String message, Throwable cause) {
        super(message, 0, cause);
    }
}
