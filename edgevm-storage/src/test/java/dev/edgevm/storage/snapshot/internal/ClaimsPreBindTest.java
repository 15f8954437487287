package dev.edgevm.storage.snapshot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.StorageConfig;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pre-binding a volume to the claim a restore or an export makes: a write that meets a change made
 * since its read (409 "the object has been modified") reads the volume again and applies the
 * change to what is there now.
 */
class ClaimsPreBindTest {

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private Claims claims;
    private PoolVolume volume;

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
        edge = EdgeVm.using(cluster.client());
        claims = new Claims((ClusterAccess) edge, StorageConfig::defaults);
        volume = EdgeStorage.of(edge).pool().allocate("node01", VolumeOwner.of("default", "snap-vm"), Quantity.parse("1Gi"),
                ClaimRef.of("default", "snap-vm-rootdisk"));
    }

    @AfterEach
    void stop() {
        cluster.faults().clear();
        edge.close();
        cluster.close();
    }

    @Test
    void preBind_pointsTheVolumeAtTheClaimByName() {
        claims.preBind(volume.name(), "default", "restored-rootdisk");

        ObjectReference ref = cluster.client().persistentVolumes().withName(volume.name()).get().getSpec().getClaimRef();
        assertThat(ref.getNamespace()).isEqualTo("default");
        assertThat(ref.getName()).isEqualTo("restored-rootdisk");
        assertThat(ref.getUid()).as("no uid: the claim does not exist yet").isNull();
    }

    /**
     * The first write goes through but its answer is lost; sent again with the resourceVersion it
     * read, it is refused with 409, and the volume is read again and written with the new one.
     */
    @Test
    void aWriteRefusedWith409_readsTheVolumeAgain_andWrites() {
        Predicate<ClusterRequest> updateOfTheVolume = r -> r.isFor("persistentvolumes") && "PUT".equals(r.method())
                && volume.name().equals(r.name());
        Predicate<ClusterRequest> readOfTheVolume = r -> r.isFor("persistentvolumes") && "GET".equals(r.method())
                && volume.name().equals(r.name()) && !r.watch();
        cluster.faults().failNext(1, FaultKind.DROPPED_RESPONSE, updateOfTheVolume);
        cluster.requests().reset();

        claims.preBind(volume.name(), "default", "restored-rootdisk");

        assertThat(cluster.faults().injected(FaultKind.DROPPED_RESPONSE)).isEqualTo(1);
        assertThat(cluster.requests().list().stream().filter(updateOfTheVolume).count())
                .as("the lost write, the one refused as stale, the one after reading again").isGreaterThanOrEqualTo(3);
        assertThat(cluster.requests().list().stream().filter(readOfTheVolume).count()).isGreaterThanOrEqualTo(2);
        assertThat(cluster.client().persistentVolumes().withName(volume.name()).get().getSpec().getClaimRef().getName())
                .isEqualTo("restored-rootdisk");
    }

    @Test
    void aVolumeThatIsGone_isNotFound_namingIt() {
        NotFoundException missing = catchThrowableOfType(NotFoundException.class,
                () -> claims.preBind("node01-vol63", "default", "restored-rootdisk"));

        assertThat(missing.getMessage()).contains("PersistentVolume node01-vol63", "default/restored-rootdisk");
    }
}
