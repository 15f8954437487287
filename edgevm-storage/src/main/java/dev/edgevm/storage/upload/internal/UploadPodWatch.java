package dev.edgevm.storage.upload.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Toleration;
import dev.edgevm.core.WaitFailedException;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.cdi.NodeTaint;
import dev.edgevm.storage.cdi.internal.DefaultCdi;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.internal.nodes.Hostnames;
import dev.edgevm.storage.upload.UploadPodUnschedulableException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Waits, on watches, until CDI's upload pod for a claim is ready (the claim's
 * {@code cdi.kubevirt.io/storage.pod.ready} annotation). An upload pod the scheduler cannot place
 * because of a node taint CDI does not tolerate will never become ready by itself: that ends the
 * wait at once, naming the taint (read from the node) and the fix.
 */
final class UploadPodWatch {

    /** How the wait ended. */
    enum Readiness { READY, ALREADY_SUCCEEDED }

    private final ClusterAccess cluster;
    private final Await await;

    UploadPodWatch(ClusterAccess cluster) {
        this.cluster = cluster;
        this.await = new Await(cluster);
    }

    /**
     * @param volumeNode the node the claim's volume is on, when known (a local volume): only that
     *     node can take the pod; null otherwise
     */
    Readiness awaitReady(String namespace, String claim, String volumeNode, Duration timeout) {
        String defaultPod = UploadClaim.UPLOAD_POD_PREFIX + claim;
        AtomicReference<String> lastScheduler = new AtomicReference<>();
        AtomicReference<Pod> lastPod = new AtomicReference<>();
        List<Await.Watched> watched = List.of(
                new Await.Watched(PersistentVolumeClaim.class, namespace, claim),
                new Await.Watched(DataVolume.class, namespace, claim),
                new Await.Watched(Pod.class, namespace, defaultPod));
        try {
            return await.until("the upload pod of " + namespace + "/" + claim + " to be ready", timeout, watched, () -> {
                DataVolume dv = cluster.cached(DataVolume.class, namespace, claim).orElse(null);
                PersistentVolumeClaim pvc = cluster.cached(PersistentVolumeClaim.class, namespace, claim).orElse(null);
                String phase = UploadClaim.phase(dv);
                if ("Succeeded".equals(phase)) {
                    return Await.Outcome.success(Readiness.ALREADY_SUCCEEDED);
                }
                if ("Failed".equals(phase)) {
                    return Await.Outcome.failure(new WaitFailedException("DataVolume " + namespace + "/" + claim
                            + " to take an upload", "Failed", UploadClaim.failure(pvc, dv)));
                }
                if (pvc != null && UploadClaim.podReady(pvc)) {
                    return Await.Outcome.success(Readiness.READY);
                }
                String podName = UploadClaim.podName(pvc, claim);
                Optional<Pod> pod = cluster.cached(Pod.class, namespace, podName);
                Optional<PodCondition> unschedulable = pod.flatMap(UploadPodWatch::unschedulable);
                if (unschedulable.isPresent()) {
                    String message = unschedulable.get().getMessage() == null ? "" : unschedulable.get().getMessage();
                    lastScheduler.set(namespace + "/" + podName + "\u0000" + message);
                    lastPod.set(pod.get());
                    // Until the pod's claims are bound, the scheduler is still waiting for them, not judging the nodes.
                    if (claimsBound(pod.get()) && !aboutClaims(message)) {
                        List<NodeTaint> blocking = blockingTaints(pod.get(), volumeNode);
                        if (!blocking.isEmpty()) {
                            return Await.Outcome.failure(new UploadPodUnschedulableException(namespace + "/" + podName, blocking,
                                    message, DefaultCdi.toleranceFix(blocking)));
                        }
                        Map<String, String> split = volumesOnDifferentNodes(pod.get());
                        if (split.size() > 1) {
                            return Await.Outcome.failure(new UploadPodUnschedulableException(namespace + "/" + podName, List.of(),
                                    message, splitFix(split)));
                        }
                    }
                    return Await.Outcome.waiting("DataVolume phase " + phase + ", upload pod " + podName
                            + " unschedulable: " + message);
                }
                lastScheduler.set(null);
                return Await.Outcome.waiting("DataVolume phase " + phase + ", upload pod " + podName + " "
                        + pod.map(p -> p.getStatus() == null || p.getStatus().getPhase() == null ? "created" : p.getStatus().getPhase())
                                .orElse("not created yet"));
            });
        } catch (WaitTimeoutException timedOut) {
            String seen = lastScheduler.get();
            if (seen != null) {
                String[] parts = seen.split("\u0000", 2);
                List<NodeTaint> blocking = blockingTaints(lastPod.get(), volumeNode);
                throw new UploadPodUnschedulableException(parts[0], blocking, parts[1], !blocking.isEmpty() ? DefaultCdi.toleranceFix(blocking)
                        : "the scheduler's message says what each node lacks: make room on the node of the volume, or"
                                + " release the volume and upload to another node");
            }
            throw timedOut;
        }
    }

