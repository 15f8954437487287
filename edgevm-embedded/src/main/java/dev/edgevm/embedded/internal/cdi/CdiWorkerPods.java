package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.cdi.upload.ImageProcessor;
import dev.edgevm.embedded.internal.cdi.upload.ProcessedImage;
import dev.edgevm.embedded.internal.cdi.upload.UploadDestination;
import dev.edgevm.embedded.internal.cdi.upload.UploadListener;
import dev.edgevm.embedded.internal.cdi.upload.UploadServer;
import dev.edgevm.embedded.internal.disk.SparseFiles;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.Kubelet;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import dev.edgevm.embedded.internal.nodes.PodNetwork;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import dev.edgevm.embedded.internal.storage.Quantities;
import dev.edgevm.embedded.internal.storage.VolumeDirectories;
import dev.edgevm.embedded.internal.storage.Volumes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubelet for CDI's worker pods: once the scheduler has placed an upload or importer pod and
 * its claims are bound, runs it: an upload pod turns Running and ready with an upload
 * server behind the proxy; an importer pod of a blank image writes the sparse disk and succeeds.
 * An upload pod succeeds when its upload has been processed.
 */
final class CdiWorkerPods {

  private static final Duration RETRY = Duration.ofSeconds(2);

  private final ClusterApi api;
  private final NodeRegistry nodes;
  private final PodNetwork network;
  private final VolumeDirectories directories;
  private final UploadServers servers;
  private final ImageProcessor processor;
  private final Executor background;
  private ControllerLoop<ObjectRef> loop;
  private Kubelet kubelet;
  /** Pods waiting to be placed or for their volumes: storage changes may let them go on. */
  private final java.util.Set<ObjectRef> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

  CdiWorkerPods(ClusterContext context, UploadServers servers, ImageProcessor processor, Executor background) {
    this.api = context.api();
    this.nodes = context.nodes();
    this.network = context.service(PodNetwork.class);
    this.directories = context.service(VolumeDirectories.class);
    this.servers = servers;
    this.processor = processor;
    this.background = background;
  }

