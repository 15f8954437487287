package dev.edgevm.core.network;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkValuesTest {

    @Test
    void generatedMac_isStableUnicastAndLocallyAdministered() {
        MacAddress a = MacAddress.generate("edge", "debian-sriov-vm", "sriov-openness-vm");
        MacAddress b = MacAddress.generate("edge", "debian-sriov-vm", "sriov-openness-vm");
        MacAddress otherVm = MacAddress.generate("edge", "debian-sriov-vm-2", "sriov-openness-vm");
        MacAddress otherNic = MacAddress.generate("edge", "debian-sriov-vm", "sriov-other");
        assertThat(a).isEqualTo(b).isNotEqualTo(otherVm).isNotEqualTo(otherNic);
        assertThat(a.isUnicast()).isTrue();
        assertThat(a.isLocallyAdministered()).isTrue();
        assertThat(a.toString()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    }

    @Test
    void generatedMac_ofTheSameVmAndNicInAnotherNamespace_differs() {
        assertThat(MacAddress.generate("edge", "debian-sriov-vm", "sriov-openness-vm"))
                .isNotEqualTo(MacAddress.generate("lab", "debian-sriov-vm", "sriov-openness-vm"));
    }

    @Test
    void mac_parsesEitherSeparatorAndPrintsLowerCaseColons() {
        assertThat(MacAddress.parse("4A-B0-80-D8-A9-B3")).hasToString("4a:b0:80:d8:a9:b3");
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isUnicast()).isFalse();
    }

    @Test
    void prefix_knowsItsNetworkAndMembers() {
        IpPrefix p = IpPrefix.parse("192.168.100.2/24");
        assertThat(p.network()).hasToString("192.168.100.0");
        assertThat(p.contains(IpAddress.parse("192.168.100.1"))).isTrue();
        assertThat(p.contains(IpAddress.parse("192.168.101.1"))).isFalse();
        assertThat(p.contains(IpAddress.parse("fd00::1"))).isFalse();
        assertThat(IpPrefix.parse("192.168.100.255/24").isNetworkOrBroadcast()).isTrue();
        assertThat(IpPrefix.parse("10.0.0.1/31").isNetworkOrBroadcast()).isFalse();
    }

    @Test
    void ipv6Prefix_containsByPrefixBits() {
        IpPrefix p = IpPrefix.parse("fd00:100::2/64");
        assertThat(p.contains(IpAddress.parse("fd00:100::1"))).isTrue();
        assertThat(p.contains(IpAddress.parse("fd00:101::1"))).isFalse();
    }

    @Test
    void addressParsing_neverResolvesNames() {
        assertThat(IpAddress.tryParse("localhost")).isEmpty();
        assertThat(IpAddress.tryParse("example.com")).isEmpty();
        assertThat(IpAddress.tryParse("1.2.3")).isEmpty();
        assertThat(IpAddress.tryParse("010.1.1.1")).isEmpty();
    }
}
