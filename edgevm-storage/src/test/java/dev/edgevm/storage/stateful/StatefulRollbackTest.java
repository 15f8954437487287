package dev.edgevm.storage.stateful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumeRequest;
import dev.edgevm.storage.pool.VolumeRole;
import dev.edgevm.storage.testing.ClusterAudit;
import dev.edgevm.storage.testing.NodeFiles;
import dev.edgevm.storage.upload.UploadOptions;
import dev.edgevm.storage.upload.UploadRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stateful deploy that fails undoes all it created, even while the cluster fails requests; one
 * that crashed half-way converges when run again, taking over what it left instead of making it twice.
 */
class StatefulRollbackTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;

    @TempDir
    Path work;

    private byte[] bytes;
    private Path image;

    @BeforeEach
    void start() throws Exception {
        cluster = EmbeddedEdgeCluster.builder().nodes(2).seed(21).uploadProxyReadyWait(Duration.ofMillis(300)).start();
        edge = EdgeVm.using(cluster.client(), RetryConfig.builder().backoff(Duration.ofMillis(20), Duration.ofMillis(200)).build());
        bytes = new byte[3 * 1024 * 1024];
        new Random(9).nextBytes(bytes);
        image = Files.write(work.resolve("disk.img"), bytes);
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    private VmSpec spec() {
        return VmSpec.builder().name("db-vm").cpuCores(1).memory("1Gi").node("node02").runStrategy(RunStrategy.HALTED)
                .rootDisk(UploadedDisk.of(image).size("1Gi"))
                .cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey(StatefulWalkthroughTest.CONTROLLER_KEY)))
                .build();
    }

    @Test
    void aDeployThatFailsAfterTheUpload_undoesEverything_whileTheClusterFailsRequests() {
        cluster.faults().rate(0.15).kinds(FaultKind.SERVICE_UNAVAILABLE, FaultKind.TOO_MANY_REQUESTS, FaultKind.INTERNAL_ERROR,
                FaultKind.DROPPED_CONNECTION, FaultKind.WATCH_GONE);
        // The VM itself can never be created: everything before it must be undone.
        cluster.faults().failNext(1000, FaultKind.INTERNAL_ERROR, r -> r.isFor("virtualmachines") && "POST".equals(r.method()));

        OperationFailedException failed = catchThrowableOfType(OperationFailedException.class, () -> edge.vms().deploy(spec()));

        cluster.faults().clear();
        // Besides the VM's creates, which all failed, the cluster failed some of the other requests as the deploy went.
        long vmCreates = cluster.requests().count(r -> r.isFor("virtualmachines") && "POST".equals(r.method()));
        assertThat(cluster.faults().injected()).isGreaterThan(vmCreates);
        assertThat(failed.leftBehind()).isEmpty();
        assertThat(failed.stepsRolledBack()).as("the steps rolled back after: %s", failed.getMessage())
                .anySatisfy(s -> assertThat(s).startsWith("allocated PersistentVolumes"))
                .anySatisfy(s -> assertThat(s).startsWith("created DataVolume default/db-vm-rootdisk"))
                .anySatisfy(s -> assertThat(s).startsWith("created Secret"));
        ClusterAudit.assertNothingLeftOf(cluster, "db-vm", "db-vm-rootdisk");
        ClusterAudit.assertNoStorageLeft(cluster);
        assertNoDiskFiles("node02");
    }

    @Test
    void anUploadThatKeepsFailing_undoesTheDataVolumeAndVolumes() {
        EdgeStorage.of(edge).configure(c -> c.uploadAttempts(3));
        cluster.faults().failNext(3, FaultKind.INTERNAL_ERROR, r -> r.path().startsWith("/v1beta1/upload"));

        OperationFailedException failed = catchThrowableOfType(OperationFailedException.class, () -> edge.vms().deploy(spec()));

        assertThat(failed.getCause()).isInstanceOf(UploadRejectedException.class);
        assertThat(((UploadRejectedException) failed.getCause()).statusCode()).isEqualTo(500);
        assertThat(failed.leftBehind()).isEmpty();
        ClusterAudit.assertNoStorageLeft(cluster);
        assertNoDiskFiles("node02");
    }

    @Test
    void aDeployThatCrashedAfterAllocating_takesOverItsVolumes() {
        VolumeOwner owner = VolumeOwner.of("default", "db-vm");
        ClaimRef claim = ClaimRef.of("default", "db-vm-rootdisk");
        // What the crashed attempt left: both volumes, pre-bound, no DataVolume yet.
        PoolVolume data = EdgeStorage.of(edge).pool().allocate(VolumeRequest.builder().node("node02").owner(owner)
                .size(Quantity.parse("2Gi")).claim(claim).build());
        PoolVolume scratch = EdgeStorage.of(edge).pool().allocate(VolumeRequest.builder().node("node02").owner(owner)
                .role(VolumeRole.SCRATCH).size(Quantity.parse("2Gi")).claim(claim.scratch()).build());
        cluster.requests().reset();

        DeployedVm vm = edge.vms().deploy(spec());

        assertThat(vm.outcome()).isEqualTo(DeployOutcome.CREATED);
        assertThat(cluster.requests().count(r -> r.isFor("persistentvolumes") && "POST".equals(r.method()))).as("no new volume").isZero();
        assertThat(claimOf(data.name())).isEqualTo("db-vm-rootdisk");
        assertThat(cluster.client().persistentVolumes().withName(scratch.name()).get()).as("scratch recycled").isNull();
        assertThat(NodeFiles.head(cluster.nodeRoot("node02").resolve(data.path().substring(1) + "/disk.img"), bytes.length)).isEqualTo(bytes);
        vm.delete(DeleteOptions.defaults().purgeStorage(true));
        ClusterAudit.assertNoStorageLeft(cluster);
    }

    @Test
    void aDeployThatCrashedBeforeUploading_uploadsIntoItsDataVolume() {
        VmSpec spec = spec();
        EdgeStorage storage = EdgeStorage.of(edge);
        VolumeOwner owner = VolumeOwner.of("default", "db-vm");
        ClaimRef claim = ClaimRef.of("default", "db-vm-rootdisk");
        storage.pool().allocate(VolumeRequest.builder().node("node02").owner(owner).size(Quantity.parse("2Gi")).claim(claim).build());
        storage.pool().allocate(VolumeRequest.builder().node("node02").owner(owner).role(VolumeRole.SCRATCH)
                .size(Quantity.parse("2Gi")).claim(claim.scratch()).build());
        DataVolume rendered = VmManifests.of(spec.toBuilder().namespace("default").build()).uploadDataVolumes().get(0);
        cluster.client().resources(DataVolume.class).inNamespace("default").resource(rendered).create();
        cluster.client().resources(DataVolume.class).inNamespace("default").withName("db-vm-rootdisk").waitUntilCondition(dv ->
                dv != null && dv.getStatus() != null && "UploadReady".equals(dv.getStatus().phase()), 60, TimeUnit.SECONDS);
        cluster.requests().reset();

        DeployedVm vm = edge.vms().deploy(spec);

        assertThat(vm.outcome()).isEqualTo(DeployOutcome.CREATED);
        assertThat(cluster.requests().count(r -> (r.isFor("persistentvolumes") || r.isFor("datavolumes")) && "POST".equals(r.method())))
                .as("no new volume or DataVolume").isZero();
        assertThat(cluster.client().resources(DataVolume.class).inNamespace("default").withName("db-vm-rootdisk").get()
                .getStatus().phase()).isEqualTo("Succeeded");
        vm.delete(DeleteOptions.defaults().purgeStorage(true));
        ClusterAudit.assertNoStorageLeft(cluster);
    }

    @Test
    void aDeployThatCrashedAfterUploading_createsOnlyTheVm() {
        // What the crashed attempt left: the DataVolume of this VM, Succeeded, on its volume.
        EdgeStorage.of(edge).uploads().upload("db-vm-rootdisk", image, Quantity.parse("1Gi"),
                UploadOptions.builder().node("node02").owner("db-vm").build());
        cluster.requests().reset();

        DeployedVm vm = edge.vms().deploy(spec());

        assertThat(vm.outcome()).isEqualTo(DeployOutcome.CREATED);
        assertThat(cluster.requests().count(r -> (r.isFor("persistentvolumes") || r.isFor("datavolumes") || r.isFor("uploadtokenrequests"))
                && "POST".equals(r.method()))).as("nothing allocated, created or uploaded again").isZero();
        assertThat(cluster.requests().list().stream().filter(r -> r.isWrite()).map(r -> r.method() + " " + r.resource()))
                .as("writes: the Secret and the VM").containsExactlyInAnyOrder("POST secrets", "POST virtualmachines");
        vm.delete(DeleteOptions.defaults().purgeStorage(true));
        ClusterAudit.assertNoStorageLeft(cluster);
    }

    private String claimOf(String volume) {
        return cluster.client().persistentVolumes().withName(volume).get().getSpec().getClaimRef().getName();
    }

    private void assertNoDiskFiles(String node) {
        Path pool = cluster.nodeRoot(node).resolve("var/vd");
        if (!Files.isDirectory(pool)) {
            return;
        }
        try (Stream<Path> files = Files.walk(pool)) {
            List<Path> left = files.filter(Files::isRegularFile).toList();
            assertThat(left).as("files left in the node's volume directories").isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
