package dev.edgevm.embedded.internal.cdi.upload;

/** The proxy cannot forward to the claim's upload server; the message is the body of its 503. */
public final class UploadNotReadyException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean terminal;

  /** @param terminal true when waiting cannot help (no such claim, not an upload target, finished) */
  public UploadNotReadyException(String message, boolean terminal) {
    super(message, null, false, false);
    this.terminal = terminal;
  }

  public boolean terminal() {
    return terminal;
  }
}
