package dev.edgevm.storage.upload;

/**
 * CDI received the image but could not make a disk of it (its upload server failed processing:
 * conversion, a size that does not fit, a broken image). Not retryable: the message is CDI's.
 */
public final class UploadProcessingException extends UploadException {

    public UploadProcessingException(String message, long bytesSent) {
        super(message, bytesSent, null);
    }
}
