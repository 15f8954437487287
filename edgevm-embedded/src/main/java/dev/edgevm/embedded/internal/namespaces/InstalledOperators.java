package dev.edgevm.embedded.internal.namespaces;

import dev.edgevm.embedded.internal.api.ObjectKey;
import dev.edgevm.embedded.internal.api.ObjectStore;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What the installed operators (KubeVirt's, CDI's) put into their namespaces that the namespace
 * controller cares about: the operator's own pods, and the aggregated APIs (APIServices) served by
 * pods there. An aggregated API whose pods are gone fails discovery, and while it does, the
 * namespace controller finalizes no namespace: deleting an operator's namespace before its
 * custom resource (the wrong order) leaves it Terminating.
 */
public final class InstalledOperators {

  private record ServedApi(String groupVersion, String namespace, String podPrefix) {
  }

  private final Map<String, String> operatorPods = new ConcurrentHashMap<>();
  private final Map<String, ServedApi> apis = new ConcurrentHashMap<>();

  /** The operator of the namespace runs in pods whose names start with {@code podPrefix}. */
  public void operator(String namespace, String podPrefix) {
    operatorPods.put(namespace, podPrefix);
  }

  /** The aggregated API {@code group/version} is served by the pods whose names start with {@code podPrefix}. */
  public void aggregatedApi(String groupVersion, String namespace, String podPrefix) {
    apis.put(groupVersion, new ServedApi(groupVersion, namespace, podPrefix));
  }

  /** The name prefix of the pods of the namespace's operator, if an operator was installed there. */
  Optional<String> operatorPodPrefix(String namespace) {
    return Optional.ofNullable(operatorPods.get(namespace));
  }

  /** Whether the pod serves an aggregated API (its changes may make the API available or not). */
  boolean servesAnApi(ObjectKey pod) {
    return apis.values().stream().anyMatch(api -> serves(api, pod.namespace(), pod.name()));
  }

  /** The aggregated APIs no pod serves (none left, or all being deleted), sorted. */
  List<String> unavailable(ObjectStore store) {
    return apis.values().stream()
        .filter(api -> store.list(CoreTypes.PODS, api.namespace(),
            pod -> serves(api, api.namespace(), Json.name(pod)) && !Json.deleting(pod)).isEmpty())
        .map(ServedApi::groupVersion).sorted().collect(Collectors.toList());
  }

  private static boolean serves(ServedApi api, String namespace, String podName) {
    return api.namespace().equals(namespace) && podName != null && podName.startsWith(api.podPrefix());
  }
}
