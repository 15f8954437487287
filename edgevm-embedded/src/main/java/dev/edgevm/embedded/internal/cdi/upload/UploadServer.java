package dev.edgevm.embedded.internal.cdi.upload;

import dev.edgevm.embedded.internal.cdi.upload.ImageProcessor.ImageRejectedException;
import dev.edgevm.embedded.internal.cdi.upload.ImageProcessor.Received;
import dev.edgevm.embedded.internal.https.HttpRequest;
import dev.edgevm.embedded.internal.https.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload server of one upload pod, with CDI's rules: POST only, one upload at a time (503
 * while busy), 409 once done; a synchronous upload answers after processing, an asynchronous one
 * as soon as the data is stored and processes in the background. An archive claim's upload is a tar
 * unpacked into the volume and answered when done, whichever path the client used.
 */
public final class UploadServer {

  private static final Logger LOG = LoggerFactory.getLogger(UploadServer.class);

  private final UploadDestination destination;
  private final ImageProcessor processor;
  private final UploadListener listener;
  private final Executor background;
  private final AtomicLong bytesReceived = new AtomicLong();
  private boolean uploading;
  private boolean processing;
  private boolean done;

  public UploadServer(UploadDestination destination, ImageProcessor processor, UploadListener listener,
      Executor background) {
    this.destination = destination;
    this.processor = processor;
    this.listener = listener;
    this.background = background;
  }

  /** Bytes of the current or last upload received so far. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  public synchronized boolean done() {
    return done;
  }

  /** Whether the claim takes a tar archive rather than a disk image. */
  public boolean archive() {
    return destination.archive();
  }

  void handle(HttpRequest request, HttpResponse response, InputStream body, boolean async) throws IOException {
    if (async && "HEAD".equals(request.method())) {
      response.send(200, "");
      return;
    }
    if (!"POST".equals(request.method())) {
      response.send(404, "");
      return;
    }
    synchronized (this) {
      if (uploading || processing) {
        LOG.debug("concurrent upload to {} refused", destination.dataDirectory());
        response.send(503, "");
        return;
      }
      if (done) {
        response.send(409, "");
        return;
      }
      uploading = true;
    }
    bytesReceived.set(0);
    if (destination.archive()) {
      receiveArchive(response, body);
      return;
    }
    Received received;
    try {
      received = processor.receive(body, destination, bytesReceived::set);
    } catch (ImageRejectedException e) {
      endUpload(false);
      streamError(response, e);
      return;
    } catch (IOException e) {
      endUpload(false);
      if (!(e instanceof DroppingInputStream.ConnectionDropped)) {
        trySend500(response, e);
      }
      throw e;
    }
    endUpload(true);
    if (async) {
      background.execute(() -> processInBackground(received));
      response.send(200, "");
      return;
    }
    ProcessedImage image;
    try {
      image = processor.process(received, destination);
    } catch (ImageRejectedException | IOException e) {
      synchronized (this) {
        processing = false;
      }
      streamError(response, e);
      return;
    }
    finish(image);
    response.send(200, "");
  }

  /** CDI's archive handler: unpacked while it arrives, answered once done, whatever path was asked. */
  private void receiveArchive(HttpResponse response, InputStream body) throws IOException {
    long bytes;
    try {
      bytes = ArchiveExtraction.extract(body, destination.dataDirectory());
    } catch (DroppingInputStream.ConnectionDropped e) {
      endUpload(false);
      throw e;
    } catch (IOException e) {
      endUpload(false);
      trySend500(response, e);
      return;
    }
    endUpload(true);
    finish(new ProcessedImage(bytes, null, false, 0));
    response.send(200, "");
  }

  private synchronized void endUpload(boolean nowProcessing) {
    uploading = false;
    processing = nowProcessing;
  }

  private void processInBackground(Received received) {
    try {
      finish(processor.process(received, destination));
    } catch (ImageRejectedException | IOException | RuntimeException e) {
      synchronized (this) {
        processing = false;
      }
      LOG.debug("processing the upload into {} failed", destination.dataDirectory(), e);
      listener.failed("Saving stream failed: " + e.getMessage());
    }
  }

  private void finish(ProcessedImage image) {
    synchronized (this) {
      processing = false;
      done = true;
    }
    listener.succeeded(image);
  }

  /** The client may be gone (a dropped connection is the usual cause); answer if it is not. */
  private static void trySend500(HttpResponse response, IOException cause) {
    try {
      if (!response.committed()) {
        response.send(500, "Saving stream failed: " + cause.getMessage());
      }
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }

  private static void streamError(HttpResponse response, Exception e) throws IOException {
    boolean noCapacity = e instanceof ImageRejectedException && ((ImageRejectedException) e).noCapacity();
    String message = noCapacity
        ? "effective image size is larger than the reported available storage: " + e.getMessage()
        : e.getMessage();
    response.send(noCapacity ? 400 : 500, "Saving stream failed: " + message);
  }
}
