package dev.edgevm.storage.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.StorageConfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Releasing volumes wipes them with a Job in the owner's namespace, and the Job may not start:
 *
 * <ul>
 *   <li>a namespace whose Pod Security level forbids hostPath volumes makes the API server refuse the
 *       Job's pod: the release fails at once with the admission's words and the fix;</li>
 *   <li>an image the node cannot pull keeps the pod in ErrImagePull and ImagePullBackOff, which may
 *       pass (a registry briefly down), so the release fails after {@code StorageConfig.jobPullGrace},
 *       here shortened, naming the image, what the kubelet said, and the fix.</li>
 * </ul>
 *
 * Either way the volumes and their data are kept, and no Job or pod is left.
 */
class WipeRefusedTest {

    private static final String NS = "edge-apps";
    private static final String UNPULLABLE = "registry.example/tools/busybox:gone";

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private VolumePool pool;

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).unpullableImage(UNPULLABLE).start();
        edge = EdgeVm.using(cluster.client());
        pool = EdgeStorage.of(edge).pool();
        enforce("baseline");
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    private void enforce(String level) {
        cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
                .addToLabels("pod-security.kubernetes.io/enforce", level).endMetadata().build()).createOr(ns -> ns.update());
    }

    @Test
    void aReleaseWhoseWipeJobTheNamespaceRefuses_failsNamingPodSecurity_andKeepsTheVolume() throws Exception {
        VolumeOwner owner = VolumeOwner.of(NS, "old-vm");
        PoolVolume volume = pool.allocate("node01", owner, Quantity.parse("1Gi"), ClaimRef.of(NS, "old-dv"));
        Path disk = Files.createDirectories(cluster.nodeRoot("node01").resolve("var/vd/vol0")).resolve("disk.img");
        Files.writeString(disk, "old data");

        EdgeVmException refused = catchThrowableOfType(EdgeVmException.class, () -> pool.release(owner));

        assertThat(refused.getMessage())
                .contains("the Job could not create its pod: Error creating: pods \"edgevm-wipe-node01-")
                .contains("is forbidden: violates PodSecurity \"baseline:latest\": hostPath volumes (volume \"dir-0\")")
                .contains("pod-security.kubernetes.io/enforce=privileged")
                .contains("are kept so their data is not handed out again");
        assertThat(disk).hasContent("old data");
        assertThat(cluster.client().persistentVolumes().withName(volume.name()).get()).isNotNull();
        assertThat(cluster.client().batch().v1().jobs().inNamespace(NS).list().getItems()).as("the refused Job, deleted").isEmpty();

        // the fix the message gives
        enforce("privileged");
        assertThat(pool.release(owner).released()).containsExactly(volume.name());
        assertThat(disk).doesNotExist();
    }

    @Test
    void aReleaseWhoseWipeImageCannotBePulled_failsAfterThePullGrace_namingTheImageAndTheFix_andKeepsTheVolume() throws Exception {
        EdgeStorage storage = EdgeStorage.of(edge).configure(c -> c.jobImage(UNPULLABLE).jobPullGrace(Duration.ofSeconds(3)));
        VolumeOwner owner = VolumeOwner.of("default", "old-vm");
        PoolVolume volume = pool.allocate("node01", owner, Quantity.parse("1Gi"), ClaimRef.of("default", "old-dv"));
        Path disk = Files.createDirectories(cluster.nodeRoot("node01").resolve("var/vd/vol0")).resolve("disk.img");
        Files.writeString(disk, "old data");

        EdgeVmException failed = catchThrowableOfType(EdgeVmException.class, () -> pool.release(owner));

        assertThat(failed.getMessage()).contains("wiping /var/vd/vol0 on node node01 cannot start: pod edgevm-wipe-node01-")
                .contains("cannot pull image " + UNPULLABLE + ": ")
                .containsPattern("(ErrImagePull|ImagePullBackOff) \\(")
                .contains("set StorageConfig.jobImage to an image the node can pull that provides rm (now " + UNPULLABLE + ")")
                .contains("are kept so their data is not handed out again");
        assertThat(disk).hasContent("old data");
        assertThat(cluster.client().persistentVolumes().withName(volume.name()).get()).isNotNull();
        assertThat(cluster.client().batch().v1().jobs().inNamespace("default").list().getItems()).isEmpty();
        assertThat(cluster.client().pods().inNamespace("default").list().getItems()).isEmpty();

        // the fix the message gives
        storage.configure(c -> c.jobImage(StorageConfig.defaults().jobImage()));
        assertThat(pool.release(owner).released()).containsExactly(volume.name());
        assertThat(disk).doesNotExist();
    }
}
