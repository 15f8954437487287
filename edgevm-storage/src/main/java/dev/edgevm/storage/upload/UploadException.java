package dev.edgevm.storage.upload;

import dev.edgevm.core.EdgeVmException;

/**
 * An upload did not complete. The subclasses say why: the server answered with an error
 * ({@link UploadRejectedException}), the connection failed or dropped ({@link UploadConnectionException}),
 * or the server could not be trusted ({@link UploadTrustException}). CDI uploads cannot resume: a
 * retry sends the file again from byte 0.
 */
public abstract class UploadException extends EdgeVmException {

    private final long bytesSent;

    UploadException(String message, long bytesSent, Throwable cause) {
        super(message, cause);
        this.bytesSent = bytesSent;
    }

    /** Body bytes handed to the connection before the failure. */
    public long bytesSent() {
        return bytesSent;
    }
}
