package dev.edgevm.embedded.internal.jobs;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.api.ObjectEvent;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.disk.Qcow2Header;
import dev.edgevm.embedded.internal.disk.QemuImg;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.nodes.Kubelet;
import dev.edgevm.embedded.internal.nodes.NodeRegistry;
import dev.edgevm.embedded.internal.nodes.PodNetwork;
import dev.edgevm.embedded.internal.nodes.PodStatuses;
import dev.edgevm.embedded.internal.nodes.PodStatuses.ContainerExit;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import dev.edgevm.embedded.internal.runtime.ObjectRef;
import dev.edgevm.embedded.internal.storage.VolumeDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubelet for pods that run commands: Job pods and bare pods pinned to a node (by
 * {@code nodeName} or a {@code kubernetes.io/hostname} node selector) whose containers name a
 * command. Once the scheduler placed it and its claims are bound, a pod's containers run one after another as
 * local processes of allowed commands, their volume paths mapped to the node's directories; the
 * pod ends Succeeded or Failed with each container's exit code, and its output is served as its
 * log. A command outside the allowlist fails the pod without running anything.
 */
final class PodRunner {

  private static final Duration RETRY = Duration.ofSeconds(2);
  /** Logs up to this size show container paths instead of this machine's. */
  private static final long MAX_REWRITTEN_LOG = 16L * 1024 * 1024;

  private final ClusterApi api;
  private final NodeRegistry nodes;
  private final PodNetwork network;
  private final VolumeDirectories directories;
  private final CommandAllowlist allowlist;
  private final PodLogs logs;
  private final Kubelet kubelet;
  private final ExecutorService executor;
  private final Path podsDir;
  private final Map<ObjectRef, Future<?>> running = new ConcurrentHashMap<>();
  private final Set<ObjectRef> waiting = ConcurrentHashMap.newKeySet();
  private ControllerLoop<ObjectRef> loop;

  PodRunner(ClusterContext context, CommandAllowlist allowlist, PodLogs logs, ExecutorService executor) {
    this.api = context.api();
    this.nodes = context.nodes();
    this.network = context.service(PodNetwork.class);
    this.directories = context.service(VolumeDirectories.class);
    this.allowlist = allowlist;
    this.logs = logs;
    this.kubelet = context.service(Kubelet.class);
    this.executor = executor;
    this.podsDir = context.workDir().resolve("pods");
  }

  void start(ClusterContext context) {
    loop = context.controller("pod-runner", this::reconcile);
    context.subscribe(CoreTypes.PODS, event -> {
      ObjectRef ref = new ObjectRef(event.namespace(), event.name());
      if (event.type() == ObjectEvent.Type.DELETED || Json.deleting(event.latest().view())) {
        Future<?> process = running.remove(ref);
        if (process != null) {
          process.cancel(true);
        }
        waiting.remove(ref);
        if (event.type() == ObjectEvent.Type.DELETED) {
          logs.forget(event.namespace(), event.name());
          String node = Json.text(event.latest().view(), "spec", "nodeName");
          if (node != null) {
            network.release(node, ref.toString());
          }
        }
        return;
      }
      if (runs(event.latest().view())) {
        loop.enqueue(ref);
      }
    });
    kubelet.handOver(PodRunner::runs);
    context.subscribe(CoreTypes.PERSISTENT_VOLUME_CLAIMS, event -> waiting.forEach(loop::enqueue));
    context.subscribe(CoreTypes.PERSISTENT_VOLUMES, event -> waiting.forEach(loop::enqueue));
  }

  /** Whether this runner is the pod's kubelet. */
  static boolean runs(JsonNode pod) {
    Map<String, String> labels = Json.labels(pod);
    if (labels.containsKey("kubevirt.io") || "containerized-data-importer".equals(labels.get("app"))) {
      return false;
    }
    List<JsonNode> containers = Json.items(pod, "spec", "containers");
    if (containers.isEmpty() || !containers.stream().allMatch(ContainerCommand::hasCommand)) {
      return false;
    }
    boolean ownedByJob = Json.items(pod, "metadata", "ownerReferences").stream()
        .anyMatch(owner -> "Job".equals(Json.text(owner, "kind")));
    boolean pinned = Json.text(pod, "spec", "nodeName") != null
        || Json.stringMap(pod, "spec", "nodeSelector").containsKey("kubernetes.io/hostname");
    return ownedByJob || pinned;
  }

