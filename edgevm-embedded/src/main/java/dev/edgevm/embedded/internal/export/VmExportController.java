package dev.edgevm.embedded.internal.export;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.catalog.SnapshotTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import io.fabric8.kubernetes.api.model.Duration;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * KubeVirt's VirtualMachineExport controller: a token Secret ({@code export-token-<name>} unless
 * {@code spec.tokenSecretRef} names one), the {@code virt-export-<name>} Service and exporter
 * pod over the source's claims, and a status with phase (Pending, Ready), conditions, the Service
 * name, the token Secret and, once the exporter pod is ready, links to each volume as raw
 * {@code disk.img} and {@code gzip} {@code disk.img.gz}, with the CA to verify them. External
 * links point at this cluster's export server; the export is deleted when its TTL (default two
 * hours) expires.
 */
final class VmExportController {

  private static final java.time.Duration DEFAULT_TTL = java.time.Duration.ofHours(2);
  private static final String TOKEN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String VERSION = "v1.9.0";

  private final ClusterApi api;
  private final ExportSource sources;
  private final String externalBase;
  private final String caPem;
  private final SecureRandom random = new SecureRandom();
  private ControllerLoop<ObjectRef> loop;

  VmExportController(ClusterApi api, String externalBase, String caPem) {
    this.api = api;
    this.sources = new ExportSource(api);
    this.externalBase = externalBase;
    this.caPem = caPem;
  }

  void start(ClusterContext context) {
    loop = context.controller("vmexport-controller", this::reconcile);
    context.subscribe(SnapshotTypes.VM_EXPORTS, event -> loop.enqueue(new ObjectRef(event.namespace(), event.name())));
    context.subscribe(CoreTypes.PODS, event -> {
      if (ExportNames.EXPORTER_LABEL_VALUE.equals(Json.labels(event.latest().view()).get("kubevirt.io"))) {
        Json.items(event.latest().view(), "metadata", "ownerReferences").stream()
            .filter(owner -> "VirtualMachineExport".equals(Json.text(owner, "kind")))
            .forEach(owner -> loop.enqueue(new ObjectRef(event.namespace(), Json.text(owner, "name"))));
      }
    });
  }

  private void reconcile(ObjectRef ref) {
    ObjectNode export = api.get(SnapshotTypes.VM_EXPORTS, ref.namespace(), ref.name()).orElse(null);
    if (export == null || Json.deleting(export)) {
      return;
    }
    Instant expiry = expiry(export);
    if (Instant.now().isAfter(expiry)) {
      api.delete(SnapshotTypes.VM_EXPORTS, ref.namespace(), ref.name());
      return;
    }
    loop.enqueueAfter(ref, java.time.Duration.between(Instant.now(), expiry));
    String tokenSecret = Optional.ofNullable(Json.text(export, "spec", "tokenSecretRef"))
        .orElseGet(() -> ensureTokenSecret(export));
    String serviceName = ExportNames.resourceName(ref.name());
    ensureService(export, serviceName);
    ExportSource.Resolution resolution = sources.resolve(export);
    String podName = ExportNames.resourceName(ref.name());
    Optional<ObjectNode> pod = api.get(CoreTypes.PODS, ref.namespace(), podName);
    if (!resolution.ready()) {
      pod.filter(p -> !Json.deleting(p)).ifPresent(p -> api.delete(CoreTypes.PODS, ref.namespace(), podName));
      pod = Optional.empty();
      loop.enqueueAfter(ref, java.time.Duration.ofSeconds(1));
    } else if (pod.isEmpty()) {
      pod = Optional.of(createPod(export, podName, serviceName, tokenSecret, resolution));
    }
    JsonNode exporter = pod.orElse(null);
    api.updateStatus(SnapshotTypes.VM_EXPORTS, ref.namespace(), ref.name(), current -> {
      ObjectNode status = Json.with(current, "status");
      status.put("serviceName", serviceName);
      status.put("tokenSecretRef", tokenSecret);
      status.put("ttlExpirationTime", Json.timestamp(expiry));
      if (resolution.vmName() != null) {
        status.put("virtualMachineName", resolution.vmName());
      }
      ArrayNode previous = Json.withArray(status, "conditions").deepCopy();
      ArrayNode conditions = status.putArray("conditions");
      ObjectNode links = status.putObject("links");
      if (exporter == null) {
        status.put("phase", "Pending");
        conditions.add(ExportSource.condition("Ready", false, resolution.reason(), resolution.message()));
      } else if (ready(exporter)) {
        status.put("phase", "Ready");
        conditions.add(ExportSource.condition("Ready", true, "PodReady", ""));
        links.set("internal", links(current, resolution, "https://" + serviceName + "." + ref.namespace() + ".svc"));
        links.set("external", links(current, resolution, externalBase + String.format(ExportNames.EXTERNAL_PATH,
            ref.namespace(), ref.name())));
      } else {
        status.put("phase", "Pending");
        conditions.add(ExportSource.condition("Ready", false, "PodPending", ""));
      }
      if (resolution.sourceCondition() != null) {
        conditions.add(resolution.sourceCondition());
      }
      keepTransitionTimes(conditions, previous);
      return current;
    });
  }

