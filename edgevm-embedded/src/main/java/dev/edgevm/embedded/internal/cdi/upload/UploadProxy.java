package dev.edgevm.embedded.internal.cdi.upload;

import dev.edgevm.embedded.internal.https.HttpHandler;
import dev.edgevm.embedded.internal.https.HttpRequest;
import dev.edgevm.embedded.internal.https.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CDI's upload proxy ({@code cdi-uploadproxy}): checks the Bearer token, waits briefly for the
 * claim's upload pod to be ready, and hands the request to that pod's upload server. Status
 * codes and bodies are CDI's: 400 for a missing or malformed Authorization header or a token that
 * grants something else, 401 for an invalid or expired token, 503 with the reason when the claim
 * cannot take an upload (yet).
 */
public final class UploadProxy implements HttpHandler {

  public static final Set<String> SYNC_PATHS = Set.of("/v1beta1/upload", "/v1alpha1/upload");
  public static final Set<String> ASYNC_PATHS = Set.of("/v1beta1/upload-async", "/v1alpha1/upload-async");
  public static final Set<String> FORM_SYNC_PATHS = Set.of("/v1beta1/upload-form", "/v1alpha1/upload-form");
  public static final Set<String> FORM_ASYNC_PATHS =
      Set.of("/v1beta1/upload-form-async", "/v1alpha1/upload-form-async");

  private static final Pattern AUTHORIZATION = Pattern.compile("(?i)^Bearer\\s+([A-Za-z0-9\\-._~+/]+)$");
  private static final Duration POLL = Duration.ofMillis(100);

  private final UploadTokens tokens;
  private final UploadTargets targets;
  private final ProxyFaults faults;
  private final Duration readyWait;

  /**
   * @param readyWait how long to wait for a not-yet-ready upload pod before answering 503 (CDI
   *     waits 10 seconds)
   */
  public UploadProxy(UploadTokens tokens, UploadTargets targets, ProxyFaults faults, Duration readyWait) {
    this.tokens = tokens;
    this.targets = targets;
    this.faults = faults;
    this.readyWait = readyWait;
  }

  @Override
  public void handle(HttpRequest request, HttpResponse response) throws IOException {
    String path = request.path();
    if ("/healthz".equals(path)) {
      response.send(200, "OK");
      return;
    }
    boolean sync = SYNC_PATHS.contains(path) || FORM_SYNC_PATHS.contains(path);
    boolean async = ASYNC_PATHS.contains(path) || FORM_ASYNC_PATHS.contains(path);
    if (!sync && !async) {
      response.header("X-Content-Type-Options", "nosniff").send(404, "404 page not found\n");
      return;
    }
    Optional<ProxyFault> fault = faults.next(request.method(), path);
    InputStream body = request.body();
    if (fault.isPresent()) {
      ProxyFault injected = fault.get();
      switch (injected.kind()) {
        case RESPOND:
          injected.applied();
          if (injected.retryAfterSeconds() > 0) {
            response.header("Retry-After", Integer.toString(injected.retryAfterSeconds()));
          }
          response.send(injected.status(), "");
          return;
        case DROP:
          injected.applied();
          request.abortConnection();
          return;
        case DROP_RESPONSE:
          response.dropInsteadOfSending(injected::applied);
          break;
        default:
          Runnable once = once(injected::applied);
          body = new DroppingInputStream(body, injected.dropOffset(request.contentLength()), once);
          // answered before the body is read (refused, busy): the connection drops instead
          response.dropInsteadOfSending(once);
      }
    }
    String header = request.header("Authorization");
    if (header == null || header.isEmpty()) {
      response.send(400, "");
      return;
    }
    Matcher match = AUTHORIZATION.matcher(header);
    if (!match.matches()) {
      response.send(400, "");
      return;
    }
    Optional<UploadToken> token = tokens.verify(match.group(1));
    if (token.isEmpty()) {
      response.send(401, "");
      return;
    }
    if (!token.get().grantsUpload()) {
      response.send(400, "");
      return;
    }
    UploadServer server;
    try {
      server = awaitReady(token.get());
    } catch (UploadNotReadyException e) {
      response.send(503, escapeHtml(e.getMessage()));
      return;
    }
    // an archive claim's uploads go to the upload server's archive handler, body as sent
    if ((FORM_SYNC_PATHS.contains(path) || FORM_ASYNC_PATHS.contains(path)) && !server.archive()) {
      body = MultipartFilePart.open(request.header("Content-Type"), body);
      if (body == null) {
        response.send(400, "");
        return;
      }
    }
    try {
      server.handle(request, response, body, async);
    } catch (DroppingInputStream.ConnectionDropped e) {
      request.abortConnection();
    }
  }

  private static Runnable once(Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  /** CDI's proxy polls the claim for up to ten seconds before giving up with the last reason. */
  private UploadServer awaitReady(UploadToken token) throws UploadNotReadyException {
    long deadline = System.nanoTime() + readyWait.toNanos();
    while (true) {
      try {
        return targets.find(token.namespace(), token.name());
      } catch (UploadNotReadyException e) {
        if (e.terminal()) {
          throw e;
        }
        if (System.nanoTime() >= deadline) {
          throw new UploadNotReadyException("context deadline exceeded", true);
        }
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UploadNotReadyException("context canceled", true);
      }
    }
  }

  /** Go's html.EscapeString, which CDI applies to the reasons it returns. */
  static String escapeHtml(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<': escaped.append("&lt;"); break;
        case '>': escaped.append("&gt;"); break;
        case '&': escaped.append("&amp;"); break;
        case '\'': escaped.append("&#39;"); break;
        case '"': escaped.append("&#34;"); break;
        default: escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
