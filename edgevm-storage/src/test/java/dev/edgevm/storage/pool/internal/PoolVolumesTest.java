package dev.edgevm.storage.pool.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.Quantity;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumeRole;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeFluent;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The quick "which number does this volume take on this node" agrees with reading the whole volume. */
class PoolVolumesTest {

    private static final PoolVolumes VOLUMES = new PoolVolumes(PoolConfig.defaults());
    private static final String NODE = "edge-a";
    private static final String HOSTNAME = "host-a";

    @Test
    void indexOn_agreesWithRead_forEveryKindOfVolume() {
        Quantity size = Quantity.parse("1Gi");
        VolumeOwner owner = VolumeOwner.of("default", "vm");
        List<PersistentVolume> volumes = List.of(
                VOLUMES.render(NODE, HOSTNAME, 3, owner, VolumeRole.DATA, size, ClaimRef.of("default", "dv"), "a", Map.of(), Map.of()),
                VOLUMES.render("edge-b", "host-b", 4, owner, VolumeRole.SCRATCH, size, null, "b", Map.of(), Map.of()),
                handMade("by-hostname", HOSTNAME, s -> s.withNewLocal().withPath("/var/vd/vol7").endLocal()),
                handMade("by-node-name", NODE, s -> s.withNewHostPath().withPath("/var/vd/vol8/").endHostPath()),
                handMade("other-host", "host-b", s -> s.withNewLocal().withPath("/var/vd/vol9").endLocal()),
                handMade("off-the-pool", HOSTNAME, s -> s.withNewLocal().withPath("/srv/disks/one").endLocal()),
                handMade("no-path", HOSTNAME, s -> s),
                new PersistentVolumeBuilder().withNewMetadata().withName("no-affinity").endMetadata()
                        .withNewSpec().withNewLocal().withPath("/var/vd/vol10").endLocal().endSpec().build());

        for (PersistentVolume pv : volumes) {
            int read = VOLUMES.read(pv, Map.of(HOSTNAME, NODE)).filter(v -> v.node().equals(NODE)).map(PoolVolume::index).orElse(-1);
            assertThat(VOLUMES.indexOn(pv, NODE, HOSTNAME)).as(pv.getMetadata().getName()).isEqualTo(read);
        }
        assertThat(volumes.stream().mapToInt(pv -> VOLUMES.indexOn(pv, NODE, HOSTNAME)).filter(i -> i >= 0).boxed())
                .containsExactly(3, 7, 8);
    }

    private static PersistentVolume handMade(String name, String hostname,
                                             UnaryOperator<PersistentVolumeFluent<PersistentVolumeBuilder>.SpecNested<PersistentVolumeBuilder>> where) {
        return where.apply(new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                        .withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm().addNewMatchExpression()
                        .withKey("kubernetes.io/hostname").withOperator("In").withValues(hostname).endMatchExpression()
                        .endNodeSelectorTerm().endRequired().endNodeAffinity())
                .endSpec().build();
    }
}