    /** Whether every claim the pod mounts is Bound (as the informer has them). */
    private boolean claimsBound(Pod pod) {
        for (String claim : claims(pod)) {
            Optional<PersistentVolumeClaim> pvc = cluster.cached(PersistentVolumeClaim.class, pod.getMetadata().getNamespace(), claim);
            if (pvc.isEmpty() || pvc.get().getStatus() == null || !"Bound".equals(pvc.get().getStatus().getPhase())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the scheduler's verdict is about claims (missing, unbound) rather than nodes: it will look again. */
    private static boolean aboutClaims(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("persistentvolumeclaim") || m.contains("unbound");
    }

    private static List<String> claims(Pod pod) {
        List<String> claims = new ArrayList<>();
        if (pod.getSpec() != null && pod.getSpec().getVolumes() != null) {
            pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                    .forEach(v -> claims.add(v.getPersistentVolumeClaim().getClaimName()));
        }
        return claims;
    }

    static String splitFix(Map<String, String> split) {
        return "the upload pod mounts its claim and CDI's scratch claim, whose volumes are on different nodes (" + split
                + "): their storage class binds each claim on its own (Immediate) to node-local volumes; use a class with"
                + " volumeBindingMode WaitForFirstConsumer, point CDIConfig's scratchSpaceStorageClass at such a class,"
                + " or use the local volume pool";
    }

    private static Optional<PodCondition> unschedulable(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null || pod.getSpec().getNodeName() != null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
                .findFirst();
    }

    /**
     * The taints that keep the pod off every node it could use: the volume's node when known,
     * else all nodes (only when every one of them has such a taint).
     */
    private List<NodeTaint> blockingTaints(Pod pod, String volumeNode) {
        List<Toleration> tolerations = tolerations(pod);
        List<Node> nodes;
        if (volumeNode != null) {
            Node node = cluster.call("get", ObjectRef.clusterScoped("Node", volumeNode),
                    () -> cluster.client().nodes().withName(volumeNode).get());
            nodes = node == null ? List.of() : List.of(node);
        } else {
            nodes = cluster.call("list", ObjectRef.clusterScoped("Node", null), () -> cluster.client().nodes().list().getItems());
        }
        List<NodeTaint> blocking = new ArrayList<>();
        for (Node node : nodes) {
            // Taints Kubernetes manages (a node not ready, cordoned) are not for CDI to tolerate: they are not a fix.
            List<NodeTaint> here = DefaultCdi.untolerated(node, tolerations).stream().filter(t -> !t.kubernetesManaged()).toList();
            if (here.isEmpty()) {
                return List.of(); // some node the pod may use has no such taint: something else is in the way
            }
            blocking.addAll(here);
        }
        return blocking;
    }

    /** The node each of the pod's bound claims is pinned to by its volume, by claim. */
    private Map<String, String> volumesOnDifferentNodes(Pod pod) {
        Map<String, String> nodeByClaim = new TreeMap<>();
        if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
            return nodeByClaim;
        }
        String ns = pod.getMetadata().getNamespace();
        for (String claim : claims(pod)) {
            Optional<PersistentVolumeClaim> pvc = cluster.cached(PersistentVolumeClaim.class, ns, claim);
            String volume = pvc.map(p -> p.getSpec() == null ? null : p.getSpec().getVolumeName()).orElse(null);
            if (volume == null || volume.isEmpty()) {
                continue;
            }
            PersistentVolume pv = cluster.call("get", ObjectRef.clusterScoped("PersistentVolume", volume),
                    () -> cluster.client().persistentVolumes().withName(volume).get());
            Hostnames.pinnedBy(pv).ifPresent(node -> nodeByClaim.put(claim, node));
        }
        return new java.util.HashSet<>(nodeByClaim.values()).size() > 1 ? nodeByClaim : Map.of();
    }

    private static List<Toleration> tolerations(Pod pod) {
        List<Toleration> out = new ArrayList<>();
        if (pod.getSpec() == null || pod.getSpec().getTolerations() == null) {
            return out;
        }
        for (io.fabric8.kubernetes.api.model.Toleration t : pod.getSpec().getTolerations()) {
            try {
                out.add("Exists".equals(t.getOperator()) ? Toleration.exists(t.getKey(), t.getEffect())
                        : Toleration.equal(t.getKey(), t.getValue(), t.getEffect()));
            } catch (RuntimeException unreadable) {
                // cannot tolerate anything this code reasons about
            }
        }
        return out;
    }

}
