package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.core.PageSize;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.conformance.ApiSchemas;
import dev.edgevm.sriov.SriovNetwork;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code render vm} of the runbook's VMs prints exactly what the SDK renders and deploy creates for the same spec, and needs no cluster. */
class RenderVmTest {

    private static final String PUBLIC_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHPdj9vsx3dzgtqWMC/Ng3mhncsvGHJNJBeJz+OxogqY ops@controller";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @TempDir
    Path dir;

    @Test
    void statelessCirros() {
        Cli.Result r = Cli.run("render", "vm", "--name", "cirros-stateless-vm", "--cores", "2", "--memory", "2056M",
                "--container-disk", "kubevirt/cirros-registry-disk-demo", "--pod-network", "bridge", "--run-strategy", "Always");

        VmSpec same = VmSpec.builder().name("cirros-stateless-vm").cpuCores(2).memory("2056M")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).network(PodNetwork.bridge())
                .runStrategy(RunStrategy.ALWAYS).build();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(VmManifests.of(same).toYaml());
        assertThat(r.err()).isEmpty();
    }

    @Test
    void statefulCentos_putsTheKeyInASecret() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519.pub"), PUBLIC_KEY + "\n");

        Cli.Result r = Cli.run("render", "vm", "--name", "centos-vm", "--cores", "2", "--memory", "2056M", "--claim", "centos-dv",
                "--user", "root", "--sudo", "ALL=(ALL) NOPASSWD:ALL", "--ssh-key-file", key.toString(),
                "--package", "git", "--package", "net-tools", "--package", "tcpdump", "--package", "vim");

        VmSpec same = VmSpec.builder().name("centos-vm").cpuCores(2).memory("2056M").rootDisk(ClaimDisk.of("centos-dv"))
                .cloudInit(c -> c.user(u -> u.name("root").sudo("ALL=(ALL) NOPASSWD:ALL").sshAuthorizedKey(PUBLIC_KEY))
                        .packages("git", "net-tools", "tcpdump", "vim"))
                .build();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo(VmManifests.of(same).toYaml())
                .contains("kind: \"Secret\"").contains("kind: \"VirtualMachine\"").doesNotContain("ops@controller");
    }

    @Test
    void sriovDebian_asJson_startsWithTheNetworkAttachmentDefinitionDeployCreates() {
        Cli.Result r = Cli.run("-n", "edge", "-o", "json", "render", "vm", "--name", "debian-sriov-vm", "--cores", "2", "--memory", "4096Mi",
                "--hugepages", "2Mi", "--container-disk", "registry.local:5000/debian-sriov:10", "--pod-network", "bridge",
                "--sriov", "sriov-openness-vm", "--sriov-resource", "intel.com/intel_sriov_vm",
                "--sriov-address", "192.168.100.2/24", "--sriov-gateway", "192.168.100.1");

        VmSpec same = VmSpec.builder().name("debian-sriov-vm").namespace("edge").cpuCores(2).memory("4096Mi").hugepages(PageSize.MI_2)
                .rootDisk(ContainerDisk.of("registry.local:5000/debian-sriov:10")).network(PodNetwork.bridge())
                .sriovNic(n -> n.network("sriov-openness-vm").resource("intel.com/intel_sriov_vm")
                        .address("192.168.100.2/24").gateway("192.168.100.1"))
                .build();
        List<HasMetadata> expected = new ArrayList<>();
        expected.add(SriovNetwork.builder().name("sriov-openness-vm").namespace("edge").resource("intel.com/intel_sriov_vm").build()
                .toNetworkAttachmentDefinition());
        expected.addAll(VmManifests.of(same).all());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode list = JSON.readTree(r.out());
        assertThat(list.get("kind").asString()).isEqualTo("List");
        assertThat(list.get("items")).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(list.get("items").get(i)).isEqualTo(JSON.readTree(SERIALIZATION.asJson(expected.get(i))));
        }
        JsonNode nad = list.get("items").get(0);
        assertThat(nad.get("apiVersion").asString()).isEqualTo("k8s.cni.cncf.io/v1");
        assertThat(nad.at("/metadata/annotations/k8s.v1.cni.cncf.io~1resourceName").asString()).isEqualTo("intel.com/intel_sriov_vm");
        assertThat(nad.at("/metadata/namespace").asString()).isEqualTo("edge");
        JsonNode vm = list.get("items").get(list.get("items").size() - 1);
        assertThat(vm.at("/spec/template/spec/domain/devices/interfaces/1/sriov").isObject()).isTrue();
        assertThat(vm.at("/spec/template/spec/networks/1/multus/networkName").asString()).isEqualTo("sriov-openness-vm");
    }

    @Test
    void sriovNicWithoutResource_usesAnExistingNetwork_soNoneIsRendered() {
        Cli.Result r = Cli.run("render", "vm", "--name", "vm", "--memory", "1Gi", "--container-disk", "kubevirt/cirros-registry-disk-demo",
                "--sriov", "sriov-openness-vm", "--sriov-address", "192.168.100.2/24");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("NetworkAttachmentDefinition").contains("kind: \"VirtualMachine\"");
    }

    /**
     * An uploaded disk: its DataVolume as deploy creates it, and a comment saying which volumes the
     * pool allocates for it (their names depend on the node and the numbers free then). Every
     * document is the SDK's own rendering, which the SDK's conformance tests validate against the
     * KubeVirt and CDI schemas: render adds nothing of its own but comments.
     */
    @Test
    void uploadedDisk_rendersItsDataVolume_andSaysWhichVolumesDeployAllocates() {
        Path image = TestImages.raw(dir, "disk.img", 1, 3);

        Cli.Result r = Cli.run("render", "vm", "--name", "centos-vm", "--memory", "2056M", "--node", "node01",
                "--upload-image", image.toString(), "--disk-size", "1Gi");
        Cli.Result json = Cli.run("render", "vm", "--name", "centos-vm", "--memory", "2056M",
                "--upload-image", image.toString(), "--disk-size", "1Gi", "-o", "json");

        VmSpec same = VmSpec.builder().name("centos-vm").memory("2056M").node("node01")
                .rootDisk(UploadedDisk.of(image).size("1Gi")).build();
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("---\n# DataVolume centos-vm-rootdisk: deploy also allocates two node-local PersistentVolumes"
                        + " of storage class local-storage\n# on node01, named <node>-vol<N>")
                .contains("pre-bound to claim centos-vm-rootdisk").contains("pre-bound to centos-vm-rootdisk-scratch");
        assertThat(r.out().replaceAll("(?m)^#.*\n", "")).isEqualTo(VmManifests.of(same).toYaml());
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(JSON.readTree(json.out()).get("items")).hasSize(2);
        assertThat(json.err()).startsWith("note: DataVolume centos-vm-rootdisk: deploy also allocates two node-local PersistentVolumes")
                .contains("on the node with the most free volumes");
    }

    /**
     * What {@code render vm} prints validates strictly against the KubeVirt and CDI OpenAPI
     * documents, kind by kind. The Secret and the NetworkAttachmentDefinition are not KubeVirt's or
     * CDI's: those documents do not define them.
     */
    @Test
    void renderedVirtualMachinesAndDataVolumes_validateAgainstTheKubeVirtAndCdiSchemas() throws IOException {
        assumeTrue(ApiSchemas.directory().isPresent(), ApiSchemas::missingMessage);
        Path image = TestImages.raw(dir, "schema.img", 1, 4);
        Path key = Files.writeString(dir.resolve("id_ed25519.pub"), PUBLIC_KEY + "\n");
        Cli.Result sriov = Cli.run("-n", "edge", "-o", "json", "render", "vm", "--name", "debian-sriov-vm", "--cores", "2",
                "--memory", "4096Mi", "--hugepages", "2Mi", "--container-disk", "registry.local:5000/debian-sriov:10",
                "--pod-network", "bridge", "--sriov", "sriov-openness-vm", "--sriov-resource", "intel.com/intel_sriov_vm",
                "--sriov-address", "192.168.100.2/24", "--sriov-gateway", "192.168.100.1", "--user", "root", "--ssh-key-file", key.toString());
        Cli.Result uploaded = Cli.run("-o", "json", "render", "vm", "--name", "centos-vm", "--memory", "2056M", "--node", "node01",
                "--upload-image", image.toString(), "--disk-size", "1Gi", "--run-strategy", "Always");

        List<String> kinds = new ArrayList<>();
        for (Cli.Result r : List.of(sriov, uploaded)) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            for (HasMetadata object : SERIALIZATION.unmarshal(r.out(), KubernetesList.class).getItems()) {
                kinds.add(object.getKind());
                List<String> problems = switch (object.getKind()) {
                    case "VirtualMachine" -> ApiSchemas.validate(ApiSchemas.KUBEVIRT, "v1.VirtualMachine", object);
                    case "DataVolume" -> ApiSchemas.validate(ApiSchemas.CDI, "v1beta1.DataVolume", object);
                    default -> List.of(); // Secret, NetworkAttachmentDefinition: in neither document
                };
                assertThat(problems).as(object.getKind() + " " + object.getMetadata().getName()).isEmpty();
            }
        }
        assertThat(kinds).containsExactly("NetworkAttachmentDefinition", "Secret", "VirtualMachine", "DataVolume", "VirtualMachine");
    }
}
