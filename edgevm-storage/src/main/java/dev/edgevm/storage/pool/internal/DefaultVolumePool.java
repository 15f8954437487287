package dev.edgevm.storage.pool.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.StorageConfig;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.internal.nodes.Hostnames;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.NodeFullException;
import dev.edgevm.storage.pool.NodeUsage;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.pool.PoolLabels;
import dev.edgevm.storage.pool.PoolUsage;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.ReleaseResult;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumePool;
import dev.edgevm.storage.pool.VolumeRequest;
import dev.edgevm.storage.pool.VolumeRole;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool on the cluster: every answer is read from the API server, every allocation decided by
 * it (a create that gets 409 tries the next number). Only the order in which free numbers are tried
 * comes from the shared informer's copy of the volumes.
 */
public final class DefaultVolumePool implements VolumePool {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultVolumePool.class);
    /** How long an allocation waits for the informer to show its volume; watch events usually take milliseconds. */
    private static final Duration CACHE_LAG = Duration.ofSeconds(5);

    private final ClusterAccess cluster;
    private final Supplier<PoolConfig> config;
    private final Supplier<VolumeWipe.Settings> wipeSettings;
    private final VolumeWipe wipe;
    private final Await await;
    private final ScratchRecycling scratch;

    /**
     * @param storage the pool's layout and the wipe Jobs' image and time limits, read on every use
     * @param jobNamespace where wipe Jobs run when the owner's namespace is not known
     */
    public DefaultVolumePool(ClusterAccess cluster, Supplier<StorageConfig> storage, Supplier<String> jobNamespace) {
        this.cluster = cluster;
        this.config = () -> storage.get().pool();
        this.wipeSettings = () -> {
            StorageConfig c = storage.get();
            return new VolumeWipe.Settings(c.jobImage(), jobNamespace.get(), c.cleanupTimeout(), c.jobPullGrace());
        };
        this.wipe = new VolumeWipe(cluster);
        this.await = new Await(cluster);
        this.scratch = new ScratchRecycling(cluster, config, this::release);
    }

    @Override
    public PoolConfig config() {
        return config.get();
    }

    @Override
    public PoolVolume allocate(String node, VolumeOwner owner, Quantity size, ClaimRef claim) {
        return allocate(VolumeRequest.builder().node(node).owner(owner).size(size).claim(claim).build());
    }

    @Override
    public PoolVolume allocate(VolumeRequest request) {
        PoolConfig pool = config.get();
        PoolVolumes volumes = new PoolVolumes(pool);
        Node node = requireNode(request.node());
        String hostname = Hostnames.of(node);
        Quantity capacity = request.size().orElse(pool.defaultCapacity());
        String allocationId = UUID.randomUUID().toString();
        // Two passes. The first picks candidates from the shared informer's copy of the volumes, so
        // an allocation does not list every volume of the cluster; the server's 409 still decides.
        // The second reads the server: a volume deleted since, or one the copy had not shown yet,
        // is then seen as it is before the node is called full.
        java.util.Random spread = new java.util.Random(allocationId.hashCode());
        // Scratch volumes of finished uploads first: their numbers are free in all but name.
        scratch.recycleQuietly(cluster.cachedList(PersistentVolume.class, null));
        for (int pass = 0; pass < 2; pass++) {
            List<PersistentVolume> known = pass == 0 ? cluster.cachedList(PersistentVolume.class, null) : listVolumes();
            Set<Integer> taken = takenIndices(known, request.node(), hostname, volumes);
            List<Integer> free = new ArrayList<>();
            for (int index = 0; index < pool.maxVolumesPerNode(); index++) {
                if (!taken.contains(index)) {
                    free.add(index);
                }
            }
            // The lowest free number first; once another allocator took it, the others in random
            // order, so racing allocators spread out instead of all colliding on the next number.
            if (free.size() > 1) {
                java.util.Collections.shuffle(free.subList(1, free.size()), spread);
            }
            for (int index : free) {
                PersistentVolume pv = volumes.render(request.node(), hostname, index, request.owner(), request.role(),
                        capacity, request.claim().orElse(null), allocationId, request.labels(), request.annotations());
                Optional<PersistentVolume> created = create(pv, allocationId);
                if (created.isPresent()) {
                    LOG.debug("allocated {} for {} ({})", pv.getMetadata().getName(), request.owner(), request.role().label());
                    awaitCached(created.get());
                    return volumes.read(created.get(), Map.of(hostname, request.node())).orElseThrow();
                }
            }
        }
        throw new NodeFullException(request.node(), pool.maxVolumesPerNode(), pool.volumePath(0),
                pool.volumePath(pool.maxVolumesPerNode() - 1));
    }

    /**
     * Waits, briefly, until the shared informer shows the volume just created, so the next
     * allocation through this client counts it instead of colliding with it. Past the wait the
     * allocation stands: the server's 409 keeps a lagging copy from handing the volume out twice.
     */
    private void awaitCached(PersistentVolume pv) {
        String name = pv.getMetadata().getName();
        String uid = pv.getMetadata().getUid();
        try {
            await.until("PersistentVolume " + name + " to be seen by the informer", CACHE_LAG, PersistentVolume.class, null, name,
                    cached -> cached.filter(seen -> uid == null || uid.equals(seen.getMetadata().getUid())).isPresent()
                            ? Await.Outcome.success(Boolean.TRUE) : Await.Outcome.waiting("not seen yet"));
        } catch (WaitTimeoutException lagging) {
            LOG.debug("{} not seen by the informer within {}", name, CACHE_LAG);
        }
    }

    /** Creates the volume; empty when another allocator holds the name (409 that is not our own retried create). */
    private Optional<PersistentVolume> create(PersistentVolume pv, String allocationId) {
        String name = pv.getMetadata().getName();
        ObjectRef ref = ObjectRef.clusterScoped("PersistentVolume", name);
        AtomicInteger attempts = new AtomicInteger();
        try {
            return Optional.of(cluster.call("create", ref, () -> {
                attempts.incrementAndGet();
                return cluster.client().persistentVolumes().resource(pv).create();
            }));
        } catch (ConflictException taken) {
            if (attempts.get() == 1) {
                return Optional.empty(); // our only create was refused: the name was already someone else's
            }
            // A retried create: the first attempt may have succeeded without us hearing the answer.
            PersistentVolume current = readVolume(name);
            boolean ours = current != null && current.getMetadata().getAnnotations() != null
                    && allocationId.equals(current.getMetadata().getAnnotations().get(PoolLabels.ALLOCATION));
            return ours ? Optional.of(current) : Optional.empty();
        }
    }

    /**
     * Indices of the node's pool directories that some volume (ours or made by hand) uses. Only this
     * node's hostname needs resolving, so the node list is not read again.
     */
    private static Set<Integer> takenIndices(List<PersistentVolume> known, String node, String hostname, PoolVolumes volumes) {
        Set<Integer> taken = new TreeSet<>();
        for (PersistentVolume pv : known) {
            int index = volumes.indexOn(pv, node, hostname);
            if (index >= 0) {
                taken.add(index);
            }
        }
        return taken;
    }

    @Override
    public Optional<PoolVolume> find(ClaimRef claim) {
        PoolVolumes volumes = new PoolVolumes(config.get());
        List<PersistentVolume> bound = listVolumes().stream()
                .filter(pv -> PoolVolumes.claim(pv).filter(claim::equals).isPresent()).toList();
        // The pool's own volumes name their node in a label; only one made by hand needs the node list.
        Map<String, String> hostnames = bound.stream().allMatch(PoolVolumes::managed) ? Map.of() : hostnames();
        return bound.stream()
                .map(pv -> volumes.read(pv, hostnames))
                .flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public List<PoolVolume> volumesOf(VolumeOwner owner) {
        PoolVolumes volumes = new PoolVolumes(config.get());
        Map<String, String> hostnames = hostnames();
        return cluster.call("list", ObjectRef.clusterScoped("PersistentVolume", null), () -> cluster.client().persistentVolumes()
                        .withLabel(PoolLabels.OWNER, owner.name()).withLabel(PoolLabels.OWNER_NAMESPACE, owner.namespace())
                        .list().getItems())
                .stream().map(pv -> volumes.read(pv, hostnames)).flatMap(Optional::stream)
                .sorted(Comparator.comparing(PoolVolume::node).thenComparingInt(PoolVolume::index))
                .collect(Collectors.toList());
    }

    @Override
    public PoolUsage usage() {
        PoolConfig pool = config.get();
        PoolVolumes volumes = new PoolVolumes(pool);
        List<Node> nodes = listNodes();
        Map<String, String> hostnames = Hostnames.nodesByHostname(nodes);
        List<PersistentVolume> listed = listVolumes();
        if (scratch.recycleQuietly(listed)) {
            listed = listVolumes();
        }
        List<PoolVolume> all = listed.stream().map(pv -> volumes.read(pv, hostnames)).flatMap(Optional::stream)
                .filter(v -> v.index() >= 0 || v.managed())
                .sorted(Comparator.comparing(PoolVolume::node).thenComparingInt(PoolVolume::index))
                .collect(Collectors.toList());
        List<NodeUsage> perNode = new ArrayList<>();
        for (Node node : nodes) {
            String name = node.getMetadata().getName();
            List<PoolVolume> here = all.stream().filter(v -> v.node().equals(name) && v.index() >= 0
                    && v.index() < pool.maxVolumesPerNode()).collect(Collectors.toList());
            long distinct = here.stream().map(PoolVolume::index).distinct().count();
            int released = (int) here.stream().filter(PoolVolume::released).count();
            perNode.add(new NodeUsage(name, pool.maxVolumesPerNode(), (int) distinct - released, released,
                    pool.maxVolumesPerNode() - (int) distinct));
        }
        return new PoolUsage(perNode, all);
    }

    @Override
    public ReleaseResult release(VolumeOwner owner) {
        return release(volumesOf(owner), owner.namespace());
    }

    @Override
    public ReleaseResult release(List<PoolVolume> volumes) {
        return release(volumes, wipeSettings.get().namespace());
    }

    @Override
    public ReleaseResult recycleScratch() {
        return scratch.recycle(cluster.call("list", ObjectRef.clusterScoped("PersistentVolume", null), () -> cluster.client()
                .persistentVolumes().withLabel(PoolLabels.ROLE, VolumeRole.SCRATCH.label()).list().getItems()));
    }

    /** Wipes and deletes the volumes, with wipe Jobs running in {@code jobNamespace}. */
    public ReleaseResult release(List<PoolVolume> volumes, String jobNamespace) {
        VolumeWipe.Settings settings = wipeSettings.get();
        return new VolumeRelease(cluster, wipe, new VolumeWipe.Settings(settings.image(), jobNamespace, settings.timeout(),
                settings.pullGrace()))
                .release(volumes);
    }

    private PersistentVolume readVolume(String name) {
        return cluster.call("get", ObjectRef.clusterScoped("PersistentVolume", name),
                () -> cluster.client().persistentVolumes().withName(name).get());
    }

    private List<PersistentVolume> listVolumes() {
        return cluster.call("list", ObjectRef.clusterScoped("PersistentVolume", null),
                () -> cluster.client().persistentVolumes().list().getItems());
    }

    private List<Node> listNodes() {
        return cluster.call("list", ObjectRef.clusterScoped("Node", null), () -> cluster.client().nodes().list().getItems());
    }

    private Map<String, String> hostnames() {
        return Hostnames.nodesByHostname(listNodes());
    }

    /** The node from the shared Node informer (nodes rarely change), from the server when the informer has not shown it. */
    private Node requireNode(String name) {
        Optional<Node> cached = cluster.cached(Node.class, null, name);
        if (cached.isPresent()) {
            return cached.get();
        }
        Node node = cluster.call("get", ObjectRef.clusterScoped("Node", name), () -> cluster.client().nodes().withName(name).get());
        if (node == null) {
            String known = listNodes().stream().map(n -> n.getMetadata().getName()).collect(Collectors.joining(", "));
            throw InvalidSpecException.of("VolumeRequest", "node", "there is no node '" + name + "' in the cluster (nodes: " + known + ")");
        }
        return node;
    }
}
