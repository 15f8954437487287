package dev.edgevm.storage.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.CheckStatus;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorReport;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumeRequest;
import dev.edgevm.storage.pool.VolumeRole;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The storage checks the doctor gets from this module, on the embedded cluster. */
class StorageDoctorTest {

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;

    @BeforeEach
    void start() {
        cluster = EmbeddedEdgeCluster.builder().nodes(2).node("node02", n -> n.taint("cmk", null, "NoSchedule")).start();
        edge = EdgeVm.using(cluster.client());
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    private static CheckResult result(DoctorReport report, String id) {
        return report.results().stream().filter(r -> r.check().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theStorageChecks_areRegistered_inTheStorageBand() {
        List<DoctorCheck> checks = edge.doctor().checks();
        assertThat(checks).extracting(DoctorCheck::id)
                .containsSubsequence("cdi", "local-storage-class", "volume-pool", "cdi-taints", "cdi-upload-proxy", "vm-ingress");
    }

    @Test
    void aHealthyPool_andAReachableProxy_areOk() {
        DoctorReport report = edge.doctor().run();

        assertThat(result(report, "local-storage-class").status()).isEqualTo(CheckStatus.OK);
        CheckResult pool = result(report, "volume-pool");
        assertThat(pool.status()).isEqualTo(CheckStatus.OK);
        assertThat(pool.finding()).contains("node01: 0 in use, 0 released, 64 free of 64");
        CheckResult proxy = result(report, "cdi-upload-proxy");
        assertThat(proxy.status()).as(proxy.toString()).isEqualTo(CheckStatus.OK);
        assertThat(proxy.finding()).contains(cluster.uploadProxyUrl(), "status.uploadProxyCA");
    }

    @Test
    void theCmkTaint_isReported_andFixOnlyWhenAsked_byTheCdiCr() {
        CheckResult seen = result(edge.doctor().run(), "cdi-taints");
        assertThat(seen.status()).isEqualTo(CheckStatus.WARN);
        assertThat(seen.finding()).contains("cmk:NoSchedule on node02");
        assertThat(seen.fix()).hasValueSatisfying(f -> assertThat(f).contains("--fix", "spec.workload.tolerations"));
        assertThat(EdgeStorage.of(edge).cdi().untoleratedTaints()).isNotEmpty();

        CheckResult fixed = result(edge.doctor().run(true), "cdi-taints");

        assertThat(fixed.status()).isEqualTo(CheckStatus.OK);
        assertThat(fixed.actions()).containsExactly("CDI's workload pods now tolerate cmk:NoSchedule");
        assertThat(EdgeStorage.of(edge).cdi().untoleratedTaints()).isEmpty();
    }

    @Test
    void releasedDataVolumes_areReported_andScratchOfFinishedUploadsIsRecycledByThePoolItself() throws Exception {
        EdgeStorage storage = EdgeStorage.of(edge);
        VolumeOwner owner = VolumeOwner.of("default", "gone-vm");
        PoolVolume data = storage.pool().allocate(VolumeRequest.builder().node("node01").owner(owner)
                .size(Quantity.parse("1Gi")).claim(ClaimRef.of("default", "gone-dv")).build());
        PoolVolume scratch = storage.pool().allocate(VolumeRequest.builder().node("node01").owner(owner).role(VolumeRole.SCRATCH)
                .size(Quantity.parse("1Gi")).claim(ClaimRef.of("default", "gone-dv-scratch")).build());
        for (String claim : List.of("gone-dv", "gone-dv-scratch")) {
            cluster.client().persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName(claim).endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                    .withStorageClassName("local-storage").withNewResources()
                    .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources().endSpec().build()).create();
            cluster.client().persistentVolumeClaims().inNamespace("default").withName(claim).waitUntilCondition(c ->
                    c != null && c.getStatus() != null && "Bound".equals(c.getStatus().getPhase()), 30, TimeUnit.SECONDS);
            cluster.client().persistentVolumeClaims().inNamespace("default").withName(claim).delete();
        }
        for (PoolVolume v : List.of(data, scratch)) {
            cluster.client().persistentVolumes().withName(v.name()).waitUntilCondition(pv -> pv != null && pv.getStatus() != null
                    && "Released".equals(pv.getStatus().getPhase()), 30, TimeUnit.SECONDS);
        }
        Path scratchDir = Files.createDirectories(cluster.nodeRoot("node01").resolve(scratch.path().substring(1)));
        Files.write(scratchDir.resolve("tmpimage"), new byte[1024]);

        CheckResult seen = result(edge.doctor().run(), "volume-pool");

        // The upload of gone-dv is over (no DataVolume): reading the usage recycled its scratch volume.
        assertThat(cluster.client().persistentVolumes().withName(scratch.name()).get()).isNull();
        assertThat(scratchDir.resolve("tmpimage")).doesNotExist();
        assertThat(seen.status()).isEqualTo(CheckStatus.WARN);
        assertThat(seen.finding()).contains(data.name() + " (was default/gone-dv)", "node01: 0 in use, 1 released, 63 free of 64")
                .doesNotContain(scratch.name());

        CheckResult fixed = result(edge.doctor().run(true), "volume-pool");

        assertThat(fixed.actions()).isEmpty();
        assertThat(fixed.status()).as("the Released data volume is left to a human").isEqualTo(CheckStatus.WARN);
        assertThat(cluster.client().persistentVolumes().withName(data.name()).get()).isNotNull();
    }

    @Test
    void aMissingStorageClass_fails_andFixCreatesIt() {
        cluster.client().storage().v1().storageClasses().withName("local-storage").delete();
        cluster.client().storage().v1().storageClasses().withName("local-storage").waitUntilCondition(sc -> sc == null, 30, TimeUnit.SECONDS);

        assertThat(result(edge.doctor().run(), "local-storage-class").status()).isEqualTo(CheckStatus.FAIL);
        CheckResult fixed = result(edge.doctor().run(true), "local-storage-class");

        assertThat(fixed.actions()).singleElement().asString().contains("created storage class local-storage");
        var sc = cluster.client().storage().v1().storageClasses().withName("local-storage").get();
        assertThat(sc.getProvisioner()).isEqualTo("kubernetes.io/no-provisioner");
        assertThat(sc.getVolumeBindingMode()).isEqualTo("WaitForFirstConsumer");
    }

    @Test
    void aPolicyIsolatingTheProxy_isNamed() {
        cluster.client().network().v1().networkPolicies().inNamespace("cdi").resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("block-all-ingress").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();

        CheckResult proxy = result(edge.doctor().run(), "cdi-upload-proxy");

        assertThat(proxy.status()).isEqualTo(CheckStatus.WARN);
        assertThat(proxy.finding()).contains("block-all-ingress", "nothing may connect");
        assertThat(proxy.fix()).hasValueSatisfying(f -> assertThat(f).contains("cdi-upload-proxy-policy"));
    }

    @Test
    void anUnreachableProxy_fails_namingTheAddress() {
        EdgeStorage.of(edge).configure(c -> c.uploadProxyUrl(java.net.URI.create("https://127.0.0.1:9")));

        CheckResult proxy = result(edge.doctor().run(), "cdi-upload-proxy");

        assertThat(proxy.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(proxy.finding()).contains("https://127.0.0.1:9/", "cannot reach");
    }

}
