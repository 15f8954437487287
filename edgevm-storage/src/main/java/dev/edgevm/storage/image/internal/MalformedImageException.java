package dev.edgevm.storage.image.internal;

import java.io.IOException;

/** A file has a format's signature but its header contradicts itself or points outside the file. */
public final class MalformedImageException extends IOException {

    public MalformedImageException(String message) {
        super(message);
    }

    public MalformedImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
