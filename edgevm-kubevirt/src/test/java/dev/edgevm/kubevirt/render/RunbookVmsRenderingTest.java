package dev.edgevm.kubevirt.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.GuestNetworkData;
import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.Interface;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstanceSpec;
import dev.edgevm.kubevirt.model.Volume;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class RunbookVmsRenderingTest {

    @Test
    void statelessCirros_rendersTheRunbooksVm() {
        VmManifests m = VmManifests.of(RunbookVms.statelessCirros());
        VirtualMachine vm = m.virtualMachine();
        VirtualMachineInstanceSpec vmi = vm.getSpec().template().spec();

        assertThat(vm.getApiVersion()).isEqualTo("kubevirt.io/v1");
        assertThat(vm.getMetadata().getName()).isEqualTo("cirros-stateless-vm");
        assertThat(vm.getSpec().runStrategy()).isEqualTo("Halted");
        assertThat(vm.getSpec().running()).isNull();
        assertThat(vmi.domain().cpu().cores()).isEqualTo(2);
        assertThat(vmi.domain().resources().requests().get("memory").toString()).isEqualTo("2056M");
        assertThat(vmi.domain().devices().disks()).extracting(d -> d.name()).containsExactly("rootdisk", "cloudinitdisk");
        assertThat(vmi.domain().devices().disks()).allSatisfy(d -> assertThat(d.disk().bus()).isEqualTo("virtio"));
        assertThat(vmi.volumes().get(0).containerDisk().image()).isEqualTo("kubevirt/cirros-registry-disk-demo");
        Interface nic = vmi.domain().devices().interfaces().get(0);
        assertThat(nic.name()).isEqualTo("default");
        assertThat(nic.bridge()).isNotNull();
        assertThat(nic.masquerade()).isNull();
        assertThat(vmi.networks().get(0).pod()).isNotNull();
        // Its runcmd could carry a secret: the user data travels in a Secret, not inline.
        assertThat(vmi.volumes().get(1).cloudInitNoCloud().userData()).isNull();
        assertThat(vmi.volumes().get(1).cloudInitNoCloud().secretRef().getName()).isEqualTo("cirros-stateless-vm-cloudinit");
        assertThat(m.toYaml()).doesNotContain("stateless VM up");
        assertThat(decode(m.cloudInitSecret().orElseThrow(), "userdata")).contains("runcmd").contains("stateless VM up");
        assertThat(vm.getMetadata().getLabels()).containsEntry(EdgeVmLabels.MANAGED_BY, "edgevm");
        assertThat(vm.getSpec().template().metadata().getLabels()).containsEntry(EdgeVmLabels.TEMPLATE_VM, "cirros-stateless-vm");
    }

    @Test
    void statefulCentos_keepsTheSshKeyInASecret() {
        VmManifests m = VmManifests.of(RunbookVms.statefulCentos());
        VirtualMachineInstanceSpec vmi = m.virtualMachine().getSpec().template().spec();

        assertThat(vmi.volumes().get(0).persistentVolumeClaim().claimName()).isEqualTo("centos-dv");
        Volume cloudInit = vmi.volumes().get(1);
        assertThat(cloudInit.cloudInitNoCloud().userData()).isNull();
        assertThat(cloudInit.cloudInitNoCloud().secretRef().getName()).isEqualTo("centos-vm-cloudinit");
        assertThat(m.toYaml()).doesNotContain(RunbookVms.CONTROLLER_KEY.split(" ")[1].substring(0, 40));

        Secret secret = m.cloudInitSecret().orElseThrow();
        JsonNode userData = new YAMLMapper().readTree(decode(secret, "userdata"));
        JsonNode root = userData.get("users").get(0);
        assertThat(root.get("name").asString()).isEqualTo("root");
        assertThat(root.get("sudo").asString()).isEqualTo("ALL=(ALL) NOPASSWD:ALL");
        assertThat(root.get("ssh_authorized_keys").get(0).asString()).isEqualTo(RunbookVms.CONTROLLER_KEY);
        assertThat(userData.get("packages").values()).extracting(JsonNode::asString).containsExactly("git", "net-tools", "tcpdump", "vim");
        assertThat(secret.getMetadata().getLabels()).containsEntry(EdgeVmLabels.VM, "centos-vm");
    }

    @Test
    void sriovDebian_getsAMultusVfNicHugepagesAndNetworkDataMatchedByMac() {
        VmSpec spec = RunbookVms.sriovDebian();
        VmManifests m = VmManifests.of(spec);
        VirtualMachineInstanceSpec vmi = m.virtualMachine().getSpec().template().spec();

        assertThat(vmi.domain().memory().hugepages().pageSize()).isEqualTo("2Mi");
        assertThat(vmi.domain().resources().requests().get("memory").toString()).isEqualTo("4096Mi");
        assertThat(vmi.networks()).extracting(n -> n.name()).containsExactly("default", "sriov-openness-vm");
        assertThat(vmi.networks().get(1).multus().networkName()).isEqualTo("sriov-openness-vm");
        Interface vf = vmi.domain().devices().interfaces().get(1);
        assertThat(vf.sriov()).isNotNull();
        String mac = spec.macAddressOf(spec.networks().get(1), "default").toString();
        assertThat(vf.macAddress()).isEqualTo(mac);
        // KubeVirt derives the VF request from the NetworkAttachmentDefinition: the VM asks for no such resource.
        assertThat(vmi.domain().resources().requests()).containsOnlyKeys("memory");

        Secret secret = m.cloudInitSecret().orElseThrow();
        assertThat(vmi.volumes().get(1).cloudInitNoCloud().networkDataSecretRef().getName()).isEqualTo(secret.getMetadata().getName());
        JsonNode networkData = new YAMLMapper().readTree(decode(secret, "networkdata"));
        JsonNode eth = networkData.get("ethernets").get("sriov-openness-vm");
        assertThat(eth.get("match").get("macaddress").asString()).isEqualTo(mac);
        assertThat(eth.get("addresses").get(0).asString()).isEqualTo("192.168.100.2/24");
        assertThat(eth.get("routes").get(0).get("via").asString()).isEqualTo("192.168.100.1");
        assertThat(decode(secret, "networkdata")).isEqualTo(GuestNetworkData.render(spec, "default").orElseThrow());
    }

    @Test
    void sriovDebian_inTwoNamespaces_getsTwoMacs_eachMatchedByItsNetworkData() {
        VmManifests edge = VmManifests.of(RunbookVms.sriovDebian().toBuilder().namespace("edge").build());
        VmManifests lab = VmManifests.of(RunbookVms.sriovDebian().toBuilder().namespace("lab").build());

        String inEdge = vfMac(edge);
        assertThat(inEdge).isNotEqualTo(vfMac(lab)).isEqualTo(vfMac(VmManifests.of(RunbookVms.sriovDebian().toBuilder().namespace("edge").build())));
        for (VmManifests m : List.of(edge, lab)) {
            JsonNode networkData = new YAMLMapper().readTree(decode(m.cloudInitSecret().orElseThrow(), "networkdata"));
            assertThat(networkData.get("ethernets").get("sriov-openness-vm").get("match").get("macaddress").asString()).isEqualTo(vfMac(m));
        }
    }

    private static String vfMac(VmManifests m) {
        return m.virtualMachine().getSpec().template().spec().domain().devices().interfaces().get(1).macAddress();
    }

    @Test
    void sameSpec_rendersTheSameHash_aChangedSpecAnother() {
        String a = VmManifests.of(RunbookVms.statelessCirros()).virtualMachine().getMetadata().getAnnotations().get(EdgeVmLabels.SPEC_HASH);
        String b = VmManifests.of(RunbookVms.statelessCirros()).virtualMachine().getMetadata().getAnnotations().get(EdgeVmLabels.SPEC_HASH);
        String c = VmManifests.of(RunbookVms.statelessCirros().toBuilder().cpuCores(4).build())
                .virtualMachine().getMetadata().getAnnotations().get(EdgeVmLabels.SPEC_HASH);
        assertThat(a).isEqualTo(b).isNotEqualTo(c).hasSize(32);
    }

    @Test
    void yaml_isAMultiDocumentStreamInCreationOrder() {
        String yaml = VmManifests.of(RunbookVms.statefulCentos()).toYaml();
        assertThat(yaml.split("(?m)^---$")).hasSize(3);
        assertThat(yaml.indexOf("kind: \"Secret\"") >= 0 ? yaml.indexOf("kind: \"Secret\"") : yaml.indexOf("kind: Secret"))
                .isLessThan(yaml.indexOf("VirtualMachine"));
        JsonNode json = new tools.jackson.databind.json.JsonMapper().readTree(VmManifests.of(RunbookVms.statefulCentos()).toJson());
        assertThat(json.get("kind").asString()).isEqualTo("List");
        assertThat(json.get("items").values()).extracting(i -> i.get("kind").asString()).containsExactly("Secret", "VirtualMachine");
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
