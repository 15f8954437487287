package dev.edgevm.storage.internal;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Toleration;
import dev.edgevm.core.Violation;
import dev.edgevm.core.Violations;
import dev.edgevm.kubevirt.model.cdi.CDIConfig;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.cdi.NodeTaint;
import dev.edgevm.storage.cdi.internal.DefaultCdi;
import dev.edgevm.storage.image.DiskImages;
import dev.edgevm.storage.image.FilesystemOverhead;
import dev.edgevm.storage.image.UploadPreflight;
import dev.edgevm.storage.pool.NodeFullException;
import dev.edgevm.storage.pool.NodeUsage;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.pool.PoolUsage;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.internal.DefaultVolumePool;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides how uploads will be done, reading the cluster and writing nothing: the storage class and
 * whether the pool serves it, CDI's filesystem overhead, whether each image fits, and the one node
 * all of a VM's local volumes go to (the disk's node, the VM's node, the node of volumes a
 * previous attempt left, or else the node with the most free volumes where both the VM and CDI's
 * upload pod may run).
 */
final class DiskPlanner {

    static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";
    private static final long MIB = 1024 * 1024;

    private final ClusterAccess cluster;
    private final DefaultCdi cdi;
    private final DefaultVolumePool pool;

    DiskPlanner(ClusterAccess cluster, DefaultCdi cdi, DefaultVolumePool pool) {
        this.cluster = cluster;
        this.cdi = cdi;
        this.pool = pool;
    }

    /**
     * @param subject what is being checked, for the error, e.g. {@code VmSpec centos-vm}
     * @throws InvalidSpecException for problems of the request (image, size, class, node), all at once
     * @throws PreflightException when the cluster cannot take it (no CDI, no node with room)
     * @throws NodeFullException when the node asked for has too few free volumes
     */
    List<DiskPlan> plan(String subject, List<UploadTarget> targets, VmPlacement placement) {
        Optional<CDIConfig> config = cdi.resources().config();
        if (config.isEmpty()) {
            throw new PreflightException("CDI is not installed in the cluster: uploads need it",
                    List.of("there is no CDIConfig 'config' (cdiconfigs.cdi.kubevirt.io)"),
                    "deploy CDI (the runbook's kubevirt role does), then try again");
        }
        String scratchClass = Optional.ofNullable(config.get().getStatus()).map(s -> s.scratchSpaceStorageClass())
                .filter(s -> !s.isBlank()).orElse(null);
        PoolConfig poolConfig = pool.config();
        Violations v = Violations.collect();
        Map<String, Optional<StorageClass>> classes = new LinkedHashMap<>();
        List<DiskPlan> plans = new ArrayList<>();
        for (UploadTarget target : targets) {
            String className = target.storageClass().orElse(poolConfig.storageClass());
            Optional<StorageClass> sc = classes.computeIfAbsent(className, this::storageClass);
            boolean pooled = false;
            if (sc.isEmpty()) {
                v.add(target.at("storageClass"), "there is no storage class '" + className + "' in the cluster (classes: "
                        + String.join(", ", storageClassNames()) + ")");
            } else if (NO_PROVISIONER.equals(sc.get().getProvisioner())) {
                pooled = className.equals(poolConfig.storageClass());
                v.require(pooled, target.at("storageClass"), "'" + className + "' has no provisioner and is not the volume pool's class '"
                        + poolConfig.storageClass() + "', so nothing would make its volumes: use the pool's class or a class with a provisioner");
            }
            FilesystemOverhead overhead = DefaultCdi.overhead(config.get(), className);
            List<Violation> imageProblems = UploadPreflight.forDataVolume(target.size(), overhead).violations(target.image());
            (target.path().isEmpty() ? v : v.nested(target.path())).addAll(imageProblems);
            String format = imageProblems.isEmpty() ? DiskImages.probe(target.image()).format() : "unknown";
            long claim = overhead.requiredSpace(target.size().bytes());
            Quantity capacity = Quantity.ofBytes((claim + MIB - 1) / MIB * MIB);
            boolean pooledScratch = pooled && (scratchClass == null || scratchClass.equals(className));
            plans.add(new DiskPlan(target, className, pooled, pooledScratch, overhead, null, capacity, format));
        }
        v.throwIfAny(subject);
        return placeOnNode(subject, plans, placement);
    }

