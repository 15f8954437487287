package dev.edgevm.embedded.internal.cdi.upload;

/** How the upload proxy finds the upload server behind a claim, as CDI's proxy reads the PVC. */
@FunctionalInterface
public interface UploadTargets {

  /**
   * The claim's upload server when its upload pod is ready.
   *
   * @throws UploadNotReadyException with CDI's message when the claim does not exist, is not an
   *     upload target, has finished uploading, or its pod is not ready (yet)
   */
  UploadServer find(String namespace, String claimName) throws UploadNotReadyException;
}
