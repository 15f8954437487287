package dev.edgevm.embedded.internal.scheduler;

import tools.jackson.databind.JsonNode;

/**
 * The scheduler's view of a pod's PersistentVolumeClaims (its VolumeBinding plugin). The default
 * accepts bound claims on nodes their PV's node affinity allows; the storage simulation can
 * replace it ({@link PodScheduler#volumeBinding}) to bind WaitForFirstConsumer claims.
 */
public interface VolumeBinding {

  /** A reason that rules out every node (e.g. an unbound immediate claim), or null. */
  String preFilter(JsonNode pod);

  /** Why the pod's volumes cannot be used on the node, or null when they can. */
  String filter(JsonNode pod, JsonNode node);

  /** Called once the node is chosen, before the pod is bound to it (binds delayed claims). */
  void preBind(JsonNode pod, String node);
}
