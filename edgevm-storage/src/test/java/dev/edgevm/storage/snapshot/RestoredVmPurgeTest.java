package dev.edgevm.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.testing.ClaimFiles;
import dev.edgevm.storage.testing.ClusterAudit;
import dev.edgevm.storage.testing.QemuImg;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VM made by {@code restoreAs} has bare claims ({@code <vm>-<disk>}), no DataVolume: a purge that
 * failed half-way, run again once the VM is gone, must still find them from the cluster alone.
 */
class RestoredVmPurgeTest {

    private EmbeddedEdgeCluster cluster;
    private KubernetesClient client;
    private EdgeVm edge;

    @TempDir
    Path work;

    @BeforeEach
    void start() {
        QemuImg.assumeInstalled();
        cluster = EmbeddedEdgeCluster.builder().nodes(1).seed(31).uploadProxyReadyWait(Duration.ofMillis(300)).start();
        // Faults reach the SDK at once: no retries inside the client, few in the SDK.
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(cluster.config()).withRequestRetryBackoffLimit(0).build())
                .build();
        edge = EdgeVm.using(client, RetryConfig.builder().maxAttempts(2).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build());
    }

    @AfterEach
    void stop() {
        if (edge != null) {
            edge.close();
            cluster.close();
            client.close();
        }
    }

    @Test
    void aPurgeThatFailedHalfWay_completesWhenRunAgain_andLeavesNothing() throws Exception {
        byte[] bytes = new byte[2 * 1024 * 1024];
        new Random(31).nextBytes(bytes);
        edge.vms().deploy(VmSpec.builder().name("origin-vm").cpuCores(1).memory("1Gi").node("node01")
                .rootDisk(UploadedDisk.of(Files.write(work.resolve("origin.img"), bytes)).size("64Mi"))
                .cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey(
                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0Gq0u6nRkAbsu0pHf3f0eY9rDMSRCKj1MyCO5eQzB root@controller")))
                .build());
        Snapshots snapshots = EdgeStorage.of(edge).snapshots();
        Snapshot golden = snapshots.take("origin-vm", "golden");
        VmResource copy = snapshots.restoreAs(golden, "copy-vm");
        Path copyDisk = ClaimFiles.disk(cluster, "default", "copy-vm-rootdisk");
        assertThat(copyDisk).exists();
        // The claim cannot be deleted: the purge fails after the VM is gone, before its storage is.
        cluster.faults().failNext(1000, FaultKind.INTERNAL_ERROR, r -> "DELETE".equals(r.method())
                && r.isFor("persistentvolumeclaims") && "copy-vm-rootdisk".equals(r.name()));

        EdgeVmException failed = catchThrowableOfType(EdgeVmException.class,
                () -> copy.delete(DeleteOptions.defaults().purgeStorage(true)));

        assertThat(failed).as("the first purge fails").isNotNull();
        assertThat(cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("copy-vm").get()).isNull();
        assertThat(cluster.client().persistentVolumeClaims().inNamespace("default").withName("copy-vm-rootdisk").get())
                .as("the claim the purge could not delete").isNotNull();
        cluster.faults().clear();

        copy.delete(DeleteOptions.defaults().purgeStorage(true));

        ClusterAudit.assertNothingLeftOf(cluster, "copy-vm", "copy-vm-rootdisk");
        assertThat(copyDisk).as("the copy's disk wiped on the node").doesNotExist();
        assertThat(snapshots.find("golden")).as("the snapshot is kept").isPresent();
        assertThat(cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("origin-vm").get()).isNotNull();
    }
}
