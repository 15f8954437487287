package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.cdi.upload.UploadNotReadyException;
import dev.edgevm.embedded.internal.cdi.upload.UploadServer;
import dev.edgevm.embedded.internal.cdi.upload.UploadTargets;
import dev.edgevm.embedded.internal.json.Json;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * The upload servers of the running upload pods, and the proxy's lookup of them through the claim
 * as CDI's proxy does it: the claim must exist, be an upload target, not be finished, its
 * pod-ready annotation must be true and its content type one CDI knows (kubevirt, archive).
 */
final class UploadServers implements UploadTargets {

  private final ClusterApi api;
  private final Map<String, UploadServer> byPod = new ConcurrentHashMap<>();

  UploadServers(ClusterApi api) {
    this.api = api;
  }

  void put(String namespace, String pod, UploadServer server) {
    byPod.put(namespace + "/" + pod, server);
  }

  UploadServer get(String namespace, String pod) {
    return byPod.get(namespace + "/" + pod);
  }

  void remove(String namespace, String pod) {
    byPod.remove(namespace + "/" + pod);
  }

  @Override
  public UploadServer find(String namespace, String claimName) throws UploadNotReadyException {
    JsonNode pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, claimName).orElse(null);
    if (pvc == null) {
      throw new UploadNotReadyException("rejecting Upload Request for PVC " + claimName + " that doesn't exist", true);
    }
    Map<String, String> annotations = Json.annotations(pvc);
    if (!annotations.containsKey(CdiNames.ANN_UPLOAD_REQUEST)) {
      throw new UploadNotReadyException("PVC " + claimName + " is not an upload target", true);
    }
    if ("Succeeded".equals(annotations.get(CdiNames.ANN_POD_PHASE))) {
      throw new UploadNotReadyException("rejecting Upload Request for PVC " + claimName
          + " that already finished uploading", true);
    }
    UploadServer server = byPod.get(namespace + "/" + UploadController.podName(pvc));
    if (!"true".equals(annotations.get(CdiNames.ANN_POD_READY)) || server == null) {
      throw new UploadNotReadyException("upload pod of PVC " + claimName + " is not ready", false);
    }
    String contentType = annotations.getOrDefault(CdiNames.ANN_CONTENT_TYPE, "");
    if (!contentType.isEmpty() && !contentType.equals(CdiNames.CONTENT_KUBEVIRT)
        && !contentType.equals(CdiNames.CONTENT_ARCHIVE)) {
      throw new UploadNotReadyException("rejecting upload request for PVC " + claimName + " - upload content-type "
          + contentType + " is invalid", true);
    }
    return server;
  }
}
