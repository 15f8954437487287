package dev.edgevm.embedded.internal.pods;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * What the scheduler, storage, CDI and export components ask of pods: the claims they mount, and
 * whether a claim is in use.
 */
public final class Pods {

  private Pods() {
  }

  /** The claims named by the pod's {@code persistentVolumeClaim} volumes. */
  public static Set<String> claimNames(JsonNode pod) {
    Set<String> claims = new LinkedHashSet<>();
    for (JsonNode volume : Json.items(pod, "spec", "volumes")) {
      String claim = Json.text(volume, "persistentVolumeClaim", "claimName");
      if (claim != null) {
        claims.add(claim);
      }
    }
    return claims;
  }

  /** Whether a pod that has not finished uses the claim: a finished pod no longer holds its volumes. */
  public static boolean claimInUse(ClusterApi api, String namespace, String claim) {
    return claimInUse(api, namespace, claim, pod -> false);
  }

  /** As {@link #claimInUse(ClusterApi, String, String)}, not counting the pods {@code ignored} accepts. */
  public static boolean claimInUse(ClusterApi api, String namespace, String claim, Predicate<JsonNode> ignored) {
    return !api.list(CoreTypes.PODS, namespace, pod -> !PodStatuses.isFinished(pod) && !ignored.test(pod)
        && claimNames(pod).contains(claim)).isEmpty();
  }
}
