package dev.edgevm.storage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node-local volume pool against the embedded API server: allocation, races, usage, release. */
class VolumePoolTest {

    private static final Quantity SIZE = Quantity.parse("2Gi");

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private VolumePool pool;

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(3).seed(3).start();
        edge = EdgeVm.using(cluster.client());
        pool = EdgeStorage.of(edge).pool();
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    @Test
    void allocate_createsAPreBoundVolumeOnTheNode_namedAfterNodeAndIndex() {
        PoolVolume volume = pool.allocate("node02", VolumeOwner.of("default", "centos-vm"), SIZE, ClaimRef.of("default", "centos-dv"));

        assertThat(volume.name()).isEqualTo("node02-vol0");
        assertThat(volume.path()).isEqualTo("/var/vd/vol0");
        assertThat(volume.role()).contains(VolumeRole.DATA);
        PersistentVolume pv = cluster.client().persistentVolumes().withName("node02-vol0").get();
        assertThat(pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues())
                .containsExactly("node02");
        assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo("default");
        assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo("centos-dv");
        assertThat(pv.getSpec().getClaimRef().getUid()).isNull();
        assertThat(pv.getSpec().getCapacity().get("storage").toString()).isEqualTo("2Gi");
        assertThat(pv.getMetadata().getLabels()).containsEntry(PoolLabels.NODE, "node02").containsEntry(PoolLabels.INDEX, "0")
                .containsEntry(PoolLabels.OWNER, "centos-vm").containsEntry(PoolLabels.ROLE, "data");
        // The same PersistentVolume found both ways; its phase may move from Pending to Available between the reads.
        assertThat(pool.find(ClaimRef.of("default", "centos-dv")).flatMap(PoolVolume::uid))
                .isPresent().isEqualTo(pool.volumesOf(VolumeOwner.of("default", "centos-vm")).get(0).uid());
    }