  /** A condition that did not change keeps its lastTransitionTime, so an unchanged status is not rewritten. */
  private static void keepTransitionTimes(ArrayNode conditions, ArrayNode previous) {
    for (JsonNode condition : conditions) {
      for (JsonNode old : previous) {
        if (Json.text(old, "type").equals(Json.text(condition, "type"))
            && Json.textOr(old, "", "status").equals(Json.textOr(condition, "", "status"))
            && Json.textOr(old, "", "reason").equals(Json.textOr(condition, "", "reason"))
            && Json.textOr(old, "", "message").equals(Json.textOr(condition, "", "message"))) {
          ((ObjectNode) condition).put("lastTransitionTime", Json.text(old, "lastTransitionTime"));
        }
      }
    }
  }

  private ObjectNode links(JsonNode export, ExportSource.Resolution resolution, String base) {
    ObjectNode link = Json.object();
    link.put("cert", caPem.trim());
    ArrayNode volumes = link.putArray("volumes");
    for (ExportSource.Volume volume : resolution.volumes()) {
      ObjectNode entry = volumes.addObject();
      entry.put("name", volume.name());
      ArrayNode formats = entry.putArray("formats");
      formats.addObject().put("format", "raw").put("url", base + "/volumes/" + volume.claim() + "/disk.img");
      formats.addObject().put("format", "gzip").put("url", base + "/volumes/" + volume.claim() + "/disk.img.gz");
    }
    return link;
  }

  private static boolean ready(JsonNode pod) {
    return Json.items(pod, "status", "conditions").stream().anyMatch(c -> "Ready".equals(Json.text(c, "type"))
        && "True".equals(Json.text(c, "status")));
  }

  private static Instant expiry(JsonNode export) {
    Instant created = Instant.parse(Json.textOr(export, Json.now(), "metadata", "creationTimestamp"));
    String ttl = Json.text(export, "spec", "ttlDuration");
    java.time.Duration duration = DEFAULT_TTL;
    if (ttl != null) {
      try {
        duration = Duration.parse(ttl).getDuration();
      } catch (ParseException | RuntimeException e) {
        duration = DEFAULT_TTL;
      }
    }
    return created.plus(duration);
  }