  void start(ClusterContext context) {
    loop = context.controller("cdi-worker-pods", this::reconcile);
    context.subscribe(CoreTypes.PODS, event -> {
      JsonNode pod = event.latest().view();
      if (!isWorker(pod)) {
        return;
      }
      if (event.type() == ObjectEvent.Type.DELETED) {
        servers.remove(event.namespace(), event.name());
        String node = Json.text(pod, "spec", "nodeName");
        if (node != null) {
          network.release(node, new ObjectRef(event.namespace(), event.name()).toString());
        }
        waiting.remove(new ObjectRef(event.namespace(), event.name()));
      } else {
        loop.enqueue(new ObjectRef(event.namespace(), event.name()));
      }
    });
    this.kubelet = context.service(Kubelet.class);
    kubelet.handOver(CdiWorkerPods::isWorker);
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event -> waiting.forEach(loop::enqueue));
    context.subscribe(CoreTypes.PERSISTENT_VOLUMES, event -> waiting.forEach(loop::enqueue));
  }

  static boolean isWorker(JsonNode pod) {
    String component = Json.labels(pod).get(CdiNames.LABEL_COMPONENT);
    return CdiNames.LABEL_APP_VALUE.equals(Json.labels(pod).get(CdiNames.LABEL_APP))
        && (CdiNames.LABEL_UPLOAD_SERVER.equals(component) || CdiNames.LABEL_IMPORTER.equals(component));
  }

  private void reconcile(ObjectRef ref) throws IOException {
    ObjectNode pod = api.get(CoreTypes.PODS, ref.namespace(), ref.name()).orElse(null);
    waiting.remove(ref);
    if (pod == null || Json.deleting(pod) || PodStatuses.isFinished(pod)) {
      return;
    }
    if (Json.text(pod, "spec", "nodeName") == null || !kubelet.imagesPulled(pod)) {
      return;
    }
    if ("Running".equals(Json.text(pod, "status", "phase"))) {
      return;
    }
    Optional<UploadDestination> destination = destination(pod);
    if (destination.isEmpty()) {
      waiting.add(ref);
      loop.enqueueAfter(ref, RETRY);
      return;
    }
    if (CdiNames.LABEL_IMPORTER.equals(Json.labels(pod).get(CdiNames.LABEL_COMPONENT))) {
      importBlank(ref, destination.get());
    } else {
      startUploadServer(ref, destination.get());
    }
  }

  /** The pod's volumes as directories, once every claim it uses is bound. */
  private Optional<UploadDestination> destination(JsonNode pod) {
    String namespace = Json.namespace(pod);
    String dataClaim = WorkerPods.claimOf(pod, WorkerPods.DATA_VOLUME);
    Optional<VolumeDirectories.Location> data = directories.ofClaim(namespace, dataClaim);
    String scratchClaim = WorkerPods.claimOf(pod, WorkerPods.SCRATCH_VOLUME);
    Optional<VolumeDirectories.Location> scratch = scratchClaim == null ? data
        : directories.ofClaim(namespace, scratchClaim);
    if (data.isEmpty() || scratch.isEmpty()) {
      return Optional.empty();
    }
    JsonNode pvc = api.get(CoreTypes.PERSISTENT_VOLUME_CLAIMS, namespace, dataClaim).orElseThrow();
    long capacity = Quantities.bytes(Json.text(pvc, "status", "capacity", "storage"));
    long request = Volumes.request(pvc);
    double overhead = Double.parseDouble(Optional.ofNullable(WorkerPods.env(pod, "FILESYSTEM_OVERHEAD")).orElse("0"));
    boolean archive = CdiNames.CONTENT_ARCHIVE.equals(Json.annotations(pvc).get(CdiNames.ANN_CONTENT_TYPE));
    return Optional.of(new UploadDestination(data.get().directory(), scratch.get().directory(), request,
        capacity < 0 ? request : capacity, overhead, archive));
  }

  private void startUploadServer(ObjectRef ref, UploadDestination destination) {
    if (servers.get(ref.namespace(), ref.name()) == null) {
      servers.put(ref.namespace(), ref.name(), new UploadServer(destination, processor, listener(ref, destination),
          background));
    }
    setRunning(ref);
  }

  private void setRunning(ObjectRef ref) {
    String node = api.get(CoreTypes.PODS, ref.namespace(), ref.name())
        .map(p -> Json.text(p, "spec", "nodeName")).orElse(null);
    if (node == null) {
      return;
    }
    String ip = network.assign(node, ref.toString());
    api.updateStatus(CoreTypes.PODS, ref.namespace(), ref.name(), current -> {
      PodStatuses.running(current, nodes, ip, Instant.now());
      return current;
    });
  }

  private UploadListener listener(ObjectRef ref, UploadDestination destination) {
    String dataClaim = api.get(CoreTypes.PODS, ref.namespace(), ref.name())
        .map(pod -> WorkerPods.claimOf(pod, WorkerPods.DATA_VOLUME)).orElse(null);
    return new UploadListener() {
      @Override
      public void succeeded(ProcessedImage image) {
        if (image.conversionSkipped() && dataClaim != null) {
          api.update(CoreTypes.PERSISTENT_VOLUME_CLAIMS, ref.namespace(), dataClaim, current -> {
            Json.with(current, "metadata", "annotations").put(CdiNames.ANN_CONVERSION_SKIPPED,
                "the cluster has no qemu-img: the " + image.format().qemuName()
                    + " image was stored as uploaded, not converted to raw");
            return current;
          });
        }
        terminate(ref, "{\"message\":\"Upload Complete\",\"preallocationApplied\":false}");
      }

      @Override
      public void failed(String message) {
        servers.put(ref.namespace(), ref.name(), new UploadServer(destination, processor, this, background));
        api.updateStatus(CoreTypes.PODS, ref.namespace(), ref.name(), current -> {
          for (JsonNode status : Json.items(current, "status", "containerStatuses")) {
            ObjectNode container = (ObjectNode) status;
            container.put("restartCount", container.path("restartCount").asInt(0) + 1);
            ObjectNode last = container.putObject("lastState").putObject("terminated");
            last.put("exitCode", 1);
            last.put("reason", "Error");
            last.put("message", message);
            last.put("finishedAt", Json.now());
          }
          return current;
        });
      }
    };
  }

  /** The worker's container exited 0, Completed, with CDI's termination message. */
  private void terminate(ObjectRef ref, String message) {
    api.updateStatus(CoreTypes.PODS, ref.namespace(), ref.name(), current -> {
      Instant started = Optional.ofNullable(Json.text(current, "status", "startTime")).map(Instant::parse)
          .orElse(Instant.now());
      PodStatuses.terminated(current, 0, "Completed", message, started, Instant.now());
      return current;
    });
  }

  private void importBlank(ObjectRef ref, UploadDestination destination) throws IOException {
    SparseFiles.create(destination.diskImage(), destination.usableSpace());
    terminate(ref, "{\"message\":\"Import Complete\",\"preallocationApplied\":false}");
  }
}
