package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code edgevm pv list} and {@code pv release}: the bookkeeping of node-local volumes the runbook leaves to the operator. */
class PvCommandsTest {

    private static EmbeddedEdgeCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(2).namespace("edge").start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void list_showsEachNodesUsage_andWhoOwnsWhichVolume_asTableOrJson() {
        Path image = TestImages.raw(dir, "list.img", 1, 1);
        ok("upload", "-n", "edge", "--dv", "listed-dv", "--image", image.toString(), "--size", "64Mi", "--node", "node02");

        Cli.Result table = ok("pv", "list");
        Cli.Result json = ok("pv", "list", "-o", "json");

        assertThat(table.out()).startsWith("NODE     IN USE   RELEASED   FREE   LIMIT\n")
                .containsPattern("node01\\s+0\\s+0\\s+64\\s+64\\n")
                .containsPattern("node02\\s+1\\s+0\\s+63\\s+64\\n")
                .containsPattern("VOLUME\\s+NODE\\s+PATH\\s+CAPACITY\\s+ROLE\\s+OWNER\\s+PHASE\\s+CLAIM\\n")
                .containsPattern("node02-vol0\\s+node02\\s+/var/vd/vol0\\s+\\S+\\s+data\\s+edge/listed-dv\\s+Bound\\s+edge/listed-dv\\n");
        JsonNode usage = JsonMapper.builder().build().readTree(json.out());
        assertThat(usage.get("nodes")).hasSize(2);
        assertThat(usage.get("nodes").get(1).get("inUse").asInt()).isEqualTo(1);
        JsonNode volume = usage.get("volumes").get(0);
        assertThat(volume.get("name").asString()).isEqualTo("node02-vol0");
        assertThat(volume.get("role").asString()).isEqualTo("data");
        assertThat(volume.get("owner").asString()).isEqualTo("edge/listed-dv");
        assertThat(volume.get("phase").asString()).isEqualTo("Bound");
        assertThat(volume.get("path").asString()).isEqualTo("/var/vd/vol0");
    }

    @Test
    void release_keepsVolumesAClaimUses_thenWipesAndDeletesThemOnceTheClaimIsGone() throws Exception {
        Path image = TestImages.raw(dir, "release.img", 1, 2);
        ok("upload", "-n", "edge", "--dv", "released-dv", "--image", image.toString(), "--size", "64Mi", "--node", "node01");
        Path disk = cluster.nodeRoot("node01").resolve("var/vd/vol0/disk.img");
        assertThat(disk).exists();

        Cli.Result inUse = Cli.on(cluster, "pv", "release", "-n", "edge", "--owner", "released-dv");

        assertThat(inUse.exitCode()).as(inUse.toString()).isEqualTo(1);
        assertThat(inUse.err()).contains("kept node01-vol0: claim edge/released-dv still uses it")
                .contains("delete what uses them first: the VM with 'edgevm delete VM --purge-storage'");
        assertThat(disk).as("a volume in use is not wiped").exists();

        // The runbook's kubectl delete dv: the claim goes with it, the volume turns Released.
        cluster.client().resources(DataVolume.class).inNamespace("edge").withName("released-dv").delete();
        cluster.client().persistentVolumes().withName("node01-vol0")
                .waitUntilCondition(pv -> pv != null && "Released".equals(pv.getStatus().getPhase()), 30, TimeUnit.SECONDS);
        assertThat(ok("pv", "list").out()).containsPattern("node01-vol0\\s+node01\\s+/var/vd/vol0\\s+\\S+\\s+data\\s+edge/released-dv\\s+Released");

        Cli.Result released = ok("pv", "release", "-n", "edge", "--owner", "released-dv");

        assertThat(released.out()).isEqualTo("released node01-vol0: node01:/var/vd/vol0 wiped, PersistentVolume deleted\n");
        assertThat(disk).doesNotExist();
        assertThat(cluster.client().persistentVolumes().withName("node01-vol0").get()).isNull();

        Cli.Result nothingLeft = Cli.on(cluster, "pv", "release", "-n", "edge", "--owner", "released-dv");

        assertThat(nothingLeft.exitCode()).isEqualTo(1);
        assertThat(nothingLeft.err()).isEqualTo("error: no pool volume belongs to edge/released-dv (edgevm pv list shows every owner)\n");
    }

    @Test
    void releaseWithoutAValidOwner_isAUsageError_withoutRequests() {
        cluster.requests().reset();

        Cli.Result missing = Cli.on(cluster, "pv", "release");
        Cli.Result bad = Cli.on(cluster, "pv", "release", "--owner", "Centos_VM", "-n", "Edge");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: Invalid pv release: 1 problem\n"
                + "  - --owner: is required: the VM whose volumes to release, e.g. --owner centos-vm\n");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: Invalid pv release: 2 problems\n")
                .contains("  - --owner: 'Centos_VM' is not a DNS-1123 label").contains("  - --namespace: 'Edge' is not a DNS-1123 label");
        assertThat(cluster.requests().count()).isZero();
    }

    private static Cli.Result ok(String... args) {
        Cli.Result r = Cli.on(cluster, args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        return r;
    }
}
