package dev.edgevm.storage.upload;

/**
 * The upload got no complete answer: the connection was refused, timed out, or dropped before the
 * server replied. Retryable; CDI cannot resume an upload, so a retry starts again from byte 0.
 */
public final class UploadConnectionException extends UploadException {

    public UploadConnectionException(String message, long bytesSent, Throwable cause) {
        super(message, bytesSent, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