  private void reconcile(ObjectRef ref) {
    waiting.remove(ref);
    ObjectNode pod = api.get(CoreTypes.PODS, ref.namespace(), ref.name()).orElse(null);
    if (pod == null || Json.deleting(pod) || PodStatuses.isFinished(pod) || running.containsKey(ref) || !runs(pod)) {
      return;
    }
    String node = Json.text(pod, "spec", "nodeName");
    if (node == null || !kubelet.imagesPulled(pod)) {
      return; // an image that cannot be pulled: the kubelet reports it, nothing runs
    }
    List<String> refusals = new ArrayList<>();
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      ContainerCommand command = ContainerCommand.of(container);
      allowlist.refusal(command.executable()).ifPresent(refusals::add);
    }
    if (!refusals.isEmpty()) {
      refuse(ref, pod);
      return;
    }
    Optional<List<ContainerFilesystem.Mount>> volumes = volumes(pod, node);
    if (volumes.isEmpty()) {
      waiting.add(ref);
      if (!"ContainerCreating".equals(Json.text(pod, "status", "containerStatuses", "0", "state", "waiting", "reason"))) {
        api.updateStatus(CoreTypes.PODS, ref.namespace(), ref.name(), current -> {
          PodStatuses.containerCreating(current);
          return current;
        });
      }
      loop.enqueueAfter(ref, RETRY);
      return;
    }
    Instant started = Instant.now();
    String ip = network.assign(node, ref.toString());
    api.updateStatus(CoreTypes.PODS, ref.namespace(), ref.name(), current -> {
      PodStatuses.running(current, nodes, ip, started);
      return current;
    });
    Path podDir = podsDir.resolve(ref.namespace() + "_" + ref.name() + "_" + Json.uid(pod));
    running.put(ref, executor.submit(() -> run(ref, pod, volumes.get(), podDir)));
  }

  /** The pod's mounts as host directories; empty while a claim is not bound yet. */
  private Optional<List<ContainerFilesystem.Mount>> volumes(JsonNode pod, String node) {
    Map<String, Path> byVolume = new java.util.HashMap<>();
    for (JsonNode volume : Json.items(pod, "spec", "volumes")) {
      String name = Json.text(volume, "name");
      String hostPath = Json.text(volume, "hostPath", "path");
      String claim = Json.text(volume, "persistentVolumeClaim", "claimName");
      if (hostPath != null) {
        byVolume.put(name, nodes.hostPath(node, hostPath));
      } else if (claim != null) {
        Optional<VolumeDirectories.Location> location = directories.ofClaim(Json.namespace(pod), claim);
        if (location.isEmpty()) {
          return Optional.empty();
        }
        byVolume.put(name, location.get().directory());
      } else if (volume.has("emptyDir")) {
        byVolume.put(name, podsDir.resolve(Json.namespace(pod) + "_" + Json.name(pod) + "_" + Json.uid(pod))
            .resolve("volumes").resolve(name));
      }
    }
    List<ContainerFilesystem.Mount> mounts = new ArrayList<>();
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      for (JsonNode mount : Json.items(container, "volumeMounts")) {
        Path directory = byVolume.get(Json.text(mount, "name"));
        if (directory != null) {
          String subPath = Json.text(mount, "subPath");
          Path target = subPath == null || subPath.isEmpty() ? directory : directory.resolve(subPath).normalize();
          if (!target.startsWith(directory)) {
            continue;
          }
          mounts.add(new ContainerFilesystem.Mount(Json.text(mount, "mountPath"), target));
        }
      }
    }
    return Optional.of(mounts);
  }

  private void run(ObjectRef ref, JsonNode pod, List<ContainerFilesystem.Mount> mounts, Path podDir) {
    List<ContainerExit> exits = new ArrayList<>();
    long deadline = Json.number(pod, -1, "spec", "activeDeadlineSeconds");
    try {
      for (JsonNode container : Json.items(pod, "spec", "containers")) {
        String name = Json.text(container, "name");
        ContainerExit exit = runContainer(ref, container, name, mounts, podDir.resolve(name),
            deadline > 0 ? deadline * 1000 : 0);
        exits.add(exit);
        if (exit.exitCode() != 0) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } finally {
      running.remove(ref);
    }
    api.updateStatus(CoreTypes.PODS, ref.namespace(), ref.name(), current -> {
      PodStatuses.terminated(current, exits);
      return current;
    });
  }

  private ContainerExit runContainer(ObjectRef ref, JsonNode container, String name,
      List<ContainerFilesystem.Mount> mounts, Path containerDir, long timeoutMillis) throws InterruptedException {
    Instant started = Instant.now();
    Path log = containerDir.resolve("output.log");
    logs.register(ref.namespace(), ref.name(), name, log);
    ContainerCommand command = ContainerCommand.of(container);
    String executableName = command.executable().substring(command.executable().lastIndexOf('/') + 1);
    Optional<Path> executable = QemuImg.onPath(executableName);
    if (executable.isEmpty()) {
      return new ContainerExit(name, 128, "StartError", "failed to create containerd task: exec: \""
          + command.executable() + "\": executable file not found in $PATH", started, Instant.now());
    }
    ContainerFilesystem filesystem = new ContainerFilesystem(mounts, containerDir.resolve("rootfs"));
    LocalProcess process = null;
    try {
      for (ContainerFilesystem.Mount mount : mounts) {
        Files.createDirectories(mount.hostDirectory());
      }
      String workingDir = Json.textOr(container, "/", "workingDir");
      Path directory = filesystem.workingDirectory(workingDir);
      ContainerFilesystem.MappedArguments arguments = filesystem.mapArguments(command.arguments(), workingDir);
      if (executableName.equals("qemu-img")) {
        refuseBackingFiles(arguments.paths());
      }
      Map<String, String> env = new java.util.LinkedHashMap<>();
      Json.items(container, "env").forEach(v -> {
        if (Json.text(v, "value") != null) {
          env.put(Json.text(v, "name"), Json.text(v, "value"));
        }
      });
      process = LocalProcess.start(executable.get(), arguments.arguments(), directory, env, log);
      int code = process.await(timeoutMillis);
      if (Files.size(log) < MAX_REWRITTEN_LOG) {
        // byte for byte: any encoding survives, the paths to replace are plain ASCII
        String text = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(log, filesystem.unmap(text).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      if (code < 0) {
        return new ContainerExit(name, 137, "DeadlineExceeded", "the pod ran longer than its activeDeadlineSeconds",
            started, Instant.now());
      }
      return new ContainerExit(name, code, code == 0 ? "Completed" : "Error", null, started, Instant.now());
    } catch (PathNotAllowedException e) {
      return new ContainerExit(name, 126, "PathNotAllowed", command.executable() + " cannot run on the embedded"
          + " cluster: " + e.getMessage(), started, Instant.now());
    } catch (IllegalArgumentException | IOException e) {
      return new ContainerExit(name, 128, "StartError", "failed to start " + command.executable() + ": "
          + e.getMessage(), started, Instant.now());
    } catch (InterruptedException e) {
      if (process != null) {
        process.kill();
      }
      throw e;
    }
  }

  /** qemu-img opens the backing file a qcow2 header names, wherever it is on this machine. */
  private static void refuseBackingFiles(List<Path> paths) throws PathNotAllowedException {
    for (Path path : paths) {
      if (Files.isRegularFile(path) && backed(path)) {
        throw new PathNotAllowedException("the qcow2 image " + path.getFileName() + " names a backing file,"
            + " which qemu-img would open outside the container's files");
      }
    }
  }

  private static boolean backed(Path qcow2) {
    try {
      return Qcow2Header.read(qcow2).hasBackingFile();
    } catch (IOException notQcow2) {
      return false;
    }
  }

  private void refuse(ObjectRef ref, JsonNode pod) {
    Instant now = Instant.now();
    List<ContainerExit> exits = new ArrayList<>();
    for (JsonNode container : Json.items(pod, "spec", "containers")) {
      ContainerCommand command = ContainerCommand.of(container);
      Optional<String> refusal = allowlist.refusal(command.executable());
      exits.add(new ContainerExit(Json.text(container, "name"), refusal.isPresent() ? 126 : 0,
          refusal.isPresent() ? "CommandNotAllowed" : "Completed", refusal.orElse(null), now, now));
    }
    exits.removeIf(exit -> exit.exitCode() == 0);
    api.updateStatus(CoreTypes.PODS, ref.namespace(), ref.name(), current -> {
      PodStatuses.terminated(current, exits);
      return current;
    });
  }

}
