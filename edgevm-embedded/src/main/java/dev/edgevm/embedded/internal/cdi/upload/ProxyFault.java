package dev.edgevm.embedded.internal.cdi.upload;

/** A failure injected into one upload request, on top of what the real proxy would answer. */
public final class ProxyFault {

  /** What happens to the request. */
  public enum Kind {
    /** Answer with {@link #status()} (and Retry-After when set) without forwarding. */
    RESPOND,
    /** Close the connection before answering. */
    DROP,
    /** Accept part of the body, then close the connection (at the body's end at the latest). */
    DROP_MID_BODY,
    /** Serve the request completely, then close the connection instead of answering. */
    DROP_RESPONSE
  }

  private final Kind kind;
  private final int status;
  private final int retryAfterSeconds;
  private final double position;
  private final Runnable applied;

  private ProxyFault(Kind kind, int status, int retryAfterSeconds, double position, Runnable applied) {
    this.kind = kind;
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.position = position;
    this.applied = applied;
  }

  /** A response with this status; {@code retryAfterSeconds} of 0 sends no Retry-After. */
  public static ProxyFault respond(int status, int retryAfterSeconds) {
    return new ProxyFault(Kind.RESPOND, status, retryAfterSeconds, 0, () -> { });
  }

  public static ProxyFault dropResponse() {
    return new ProxyFault(Kind.DROP_RESPONSE, 0, 0, 0, () -> { });
  }

  public static ProxyFault drop() {
    return new ProxyFault(Kind.DROP, 0, 0, 0, () -> { });
  }

  /**
   * Lets the body through up to {@code position} (0 to 1) of its length, then drops the
   * connection; a body of unknown length (chunked) is cut that far into its first
   * {@link #UNKNOWN_LENGTH_SPAN} bytes, or at its end when it is shorter.
   */
  public static ProxyFault dropMidBody(double position) {
    if (!(position >= 0 && position < 1)) {
      throw new IllegalArgumentException("position must be in [0, 1), was " + position);
    }
    return new ProxyFault(Kind.DROP_MID_BODY, 0, 0, position, () -> { });
  }

  /** How much of a chunked body the drop position spans. */
  public static final long UNKNOWN_LENGTH_SPAN = 4L * 1024 * 1024;

  /** The same fault, calling {@code applied} when it happens (to count it). */
  public ProxyFault whenApplied(Runnable applied) {
    return new ProxyFault(kind, status, retryAfterSeconds, position, applied);
  }

  /** Tells the fault's owner that it happened; call once. */
  public void applied() {
    applied.run();
  }

  public Kind kind() {
    return kind;
  }

  public int status() {
    return status;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Where a mid-body drop happens in a body of this length (negative: unknown, chunked). */
  public long dropOffset(long contentLength) {
    return (long) (position * (contentLength >= 0 ? contentLength : UNKNOWN_LENGTH_SPAN));
  }

  @Override
  public String toString() {
    switch (kind) {
      case RESPOND:
        return "respond " + status + (retryAfterSeconds > 0 ? " Retry-After " + retryAfterSeconds : "");
      case DROP:
        return "drop the connection";
      case DROP_RESPONSE:
        return "serve, then drop the connection instead of answering";
      default:
        return "drop the connection " + Math.round(position * 100) + "% into the body";
    }
  }
}
