package dev.edgevm.samples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class StatefulWalkthroughTest {

    @Test
    void walksTheRunbooksStatefulVm_andDeletesEverything_onTheNodeToo() throws IOException {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2).start();
             EdgeVm edge = EdgeVm.using(cluster.client());
             SampleDisk disk = SampleDisk.centosLike()) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();

            StatefulWalkthrough.run(edge, disk.image(), StatefulWalkthrough.EXAMPLE_KEY, new PrintStream(printed, true, StandardCharsets.UTF_8));

            String text = printed.toString(StandardCharsets.UTF_8);
            assertThat(text)
                    .containsPattern("image centos-like\\.(qcow2: qcow2|img: raw), virtual size 33554432 bytes\\n")
                    .containsPattern("  upload default/centos-dv: volumes - node0[12]-vol0, node0[12]-vol1 on node0[12]")
                    .contains("  upload default/centos-dv: done - DataVolume default/centos-dv Succeeded")
                    .contains("deployed centos-vm: CREATED\n")
                    .containsPattern("volume node0[12]-vol0 node0[12]:/var/vd/vol0 data of default/centos-vm, Bound to default/centos-dv\\n")
                    .contains("cloud-init Secret default/centos-vm-cloudinit holds root's key\n")
                    .containsPattern("running on node0[12] with IP \\d+\\.\\d+\\.\\d+\\.\\d+\\n")
                    .endsWith("deleted with its storage\n");
            assertThat(text).as("transfers are left out of the sample's output").doesNotContain("uploading");
            assertThat(edge.vms().list()).isEmpty();
            assertThat(cluster.client().resources(DataVolume.class).inAnyNamespace().list().getItems()).isEmpty();
            assertThat(cluster.client().persistentVolumeClaims().inAnyNamespace().list().getItems()).isEmpty();
            assertThat(cluster.client().persistentVolumes().list().getItems()).isEmpty();
            assertThat(cluster.client().secrets().inNamespace("default").withName("centos-vm-cloudinit").get()).isNull();
            for (String node : cluster.nodeNames()) {
                try (Stream<Path> files = Files.walk(cluster.nodeRoot(node))) {
                    assertThat(files.filter(f -> f.getFileName().toString().equals("disk.img"))).as("disk files on " + node).isEmpty();
                }
            }
        }
    }
}