    @Test
    void preBinding_bindsExactlyTheIntendedClaim_evenWithWaitForFirstConsumer() {
        pool.allocate("node01", VolumeOwner.of("default", "a"), SIZE, ClaimRef.of("default", "claim-a"));
        pool.allocate("node01", VolumeOwner.of("default", "b"), SIZE, ClaimRef.of("default", "claim-b"));

        cluster.client().persistentVolumeClaims().inNamespace("default").resource(claim("claim-b")).create();

        // No pod uses claim-b, yet it binds at once, and to its own volume, not the other free one.
        var bound = cluster.client().persistentVolumeClaims().inNamespace("default").withName("claim-b")
                .waitUntilCondition(c -> c != null && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()), 2, TimeUnit.MINUTES);
        assertThat(bound.getSpec().getVolumeName()).isEqualTo("node01-vol1");
        // The other volume stays free: the binder makes it Available in its own time, never Bound.
        PersistentVolume other = cluster.client().persistentVolumes().withName("node01-vol0").waitUntilCondition(pv -> pv != null
                && pv.getStatus() != null && pv.getStatus().getPhase() != null && !"Pending".equals(pv.getStatus().getPhase()), 2, TimeUnit.MINUTES);
        assertThat(other.getStatus().getPhase()).isEqualTo("Available");
    }

    @Test
    void eightConcurrentAllocators_fillThreeNodes_withoutHandingOutAVolumeTwice() throws Exception {
        int allocators = 8;
        ExecutorService threads = Executors.newFixedThreadPool(allocators);
        List<Future<List<PoolVolume>>> results = new ArrayList<>();
        List<KubernetesClient> clients = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int t = 0; t < allocators; t++) {
                int id = t;
                results.add(threads.submit((Callable<List<PoolVolume>>) () -> {
                    // Each allocator has its own connection and SDK instance, as separate processes would.
                    KubernetesClient client = cluster.newClient();
                    clients.add(client);
                    try (EdgeVm own = EdgeVm.using(client)) {
                        VolumePool mine = EdgeStorage.of(own).pool();
                        List<PoolVolume> got = new ArrayList<>();
                        for (String node : List.of("node01", "node02", "node03")) {
                            int n = 0;
                            while (true) {
                                try {
                                    got.add(mine.allocate(node, VolumeOwner.of("default", "allocator-" + id), SIZE,
                                            ClaimRef.of("default", "a" + id + "-" + node + "-" + n++)));
                                } catch (NodeFullException full) {
                                    assertThat(full.node()).isEqualTo(node);
                                    assertThat(full.limit()).isEqualTo(64);
                                    break;
                                }
                            }
                        }
                        return got;
                    }
                }));
            }
            List<PoolVolume> all = new ArrayList<>();
            for (Future<List<PoolVolume>> f : results) {
                all.addAll(f.get(5, TimeUnit.MINUTES));
            }

            assertThat(all).hasSize(3 * 64);
            assertThat(all.stream().map(PoolVolume::name).distinct().count()).isEqualTo(3L * 64);
            for (String node : List.of("node01", "node02", "node03")) {
                assertThat(all.stream().filter(v -> v.node().equals(node)).map(PoolVolume::index).sorted().collect(Collectors.toList()))
                        .isEqualTo(IntStream.range(0, 64).boxed().collect(Collectors.toList()));
            }
            // What each allocator was handed is what the cluster says it owns: nobody got someone else's volume.
            Map<String, PersistentVolume> onServer = cluster.client().persistentVolumes().list().getItems().stream()
                    .collect(Collectors.toMap(pv -> pv.getMetadata().getName(), pv -> pv));
            assertThat(onServer).hasSize(3 * 64);
            for (PoolVolume v : all) {
                PersistentVolume pv = onServer.get(v.name());
                assertThat(pv.getMetadata().getLabels().get(PoolLabels.OWNER)).isEqualTo(v.owner().orElseThrow().name());
                assertThat(pv.getSpec().getClaimRef().getName()).isEqualTo(v.claim().orElseThrow().name());
            }
            assertThat(pool.usage().nodes()).allSatisfy(n -> assertThat(n.free()).isZero());
            NodeFullException full = catchThrowableOfType(NodeFullException.class,
                    () -> pool.allocate("node02", VolumeOwner.of("default", "late"), SIZE, ClaimRef.of("default", "late")));
            assertThat(full.getMessage()).contains("node02", "64", "/var/vd/vol0", "/var/vd/vol63");
        } finally {
            threads.shutdownNow();
            clients.forEach(KubernetesClient::close);
        }
    }

    @Test
    void handMadeVolumesOnPoolDirectories_areSkipped_andShownAsNotEdgevms() {
        // The runbook's kv-pv0, made by hand for /var/vd/vol0 on node03
        cluster.client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("kv-pv0").endMetadata()
                .withNewSpec().addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("15Gi"))
                .withAccessModes("ReadWriteOnce").withStorageClassName("local-storage").withPersistentVolumeReclaimPolicy("Retain")
                .withNewLocal().withPath("/var/vd/vol0").endLocal()
                .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey("kubernetes.io/hostname").withOperator("In").withValues("node03").endMatchExpression()
                .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build()).create();

        PoolVolume allocated = pool.allocate("node03", VolumeOwner.of("default", "vm"), SIZE, ClaimRef.of("default", "dv"));

        assertThat(allocated.index()).isEqualTo(1);
        PoolUsage usage = pool.usage();
        assertThat(usage.node("node03").inUse()).isEqualTo(2);
        assertThat(usage.node("node03").free()).isEqualTo(62);
        assertThat(usage.volumes()).anySatisfy(v -> {
            assertThat(v.name()).isEqualTo("kv-pv0");
            assertThat(v.managed()).isFalse();
            assertThat(v.index()).isZero();
        });
    }

    @Test
    void aNodeWhoseHostnameDiffersFromItsName_isMatchedThroughItsHostnameLabel() {
        try (EmbeddedEdgeCluster renamed = EmbeddedEdgeCluster.builder().nodes(1)
                        .node("edge-a", n -> n.label("kubernetes.io/hostname", "host-a")).start();
             EdgeVm renamedEdge = EdgeVm.using(renamed.client())) {
            VolumePool renamedPool = EdgeStorage.of(renamedEdge).pool();
            // Made by hand, as the runbook does: affinity names the hostname, not the node.
            renamed.client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("by-hand").endMetadata()
                    .withNewSpec().addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("15Gi"))
                    .withAccessModes("ReadWriteOnce").withStorageClassName("local-storage").withPersistentVolumeReclaimPolicy("Retain")
                    .withNewLocal().withPath("/var/vd/vol0").endLocal()
                    .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                    .withKey("kubernetes.io/hostname").withOperator("In").withValues("host-a").endMatchExpression()
                    .endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build()).create();

            PoolVolume allocated = renamedPool.allocate("edge-a", VolumeOwner.of("default", "vm"), SIZE, ClaimRef.of("default", "dv"));

            assertThat(allocated.index()).isEqualTo(1);
            assertThat(allocated.node()).isEqualTo("edge-a");
            assertThat(renamed.client().persistentVolumes().withName(allocated.name()).get().getSpec().getNodeAffinity().getRequired()
                    .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues()).containsExactly("host-a");
            // node01 has no volume on host-a's directories: its first volume is its own vol0.
            assertThat(renamedPool.allocate("node01", VolumeOwner.of("default", "vm"), SIZE, ClaimRef.of("default", "dv2")).index()).isZero();
            assertThat(renamedPool.usage().node("edge-a").inUse()).isEqualTo(2);
        }
    }

    @Test
    void release_wipesTheDiskOnTheNode_deletesTheVolumes_andKeepsThoseAClaimStillUses() throws Exception {
        VolumeOwner owner = VolumeOwner.of("default", "old-vm");
        PoolVolume used = pool.allocate("node01", owner, SIZE, ClaimRef.of("default", "old-dv"));
        PoolVolume unused = pool.allocate("node01", owner, SIZE, ClaimRef.of("default", "old-dv-scratch"));
        cluster.client().persistentVolumeClaims().inNamespace("default").resource(claim("old-dv")).create();
        cluster.client().persistentVolumeClaims().inNamespace("default").withName("old-dv")
                .waitUntilCondition(c -> c != null && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()), 2, TimeUnit.MINUTES);
        Path unusedDir = Files.createDirectories(cluster.nodeRoot("node01").resolve("var/vd/vol1"));
        Files.write(unusedDir.resolve("disk.img"), new byte[4096]);
        Files.write(unusedDir.resolve("tmpimage"), new byte[4096]);
        Files.writeString(unusedDir.resolve("keep.txt"), "not a disk");

        ReleaseResult result = pool.release(owner);

        assertThat(result.released()).containsExactly(unused.name());
        assertThat(result.kept()).containsOnlyKeys(used.name());
        assertThat(result.kept().get(used.name())).contains("default/old-dv");
        assertThat(unusedDir.resolve("disk.img")).doesNotExist();
        assertThat(unusedDir.resolve("tmpimage")).doesNotExist();
        assertThat(unusedDir.resolve("keep.txt")).exists();
        assertThat(cluster.client().persistentVolumes().withName(unused.name()).get()).isNull();
        assertThat(cluster.client().persistentVolumes().withName(used.name()).get()).isNotNull();
        assertThat(cluster.client().batch().v1().jobs().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(cluster.client().pods().inAnyNamespace().withLabel("app.kubernetes.io/managed-by", "edgevm").list().getItems()).isEmpty();

        // Once the claim is gone the volume is Released, shown as such, and can be released too.
        cluster.client().persistentVolumeClaims().inNamespace("default").withName("old-dv").delete();
        cluster.client().persistentVolumes().withName(used.name()).waitUntilCondition(pv -> pv != null && pv.getStatus() != null
                && "Released".equals(pv.getStatus().getPhase()), 2, TimeUnit.MINUTES);
        assertThat(pool.usage().released()).extracting(PoolVolume::name).containsExactly(used.name());
        assertThat(pool.usage().node("node01").released()).isEqualTo(1);
        assertThat(pool.release(owner).released()).containsExactly(used.name());
        assertThat(pool.usage().node("node01").free()).isEqualTo(64);
    }

    @Test
    void aCreateWhoseAnswerIsLost_isRetried_andTheVolumeItMadeIsRecognisedAsOurs() {
        cluster.faults().failNext(1, FaultKind.DROPPED_RESPONSE, r -> r.isWrite() && r.isFor("persistentvolumes"));
        cluster.requests().reset();

        PoolVolume volume = pool.allocate("node01", VolumeOwner.of("default", "vm"), SIZE, ClaimRef.of("default", "dv"));

        // The first create was carried out; its retry got 409, and one read showed our allocation's mark on it.
        assertThat(volume.name()).isEqualTo("node01-vol0");
        assertThat(cluster.requests().count(r -> r.isFor("persistentvolumes") && "POST".equals(r.method()))).isEqualTo(2);
        assertThat(cluster.requests().count(r -> r.isFor("persistentvolumes") && "GET".equals(r.method()) && "node01-vol0".equals(r.name())))
                .isEqualTo(1);
        assertThat(pool.volumesOf(VolumeOwner.of("default", "vm"))).extracting(PoolVolume::name).containsExactly("node01-vol0");
    }

    @Test
    void aNameTakenOutsideThePool_costsOneRefusedCreate_andNoRead() {
        // Not on a pool directory, so not counted as taken; only its name collides.
        cluster.client().persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("node01-vol0").endMetadata()
                .withNewSpec().addToCapacity("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))
                .withAccessModes("ReadWriteOnce").withNewHostPath().withPath("/srv/elsewhere").endHostPath().endSpec().build()).create();
        cluster.requests().reset();

        PoolVolume volume = pool.allocate("node01", VolumeOwner.of("default", "vm"), SIZE, ClaimRef.of("default", "dv"));

        assertThat(volume.name()).isNotEqualTo("node01-vol0").startsWith("node01-vol");
        assertThat(cluster.requests().count(r -> r.isFor("persistentvolumes") && "POST".equals(r.method()))).isEqualTo(2);
        assertThat(cluster.requests().count(r -> r.isFor("persistentvolumes") && "GET".equals(r.method()) && "node01-vol0".equals(r.name())))
                .isZero();
    }

    @Test
    void badRequests_areRefusedWithoutARequest() {
        cluster.requests().reset();
        InvalidSpecException noNode = catchThrowableOfType(InvalidSpecException.class, () ->
                VolumeRequest.builder().node("Not_A_Node").owner(VolumeOwner.of("default", "x")).size(Quantity.parse("0")).build());
        assertThat(noNode.violations()).extracting(v -> v.path()).containsExactlyInAnyOrder("node", "size");
        InvalidSpecException badPool = catchThrowableOfType(InvalidSpecException.class, () ->
                PoolConfig.builder().baseDirectory("var/vd").volumePrefix("Vol").maxVolumesPerNode(0).build());
        assertThat(badPool.violations()).extracting(v -> v.path())
                .containsExactlyInAnyOrder("baseDirectory", "volumePrefix", "maxVolumesPerNode");
        assertThat(cluster.requests().count()).isZero();

        InvalidSpecException unknownNode = catchThrowableOfType(InvalidSpecException.class, () ->
                pool.allocate("node09", VolumeOwner.of("default", "x"), SIZE, ClaimRef.of("default", "x")));
        assertThat(unknownNode.getMessage()).contains("node09", "node01, node02, node03");
        assertThat(cluster.requests().writes()).isZero();
    }

    @Test
    void configuredLayout_isUsedForNamesAndPaths() {
        EdgeStorage.of(edge).configure(c -> c.pool(PoolConfig.builder().baseDirectory("/srv/disks").volumePrefix("disk")
                .maxVolumesPerNode(2).build()));
        PoolVolume first = pool.allocate("node01", VolumeOwner.of("default", "x"), SIZE, ClaimRef.of("default", "x1"));
        pool.allocate("node01", VolumeOwner.of("default", "x"), SIZE, ClaimRef.of("default", "x2"));

        assertThat(first.name()).isEqualTo("node01-disk0");
        assertThat(first.path()).isEqualTo("/srv/disks/disk0");
        NodeFullException full = catchThrowableOfType(NodeFullException.class,
                () -> pool.allocate("node01", VolumeOwner.of("default", "x"), SIZE, ClaimRef.of("default", "x3")));
        assertThat(full.limit()).isEqualTo(2);
        assertThat(full.getMessage()).contains("/srv/disks/disk0", "/srv/disks/disk1");
    }

    private static io.fabric8.kubernetes.api.model.PersistentVolumeClaim claim(String name) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("local-storage").withVolumeMode("Filesystem")
                .withNewResources().addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources()
                .endSpec().build();
    }

}
