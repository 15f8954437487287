package dev.edgevm.storage.upload;

/**
 * The server answered the upload with an HTTP error: CDI's upload proxy says 401 for a bad or
 * expired token, 400 for a malformed request, 503 (with the reason in the body) while the upload
 * pod is not ready yet. Retryable for 5xx and 429.
 */
public final class UploadRejectedException extends UploadException {

    private final int statusCode;
    private final String body;

    public UploadRejectedException(String target, int statusCode, String body, long bytesSent) {
        super(describe(target, statusCode, body), bytesSent, null);
        this.statusCode = statusCode;
        this.body = body;
    }

    /** The HTTP status code. */
    public int statusCode() {
        return statusCode;
    }

    /** The response body as text (at most 64 KiB), empty when there was none. */
    public String body() {
        return body;
    }

    @Override
    public boolean retryable() {
        return statusCode >= 500 || statusCode == 429;
    }

    private static String describe(String target, int status, String body) {
        String hint = switch (status) {
            case 401 -> " (the upload token was refused: it is valid for 5 minutes, request a new one)";
            case 400 -> " (the upload proxy did not accept the request or its token)";
            case 503 -> " (the upload pod is not ready yet, or cannot take this upload; try again)";
            default -> "";
        };
        String text = body == null || body.isBlank() ? "" : ": " + body.strip();
        return "upload to " + target + " was rejected with HTTP " + status + hint + text;
    }
}
