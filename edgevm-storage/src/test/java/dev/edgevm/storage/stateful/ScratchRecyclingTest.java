package dev.edgevm.storage.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.Quantity;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumeRequest;
import dev.edgevm.storage.pool.VolumeRole;
import dev.edgevm.storage.upload.UploadOptions;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Released scratch volume is recycled once its upload is over, whoever left it: the deploy or
 * upload that used it, or, when that one crashed first, the next deploy, allocation or usage
 * report. One whose upload is still under way is left alone.
 */
class ScratchRecyclingTest {

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private EdgeStorage storage;

    @TempDir
    Path work;

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(2).seed(17).uploadProxyReadyWait(Duration.ofMillis(300)).start();
        edge = EdgeVm.using(cluster.client());
        storage = EdgeStorage.of(edge);
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    private VmSpec spec(String name) throws Exception {
        byte[] bytes = new byte[2 * 1024 * 1024];
        new Random(name.hashCode()).nextBytes(bytes);
        return VmSpec.builder().name(name).cpuCores(1).memory("1Gi").node("node02").runStrategy(RunStrategy.HALTED)
                .rootDisk(UploadedDisk.of(Files.write(work.resolve(name + ".img"), bytes)).size("1Gi"))
                .build();
    }

    @Test
    void aDeployThatCrashedBeforeRecyclingItsScratchVolume_recyclesItWhenRunAgain() throws Exception {
        VmSpec spec = spec("db-vm");
        // The crashed attempt uploaded the disk, and CDI was done with the scratch volume, which it left Released.
        storage.uploads().upload("db-vm-rootdisk", ((UploadedDisk) spec.rootDisk()).imagePath(), Quantity.parse("1Gi"),
                UploadOptions.builder().node("node02").owner("db-vm").build());
        PoolVolume left = releasedScratch(VolumeOwner.of("default", "db-vm"), ClaimRef.of("default", "db-vm-rootdisk"));
        Path staged = Files.write(Files.createDirectories(cluster.nodeRoot("node02").resolve(left.path().substring(1)))
                .resolve("tmpimage"), new byte[4096]);

        DeployedVm vm = edge.vms().deploy(spec);

        assertThat(vm.outcome()).isEqualTo(DeployOutcome.CREATED);
        assertThat(cluster.client().persistentVolumes().withName(left.name()).get()).as("the left scratch volume").isNull();
        assertThat(staged).as("CDI's staging file").doesNotExist();
    }

    @Test
    void theScratchVolumeOfAnUploadStillUnderWay_isLeftAlone() throws Exception {
        VolumeOwner owner = VolumeOwner.of("default", "slow-vm");
        ClaimRef claim = ClaimRef.of("default", "slow-vm-rootdisk");
        storage.pool().allocate(VolumeRequest.builder().node("node02").owner(owner).size(Quantity.parse("2Gi")).claim(claim).build());
        PoolVolume scratch = releasedScratch(owner, claim);
        DataVolume rendered = VmManifests.of(spec("slow-vm").toBuilder().namespace("default").build()).uploadDataVolumes().get(0);
        cluster.client().resources(DataVolume.class).inNamespace("default").resource(rendered).create();

        storage.pool().usage();
        storage.pool().recycleScratch();

        assertThat(cluster.client().persistentVolumes().withName(scratch.name()).get()).as("the upload's scratch volume").isNotNull();
        assertThat(cluster.client().resources(DataVolume.class).inNamespace("default").withName("slow-vm-rootdisk").get()
                .getStatus()).satisfiesAnyOf(s -> assertThat(s).isNull(), s -> assertThat(s.phase()).isNotEqualTo("Succeeded"));
    }

    /** A scratch volume of the owner for {@code claim}, used by a scratch claim that is gone now: Released. */
    private PoolVolume releasedScratch(VolumeOwner owner, ClaimRef claim) {
        PoolVolume scratch = storage.pool().allocate(VolumeRequest.builder().node("node02").owner(owner).role(VolumeRole.SCRATCH)
                .size(Quantity.parse("2Gi")).claim(claim.scratch()).build());
        String name = claim.scratch().name();
        var claims = cluster.client().persistentVolumeClaims().inNamespace("default");
        claims.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withAccessModes("ReadWriteOnce").withStorageClassName("local-storage").withNewResources()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec().build()).create();
        claims.withName(name).waitUntilCondition(c -> c != null && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()),
                60, TimeUnit.SECONDS);
        claims.withName(name).delete();
        cluster.client().persistentVolumes().withName(scratch.name()).waitUntilCondition(pv -> pv != null && pv.getStatus() != null
                && "Released".equals(pv.getStatus().getPhase()), 60, TimeUnit.SECONDS);
        return scratch;
    }
}
