package dev.edgevm.embedded.internal.api;

import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Objects;

/**
 * A response whose body is written over time as a chunked HTTP body (an HTTP watch): once the
 * headers are out, the server hands the producer the {@link Body} to write to.
 */
public final class StreamedResponse extends MockResponse {

  /** Where a streamed body goes; callable from any thread. */
  public interface Body {

    /** Writes a chunk; ignored once the body ended or the client went away. */
    void write(String chunk);

    /** Ends the body (the last chunk); the connection stays usable for the next request. */
    void end();

    /** Closes the connection without ending the body (an injected fault). */
    void abort();
  }

  /** Writes the body of one response. */
  public interface Producer {

    /** The headers are sent: the body may be written from now on. */
    void start(Body body);

    /** The client closed the connection (or it broke) before the body ended. */
    void clientGone();
  }

  private final Producer producer;

  public StreamedResponse(int code, String contentType, Producer producer) {
    this.producer = Objects.requireNonNull(producer, "producer");
    setResponseCode(code);
    setHeader("Content-Type", contentType);
  }

  public Producer producer() {
    return producer;
  }
}
