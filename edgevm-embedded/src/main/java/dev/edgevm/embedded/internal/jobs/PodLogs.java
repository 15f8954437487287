package dev.edgevm.embedded.internal.jobs;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the log of each container that ran on the cluster is, for the {@code pods/log} endpoint.
 * Components that run containers register their log files here.
 */
public final class PodLogs {

  private final Map<String, Path> logs = new ConcurrentHashMap<>();

  private static String key(String namespace, String pod, String container) {
    return namespace + "/" + pod + "/" + container;
  }

  public void register(String namespace, String pod, String container, Path log) {
    logs.put(key(namespace, pod, container), log);
  }

  public Optional<Path> find(String namespace, String pod, String container) {
    return Optional.ofNullable(logs.get(key(namespace, pod, container)));
  }

  public void forget(String namespace, String pod) {
    logs.keySet().removeIf(key -> key.startsWith(namespace + "/" + pod + "/"));
  }
}