    private List<DiskPlan> placeOnNode(String subject, List<DiskPlan> plans, VmPlacement placement) {
        List<DiskPlan> pooled = plans.stream().filter(DiskPlan::pooled).collect(Collectors.toList());
        if (pooled.isEmpty()) {
            return plans;
        }
        Map<String, List<String>> asked = new LinkedHashMap<>();
        int needed = 0;
        boolean uploading = false;
        for (DiskPlan plan : pooled) {
            if (succeeded(plan.target())) {
                pool.find(plan.target().claim()).ifPresent(d -> asked.computeIfAbsent(d.node(), k -> new ArrayList<>())
                        .add("volume " + d.name() + " of DataVolume " + plan.target().claim() + " is there"));
                continue;
            }
            uploading = true;
            plan.target().node().ifPresent(n -> asked.computeIfAbsent(n, k -> new ArrayList<>())
                    .add(plan.target().path().isEmpty() ? "the upload asks for it" : plan.target().path() + " asks for it"));
            Optional<PoolVolume> data = pool.find(plan.target().claim());
            Optional<PoolVolume> scratch = plan.pooledScratch() ? pool.find(plan.target().claim().scratch()) : Optional.empty();
            data.ifPresent(d -> asked.computeIfAbsent(d.node(), k -> new ArrayList<>())
                    .add("volume " + d.name() + " of DataVolume " + plan.target().claim() + " is there"));
            needed += (data.isPresent() ? 0 : 1) + (plan.pooledScratch() && scratch.isEmpty() ? 1 : 0);
        }
        placement.node().ifPresent(n -> asked.computeIfAbsent(n, k -> new ArrayList<>()).add("the VM is pinned to it"));
        String where = pooled.get(0).target().at("node");
        if (asked.size() > 1) {
            throw InvalidSpecException.of(subject, where, "a VM runs on the node of its local volumes, so they must all be on one"
                    + " node, but " + asked.entrySet().stream().map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                    .collect(Collectors.joining(" and ")) + " differ");
        }
        List<Node> nodes = cluster.call("list", ObjectRef.clusterScoped("Node", null), () -> cluster.client().nodes().list().getItems());
        PoolUsage usage = pool.usage();
        String chosen = asked.isEmpty() ? choose(nodes, usage, needed, placement)
                : checkAsked(subject, where, asked, nodes, usage, needed, uploading, placement);
        return plans.stream().map(p -> p.pooled() ? p.onNode(chosen) : p).collect(Collectors.toList());
    }

    private String checkAsked(String subject, String where, Map<String, List<String>> asked, List<Node> nodes, PoolUsage usage,
                              int needed, boolean uploading, VmPlacement placement) {
        String name = asked.keySet().iterator().next();
        Node node = nodes.stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst().orElseThrow(() ->
                InvalidSpecException.of(subject, where, "there is no node '" + name + "' in the cluster (nodes: "
                        + nodes.stream().map(n -> n.getMetadata().getName()).collect(Collectors.joining(", ")) + ")"));
        Optional<String> excluded = placement.excludes(node);
        if (excluded.isPresent()) {
            throw InvalidSpecException.of(subject, where, "the VM's local volume would be on " + name + " ("
                    + String.join(", ", asked.get(name)) + ") but the VM cannot run there: " + excluded.get());
        }
        NodeUsage here = usage.node(name);
        if (here.free() < needed) {
            PoolConfig config = pool.config();
            throw new NodeFullException(name, here.limit(), config.volumePath(0), config.volumePath(here.limit() - 1));
        }
        if (uploading) {
            checkUploadPodFits(node);
        }
        return name;
    }

