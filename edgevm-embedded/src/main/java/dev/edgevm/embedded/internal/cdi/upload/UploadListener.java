package dev.edgevm.embedded.internal.cdi.upload;

/** What the upload pod reports to its controller, as a real pod does through its status. */
public interface UploadListener {

  /** The image is complete in {@code disk.img}; the upload pod can terminate successfully. */
  void succeeded(ProcessedImage image);

  /** Processing failed after the data was accepted; the pod fails and is restarted. */
  void failed(String message);
}
