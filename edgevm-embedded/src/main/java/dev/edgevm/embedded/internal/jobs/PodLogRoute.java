package dev.edgevm.embedded.internal.jobs;

import dev.edgevm.embedded.internal.api.ApiRequest;
import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.Route;
import dev.edgevm.embedded.internal.api.Statuses;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import io.fabric8.mockwebserver.http.MockResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log}: a container's output as the kubelet serves it
 * ({@code container}, {@code tailLines} and {@code limitBytes} honoured; {@code follow} answers with
 * what there is), and the API server's errors for an unknown pod, a missing container name or a
 * container that has not started.
 */
final class PodLogRoute implements Route {

  private final ClusterApi api;
  private final PodLogs logs;

  PodLogRoute(ClusterApi api, PodLogs logs) {
    this.api = api;
    this.logs = logs;
  }

  static boolean matches(ApiRequest request) {
    return "".equals(request.group()) && "pods".equals(request.resource()) && "log".equals(request.subresource())
        && "GET".equals(request.method());
  }

  @Override
  public MockResponse handle(ApiRequest request) {
    Optional<tools.jackson.databind.node.ObjectNode> found = api.get(CoreTypes.PODS, request.namespace(), request.name());
    if (found.isEmpty()) {
      return Statuses.response(Statuses.notFound(CoreTypes.PODS, request.name()));
    }
    JsonNode pod = found.get();
    List<String> containers = new ArrayList<>();
    Json.items(pod, "spec", "containers").forEach(c -> containers.add(Json.text(c, "name")));
    String container = request.query("container");
    if (container == null || container.isEmpty()) {
      if (containers.size() != 1) {
        return Statuses.response(Statuses.badRequest("a container name must be specified for pod " + request.name()
            + ", choose one of: " + containers.toString().replace(",", "")));
      }
      container = containers.get(0);
    } else if (!containers.contains(container)) {
      return Statuses.response(Statuses.badRequest("container " + container + " is not valid for pod "
          + request.name()));
    }
    Optional<Path> log = logs.find(request.namespace(), request.name(), container);
    if (log.isEmpty() || !Files.exists(log.get())) {
      if ("Pending".equals(Json.textOr(pod, "Pending", "status", "phase"))) {
        return Statuses.response(Statuses.badRequest("container \"" + container + "\" in pod \"" + request.name()
            + "\" is waiting to start: ContainerCreating"));
      }
      return text("");
    }
    try {
      return text(select(Files.readString(log.get(), StandardCharsets.UTF_8), request));
    } catch (IOException e) {
      return Statuses.response(Statuses.internalError("cannot read the log of " + container + ": " + e.getMessage()));
    }
  }

  private static String select(String log, ApiRequest request) {
    String result = log;
    String tail = request.query("tailLines");
    if (tail != null && tail.matches("\\d+")) {
      int lines = Integer.parseInt(tail);
      String[] all = result.split("(?<=\n)");
      StringBuilder kept = new StringBuilder();
      for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
        kept.append(all[i]);
      }
      result = kept.toString();
    }
    String limit = request.query("limitBytes");
    if (limit != null && limit.matches("\\d+")) {
      byte[] bytes = result.getBytes(StandardCharsets.UTF_8);
      int max = (int) Math.min(bytes.length, Long.parseLong(limit));
      result = new String(bytes, 0, max, StandardCharsets.UTF_8);
    }
    return result;
  }

  private static MockResponse text(String body) {
    return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain").setBody(body);
  }
}
