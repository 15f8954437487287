package dev.edgevm.core.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A NIC's gateway is another host of its subnet: not the NIC itself, nor an address no host may have. */
class SriovGatewayTest {

    private static Violation rejected(String address, String gateway) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> SriovNic.of("sriov-openness-vm").address(address).gateway(gateway).build());
        assertThat(e).as("gateway " + gateway + " of " + address).isNotNull();
        assertThat(e.violations()).hasSize(1);
        return e.violations().get(0);
    }

    @Test
    void theNicsOwnAddress_isRejected() {
        Violation v = rejected("192.168.100.2/24", "192.168.100.2");

        assertThat(v.path()).isEqualTo("gateway");
        assertThat(v.message()).isEqualTo("192.168.100.2 is the NIC's own address (addresses[0]); the gateway is another host"
                + " of its subnet, the router");
    }

    @Test
    void theNicsOwnIpv6Address_isRejected_namingWhichOfItsAddresses() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> SriovNic.of("sriov-openness-vm")
                .address("192.168.100.2/24").address("fd00:100::2/64").gateway("192.168.100.1").gateway("fd00:100::2").build());

        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("gateways[1]");
            assertThat(v.message()).startsWith("fd00:100:0:0:0:0:0:2 is the NIC's own address (addresses[1])");
        });
    }

    @Test
    void theSubnetsNetworkAddress_isRejected() {
        Violation v = rejected("192.168.100.2/24", "192.168.100.0");

        assertThat(v.path()).isEqualTo("gateway");
        assertThat(v.message()).isEqualTo("192.168.100.0 is the network address of the subnet 192.168.100.0/24, not a host that can route");
    }

    @Test
    void theSubnetsBroadcastAddress_isRejected() {
        Violation v = rejected("10.20.0.9/29", "10.20.0.15");

        assertThat(v.path()).isEqualTo("gateway");
        assertThat(v.message()).isEqualTo("10.20.0.15 is the broadcast address of the subnet 10.20.0.8/29, not a host that can route");
    }

    @Test
    void theIpv6SubnetRouterAnycastAddress_isRejected() {
        Violation v = rejected("fd00:100::2/64", "fd00:100::");

        assertThat(v.path()).isEqualTo("gateway");
        assertThat(v.message()).startsWith("fd00:100:0:0:0:0:0:0 is the subnet-router anycast address of the subnet")
                .endsWith("/64, not a host that can route");
    }

    /** A /31 has no network or broadcast address (point-to-point links); IPv6 has no broadcast; a /127 has no anycast. */
    @ParameterizedTest
    @CsvSource({
            "192.168.100.2/24, 192.168.100.1",
            "192.168.100.2/24, 192.168.100.254",
            "10.0.0.1/31, 10.0.0.0",
            "fd00:100::2/64, fd00:100::1",
            "fd00:100::2/64, fd00:100::ffff:ffff:ffff:ffff",
            "fd00:100::1/127, fd00:100::"})
    void anotherHostOfTheSubnet_isAccepted(String address, String gateway) {
        SriovNic nic = SriovNic.of("sriov-openness-vm").address(address).gateway(gateway).build();

        assertThat(nic.gateways()).extracting(Object::toString).singleElement()
                .isEqualTo(IpAddress.parse(gateway).toString());
    }
}
