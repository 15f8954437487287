package dev.edgevm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.network.PodNetwork;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class GuestNetworkDataTest {

    private static VmSpec.Builder sriovVm() {
        return VmSpec.builder().name("debian-sriov-vm").memory("4Gi")
                .rootDisk(ContainerDisk.of("registry.local/debian:10"))
                .network(PodNetwork.bridge());
    }

    @Test
    void staticSriovAddress_isConfiguredByMac_withTheGatewayAsDefaultRoute() {
        VmSpec spec = sriovVm().sriovNic(n -> n.network("sriov-openness-vm")
                .address("192.168.100.2/24").gateway("192.168.100.1").dnsServer("192.168.100.1")).build();

        JsonNode doc = new YAMLMapper().readTree(GuestNetworkData.render(spec, "edge").orElseThrow());

        assertThat(doc.get("version").asInt()).isEqualTo(2);
        JsonNode vf = doc.get("ethernets").get("sriov-openness-vm");
        assertThat(vf.get("match").get("macaddress").asString()).isEqualTo(spec.macAddressOf(spec.networks().get(1), "edge").toString());
        assertThat(vf.get("addresses").get(0).asString()).isEqualTo("192.168.100.2/24");
        assertThat(vf.get("routes").get(0).get("to").asString()).isEqualTo("0.0.0.0/0");
        assertThat(vf.get("routes").get(0).get("via").asString()).isEqualTo("192.168.100.1");
        assertThat(vf.get("nameservers").get("addresses").get(0).asString()).isEqualTo("192.168.100.1");
        JsonNode pod = doc.get("ethernets").get("default");
        assertThat(pod.get("dhcp4").asBoolean()).isTrue();
        assertThat(pod.get("match").get("macaddress").asString()).isEqualTo(spec.macAddressOf(spec.networks().get(0), "edge").toString());
    }

    @Test
    void theSameVmInAnotherNamespace_isMatchedByAnotherMac() {
        VmSpec spec = sriovVm().sriovNic(n -> n.network("sriov-openness-vm").address("192.168.100.2/24")).build();
        String inEdge = GuestNetworkData.render(spec, "edge").orElseThrow();
        String inLab = GuestNetworkData.render(spec, "lab").orElseThrow();

        assertThat(inEdge).contains(spec.macAddressOf(spec.networks().get(1), "edge").toString())
                .isEqualTo(GuestNetworkData.render(spec, "edge").orElseThrow());
        assertThat(inLab).contains(spec.macAddressOf(spec.networks().get(1), "lab").toString());
        assertThat(spec.macAddressOf(spec.networks().get(1), "edge")).isNotEqualTo(spec.macAddressOf(spec.networks().get(1), "lab"));
    }

    @Test
    void givenMac_isUsed() {
        VmSpec spec = sriovVm().sriovNic(n -> n.network("sriov-openness-vm").macAddress("02:11:22:33:44:55")
                .address("192.168.100.2/24")).build();
        assertThat(GuestNetworkData.render(spec, "edge").orElseThrow()).contains("02:11:22:33:44:55");
    }

    @Test
    void withoutStaticAddresses_noNetworkDataIsNeeded() {
        assertThat(GuestNetworkData.render(sriovVm().sriovNic(n -> n.network("sriov-openness-vm")).build(), "edge")).isEmpty();
        assertThat(GuestNetworkData.render(sriovVm().build(), "edge")).isEmpty();
    }
}