    /**
     * CDI's upload pod must run on the node of the volumes: a taint it does not tolerate, or a
     * cordon, would keep it Pending for ever, so the deploy is refused before anything is made.
     */
    private void checkUploadPodFits(Node node) {
        String name = node.getMetadata().getName();
        List<NodeTaint> blocking = DefaultCdi.untolerated(node, cdi.workloadTolerations());
        List<String> findings = new ArrayList<>();
        if (DefaultCdi.cordoned(node)) {
            findings.add(name + " is cordoned: the scheduler places no new pod there");
        }
        blocking.forEach(t -> findings.add("CDI's upload pods do not tolerate the taint " + t));
        if (findings.isEmpty()) {
            return;
        }
        List<NodeTaint> tolerable = blocking.stream().filter(t -> !t.kubernetesManaged()).toList();
        boolean onlyTolerable = !DefaultCdi.cordoned(node) && tolerable.size() == blocking.size();
        throw new PreflightException("CDI's upload pod could not run on " + name + ", where the disk's volumes go", findings,
                onlyTolerable ? DefaultCdi.toleranceFix(tolerable)
                        : "Kubernetes keeps pods off " + name + " for now (cordoned, not ready or unreachable): uncordon it or wait"
                                + " until it is ready, or use another node");
    }

    /** The node with the most free volumes where the VM and CDI's upload pod may both run. */
    private String choose(List<Node> nodes, PoolUsage usage, int needed, VmPlacement placement) {
        List<Toleration> cdiTolerations = cdi.workloadTolerations();
        List<String> findings = new ArrayList<>();
        List<NodeUsage> candidates = new ArrayList<>();
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            NodeUsage here = usage.node(name);
            Optional<String> why = placement.excludes(node)
                    .or(() -> ready(node) ? Optional.empty() : Optional.of("it is not Ready"))
                    .or(() -> DefaultCdi.cordoned(node) ? Optional.of("it is cordoned") : Optional.empty())
                    .or(() -> DefaultCdi.untolerated(node, cdiTolerations).stream().findFirst()
                            .map(t -> "CDI's upload pods do not tolerate its taint " + t.anyNode()))
                    .or(() -> here.free() < needed ? Optional.of("it has " + here.free() + " free volumes, " + needed + " needed")
                            : Optional.empty());
            if (why.isPresent()) {
                findings.add(name + ": " + why.get());
            } else {
                candidates.add(here);
            }
        }
        return candidates.stream().max(Comparator.comparingInt(NodeUsage::free).thenComparing(NodeUsage::node, Comparator.reverseOrder()))
                .map(NodeUsage::node)
                .orElseThrow(() -> new PreflightException("no node can take the local volumes (" + needed + " needed)", findings,
                        "release volumes of deleted VMs (EdgeStorage.pool().usage() lists them), let CDI tolerate a node's taint"
                                + " (EdgeStorage.cdi().tolerate), or name a node for the disk"));
    }

    /** Whether the DataVolume already holds its upload: it needs no new volume. */
    private boolean succeeded(UploadTarget target) {
        DataVolume dv = cluster.call("get", ObjectRef.of("DataVolume", target.namespace(), target.dataVolume()),
                () -> cluster.client().resources(DataVolume.class).inNamespace(target.namespace()).withName(target.dataVolume()).get());
        return dv != null && dv.getStatus() != null && "Succeeded".equals(dv.getStatus().phase());
    }

    private static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return true;
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).allMatch(c -> "True".equals(c.getStatus()));
    }

    private Optional<StorageClass> storageClass(String name) {
        return Optional.ofNullable(cluster.call("get", ObjectRef.clusterScoped("StorageClass", name),
                () -> cluster.client().storage().v1().storageClasses().withName(name).get()));
    }

    private List<String> storageClassNames() {
        return cluster.call("list", ObjectRef.clusterScoped("StorageClass", null),
                        () -> cluster.client().storage().v1().storageClasses().list().getItems())
                .stream().map(sc -> sc.getMetadata().getName()).collect(Collectors.toList());
    }
}