  /** The generated token Secret's name, creating it on first use (a random 20-character token). */
  private String ensureTokenSecret(JsonNode export) {
    String name = Optional.ofNullable(Json.text(export, "status", "tokenSecretRef"))
        .orElse(ExportNames.tokenSecretName(Json.name(export)));
    if (api.get(CoreTypes.SECRETS, Json.namespace(export), name).isPresent()) {
      return name;
    }
    StringBuilder token = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
    }
    ObjectNode secret = owned(export, "v1", "Secret", name);
    secret.put("type", "Opaque");
    secret.putObject("data").put(ExportNames.TOKEN_KEY,
        Base64.getEncoder().encodeToString(token.toString().getBytes(StandardCharsets.US_ASCII)));
    api.createIfAbsent(CoreTypes.SECRETS, secret);
    return name;
  }

  private void ensureService(JsonNode export, String name) {
    if (api.get(CoreTypes.SERVICES, Json.namespace(export), name).isPresent()) {
      return;
    }
    ObjectNode service = owned(export, "v1", "Service", name);
    ObjectNode spec = service.putObject("spec");
    ObjectNode port = spec.putArray("ports").addObject();
    port.put("name", "export");
    port.put("port", 443);
    port.put("protocol", "TCP");
    port.put("targetPort", 8443);
    spec.putObject("selector").put(ExportNames.SERVICE_LABEL, name);
    api.createIfAbsent(CoreTypes.SERVICES, service);
  }

  private ObjectNode createPod(JsonNode export, String name, String serviceName, String tokenSecret,
      ExportSource.Resolution resolution) {
    ObjectNode pod = owned(export, "v1", "Pod", name);
    ObjectNode labels = Json.with(pod, "metadata", "labels");
    labels.put("kubevirt.io", ExportNames.EXPORTER_LABEL_VALUE);
    labels.put(ExportNames.SERVICE_LABEL, serviceName);
    ObjectNode spec = pod.putObject("spec");
    spec.put("restartPolicy", "OnFailure");
    ObjectNode container = spec.putArray("containers").addObject();
    container.put("name", "exporter");
    container.put("image", "quay.io/kubevirt/virt-exportserver:" + VERSION);
    container.putArray("args").add("--v=3");
    ArrayNode env = container.putArray("env");
    ArrayNode mounts = container.putArray("volumeMounts");
    ArrayNode volumes = spec.putArray("volumes");
    int index = 0;
    for (ExportSource.Volume volume : resolution.volumes()) {
      env.addObject().put("name", "VOLUME" + index + "_EXPORT_PATH").put("value", "/export-volumes/" + volume.claim());
      env.addObject().put("name", "VOLUME" + index + "_EXPORT_RAW_URI")
          .put("value", "/volumes/" + volume.claim() + "/disk.img");
      env.addObject().put("name", "VOLUME" + index + "_EXPORT_RAW_GZIP_URI")
          .put("value", "/volumes/" + volume.claim() + "/disk.img.gz");
      mounts.addObject().put("name", volume.claim()).put("mountPath", "/export-volumes/" + volume.claim());
      volumes.addObject().put("name", volume.claim()).putObject("persistentVolumeClaim")
          .put("claimName", volume.claim());
      index++;
    }
    env.addObject().put("name", "TOKEN_FILE").put("value", "/token/token");
    mounts.addObject().put("name", "token").put("mountPath", "/token").put("readOnly", true);
    volumes.addObject().put("name", "token").putObject("secret").put("secretName", tokenSecret);
    ObjectNode probe = container.putObject("readinessProbe");
    probe.putObject("httpGet").put("path", "/exportready").put("port", 8443).put("scheme", "HTTPS");
    probe.put("initialDelaySeconds", 5);
    probe.put("periodSeconds", 5);
    return api.createOrGet(CoreTypes.PODS, pod);
  }

  private static ObjectNode owned(JsonNode export, String apiVersion, String kind, String name) {
    ObjectNode object = Json.object();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    ObjectNode metadata = object.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", Json.namespace(export));
    ObjectNode owner = metadata.putArray("ownerReferences").addObject();
    owner.put("apiVersion", "export.kubevirt.io/v1");
    owner.put("kind", "VirtualMachineExport");
    owner.put("name", Json.name(export));
    owner.put("uid", Json.uid(export));
    owner.put("controller", true);
    owner.put("blockOwnerDeletion", true);
    return object;
  }
}
