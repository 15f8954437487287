package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * The Pod Security admission of a namespace labelled {@code pod-security.kubernetes.io/enforce}
 * ({@code baseline} or {@code restricted}; {@code privileged} allows everything): a new pod that
 * breaks the level's rules is refused with the admission's message, e.g. {@code violates
 * PodSecurity "baseline:latest": hostPath volumes (volume "data")}. The checks are a subset of the
 * Pod Security Standards, in the admission's order (the baseline checks, then the restricted ones):
 * host namespaces, hostPath volumes, host ports, privileged containers; for restricted also
 * privilege escalation, capabilities not dropped, volume types, non-root, user 0 and seccomp.
 */
final class PodSecurity {

  static final String ENFORCE = "pod-security.kubernetes.io/enforce";
  static final String ENFORCE_VERSION = "pod-security.kubernetes.io/enforce-version";

  /** Volume types the restricted level allows. */
  private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
      "ephemeral", "persistentVolumeClaim", "projected", "secret");

  private PodSecurity() {
  }

  /** Why the namespace's level forbids the pod, as the admission words it; empty when it is allowed. */
  static Optional<String> violation(JsonNode namespace, JsonNode pod) {
    String level = Json.labels(namespace).getOrDefault(ENFORCE, "privileged");
    boolean restricted = level.equals("restricted");
    if (!restricted && !level.equals("baseline")) {
      return Optional.empty();
    }
    JsonNode spec = pod.path("spec");
    List<String> reasons = new ArrayList<>();
    hostNamespaces(spec).ifPresent(reasons::add);
    if (!restricted) {
      hostPathVolumes(spec).ifPresent(reasons::add); // restricted words it as a volume type
    }
    hostPorts(spec).ifPresent(reasons::add);
    containersSetting(spec, c -> Json.bool(c, false, "securityContext", "privileged"))
        .map(names -> "privileged (" + names + " must not set securityContext.privileged=true)").ifPresent(reasons::add);
    if (restricted) {
      containersSetting(spec, c -> !Json.at(c, "securityContext", "allowPrivilegeEscalation").isBoolean()
          || Json.bool(c, true, "securityContext", "allowPrivilegeEscalation"))
          .map(names -> "allowPrivilegeEscalation != false (" + names
              + " must set securityContext.allowPrivilegeEscalation=false)").ifPresent(reasons::add);
      containersSetting(spec, c -> Json.items(c, "securityContext", "capabilities", "drop").stream()
          .noneMatch(cap -> "ALL".equals(cap.asString())))
          .map(names -> "unrestricted capabilities (" + names + " must set securityContext.capabilities.drop=[\"ALL\"])")
          .ifPresent(reasons::add);
      restrictedVolumes(spec).ifPresent(reasons::add);
      runAsNonRoot(spec).ifPresent(reasons::add);
      runAsUser(spec).ifPresent(reasons::add);
      seccomp(spec).ifPresent(reasons::add);
    }
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    String version = Json.labels(namespace).getOrDefault(ENFORCE_VERSION, "latest");
    return Optional.of("violates PodSecurity \"" + level + ":" + version + "\": " + String.join(", ", reasons));
  }

  private static Optional<String> hostNamespaces(JsonNode spec) {
    List<String> shared = new ArrayList<>();
    for (String field : List.of("hostIPC", "hostNetwork", "hostPID")) {
      if (Json.bool(spec, false, field)) {
        shared.add(field + "=true");
      }
    }
    return shared.isEmpty() ? Optional.empty() : Optional.of("host namespaces (" + String.join(", ", shared) + ")");
  }

  private static Optional<String> hostPathVolumes(JsonNode spec) {
    List<String> volumes = Json.items(spec, "volumes").stream().filter(v -> v.has("hostPath"))
        .map(v -> Json.text(v, "name")).toList();
    return volumes.isEmpty() ? Optional.empty()
        : Optional.of("hostPath volumes (" + plural("volume", volumes.size()) + " " + quoted(volumes) + ")");
  }

  private static Optional<String> hostPorts(JsonNode spec) {
    List<String> containers = new ArrayList<>();
    Set<String> ports = new LinkedHashSet<>();
    for (JsonNode container : containers(spec)) {
      List<String> own = Json.items(container, "ports").stream().map(p -> p.path("hostPort"))
          .filter(p -> p.isNumber() && p.asInt() != 0).map(p -> Integer.toString(p.asInt())).toList();
      if (!own.isEmpty()) {
        containers.add(Json.text(container, "name"));
        ports.addAll(own);
      }
    }
    if (containers.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("hostPort (" + plural("container", containers.size()) + " " + quoted(containers) + " "
        + (containers.size() == 1 ? "uses" : "use") + " " + plural("hostPort", ports.size()) + " "
        + String.join(", ", ports) + ")");
  }

  private static Optional<String> restrictedVolumes(JsonNode spec) {
    List<String> volumes = new ArrayList<>();
    Set<String> types = new TreeSet<>();
    for (JsonNode volume : Json.items(spec, "volumes")) {
      List<String> own = new ArrayList<>();
      volume.propertyNames().forEach(field -> {
        if (!field.equals("name") && !RESTRICTED_VOLUME_TYPES.contains(field)) {
          own.add(field);
        }
      });
      if (!own.isEmpty()) {
        volumes.add(Json.text(volume, "name"));
        types.addAll(own);
      }
    }
    if (volumes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("restricted volume types (" + plural("volume", volumes.size()) + " " + quoted(volumes) + " "
        + (volumes.size() == 1 ? "uses" : "use") + " restricted volume " + plural("type", types.size()) + " "
        + quoted(List.copyOf(types)) + ")");
  }

  private static Optional<String> runAsNonRoot(JsonNode spec) {
    JsonNode podSetting = Json.at(spec, "securityContext", "runAsNonRoot");
    List<String> setters = new ArrayList<>();
    if (podSetting.isBoolean() && !podSetting.asBoolean()) {
      setters.add("pod");
    }
    containersSetting(spec, c -> Json.at(c, "securityContext", "runAsNonRoot").isBoolean()
        && !Json.bool(c, true, "securityContext", "runAsNonRoot")).ifPresent(setters::add);
    if (!setters.isEmpty()) {
      return Optional.of("runAsNonRoot != true (" + String.join(" and ", setters)
          + " must not set securityContext.runAsNonRoot=false)");
    }
    boolean podNonRoot = podSetting.isBoolean() && podSetting.asBoolean();
    return containersSetting(spec, c -> !podNonRoot && !Json.at(c, "securityContext", "runAsNonRoot").isBoolean())
        .map(names -> "runAsNonRoot != true (pod or " + names + " must set securityContext.runAsNonRoot=true)");
  }

  private static Optional<String> runAsUser(JsonNode spec) {
    List<String> setters = new ArrayList<>();
    if (isZero(Json.at(spec, "securityContext", "runAsUser"))) {
      setters.add("pod");
    }
    containersSetting(spec, c -> isZero(Json.at(c, "securityContext", "runAsUser"))).ifPresent(setters::add);
    return setters.isEmpty() ? Optional.empty()
        : Optional.of("runAsUser=0 (" + String.join(" and ", setters) + " must not set runAsUser=0)");
  }

  private static Optional<String> seccomp(JsonNode spec) {
    boolean podConfined = confined(Json.at(spec, "securityContext", "seccompProfile", "type"));
    return containersSetting(spec, c -> {
      JsonNode type = Json.at(c, "securityContext", "seccompProfile", "type");
      return type.isMissingNode() || type.isNull() ? !podConfined : !confined(type);
    }).map(names -> "seccompProfile (pod or " + names
        + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
  }

  private static boolean confined(JsonNode type) {
    return "RuntimeDefault".equals(type.asString("")) || "Localhost".equals(type.asString(""));
  }

  private static boolean isZero(JsonNode value) {
    return value.isNumber() && value.asLong() == 0;
  }

  /** "container \"a\"" or "containers \"a\", \"b\"": the containers (init ones too) the test accepts. */
  private static Optional<String> containersSetting(JsonNode spec, Function<JsonNode, Boolean> test) {
    List<String> names = containers(spec).stream().filter(test::apply).map(c -> Json.text(c, "name")).toList();
    return names.isEmpty() ? Optional.empty() : Optional.of(plural("container", names.size()) + " " + quoted(names));
  }

  private static List<JsonNode> containers(JsonNode spec) {
    List<JsonNode> all = new ArrayList<>(Json.items(spec, "initContainers"));
    all.addAll(Json.items(spec, "containers"));
    return all;
  }

  private static String plural(String word, int count) {
    return count == 1 ? word : word + "s";
  }

  private static String quoted(List<String> names) {
    return names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
  }
}
