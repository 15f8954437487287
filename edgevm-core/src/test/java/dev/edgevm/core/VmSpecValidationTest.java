package dev.edgevm.core;

import static dev.edgevm.core.SpecAssertions.rejectedPaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.cloudinit.CloudInit;
import dev.edgevm.core.disk.BlankDisk;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.core.network.PodNetwork;
import dev.edgevm.core.network.SriovNic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VmSpecValidationTest {

    private static VmSpec.Builder valid() {
        return VmSpec.builder().name("vm").memory("1Gi").rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"));
    }

    @Test
    void validSpec_builds() {
        assertThat(valid().build().name()).isEqualTo("vm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Upper", "under_score", "-lead", "trail-", "dot.ted",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void name_notADns1123Label_isRejected(String name) {
        assertThat(rejectedPaths(() -> valid().name(name).build())).containsExactly("name");
    }

    @Test
    void namespace_invalid_isRejected() {
        assertThat(rejectedPaths(() -> valid().namespace("Edge_NS").build())).containsExactly("namespace");
    }

    @Test
    void missingRequiredFields_areAllReported() {
        assertThat(rejectedPaths(() -> VmSpec.builder().build())).containsExactlyInAnyOrder("name", "memory", "rootDisk");
    }

    @Test
    void cpu_zeroOrNegative_isRejected() {
        assertThat(rejectedPaths(() -> valid().cpuCores(0).build())).containsExactly("cpuCores");
        assertThat(rejectedPaths(() -> valid().cpuCores(-2).cpuSockets(0).cpuThreads(-1).build()))
                .containsExactlyInAnyOrder("cpuCores", "cpuSockets", "cpuThreads");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1Gi", "512Ki"})
    void memory_zeroNegativeOrTooSmall_isRejected(String memory) {
        assertThat(rejectedPaths(() -> valid().memory(memory).build())).containsExactly("memory");
    }

    @Test
    void memory_notAQuantity_isReportedOnceWithTheOtherProblems() {
        assertThat(rejectedPaths(() -> valid().memory("lots").name("Bad").build())).containsExactlyInAnyOrder("memory", "name");
    }

    @Test
    void memory_notAMultipleOfTheHugepageSize_isRejected() {
        // The runbook's SR-IOV VM asks for 4096M: 4,096,000,000 bytes is not a whole number of 2Mi pages.
        assertThat(rejectedPaths(() -> valid().memory("4096M").hugepages(PageSize.MI_2).build())).containsExactly("memory");
        assertThat(valid().memory("4096Mi").hugepages(PageSize.MI_2).build().hugepages()).contains(PageSize.MI_2);
        assertThat(valid().memory("3Gi").hugepages(PageSize.GI_1).build().memory()).isEqualTo(Quantity.parse("3Gi"));
    }

    @Test
    void aDiskNamedLikeTheCloudInitDisk_isRejected() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> valid()
                .disk(BlankDisk.of(VmSpec.CLOUD_INIT_DISK, "1Gi"))
                .cloudInit(c -> c.packages("git"))
                .build());

        assertThat(e.violations()).extracting(Violation::path).containsExactly("disks[cloudinitdisk].name");
        assertThat(e.getMessage()).contains("cloud-init");
    }

    @Test
    void twoDisksInOneDataVolume_areRejected(@TempDir Path dir) throws IOException {
        Path image = Files.write(dir.resolve("disk.qcow2"), new byte[512]);
        // The blank disk "data" of VM "vm" lives in DataVolume "vm-data": the upload may not take that name.
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> valid()
                .rootDisk(UploadedDisk.of(image).size("1Gi").dataVolumeName("vm-data"))
                .disk(BlankDisk.of("data", "1Gi"))
                .build());

        assertThat(e.violations()).extracting(Violation::path).containsExactly("rootDisk.dataVolumeName");
        assertThat(e.getMessage()).contains("'vm-data'").contains("disk 'data'");
    }

    @Test
    void aClaimDiskOnADataVolumeTheSpecCreates_isRejected() {
        assertThat(rejectedPaths(() -> valid()
                .disk(BlankDisk.of("data", "1Gi"))
                .disk(ClaimDisk.builder().name("again").claimName("vm-data").bootable(false).build())
                .build())).containsExactly("disks[again].claimName");
    }

    @Test
    void duplicateDiskNames_areRejected() {
        assertThat(rejectedPaths(() -> valid()
                .disk(BlankDisk.of("data", "1Gi"))
                .disk(BlankDisk.of("data", "2Gi"))
                .build())).containsExactly("disks[data].name");
        assertThat(rejectedPaths(() -> valid()
                .disk(BlankDisk.builder().name("rootdisk").size("1Gi").build())
                .build())).containsExactly("disks[rootdisk].name");
    }

    @Test
    void duplicateNetworkNames_areRejected() {
        assertThat(rejectedPaths(() -> valid()
                .network(SriovNic.of("sriov-a").name("nic").build())
                .network(SriovNic.of("sriov-b").name("nic").build())
                .build())).containsExactly("networks[nic].name");
    }

    @Test
    void twoPodNetworks_areRejected() {
        assertThat(rejectedPaths(() -> valid()
                .network(PodNetwork.masquerade())
                .network(PodNetwork.builder().name("second").build())
                .build())).containsExactly("networks");
    }

    @Test
    void severalBootableDisks_withoutBootOrder_areRejected() {
        assertThat(rejectedPaths(() -> valid().disk(ClaimDisk.of("other-os")).build())).containsExactly("disks");
        VmSpec ordered = valid().rootDisk(ContainerDisk.builder().image("kubevirt/cirros-registry-disk-demo").bootOrder(1).build())
                .disk(ClaimDisk.builder().claimName("other-os").bootOrder(2).build()).build();
        assertThat(ordered.namedDisks()).containsOnlyKeys("rootdisk", "disk1");
        // A blank disk cannot boot, so it needs no boot order.
        assertThat(valid().disk(BlankDisk.of("scratch", "1Gi")).build().disks()).hasSize(1);
    }

    @Test
    void duplicateBootOrder_isRejected() {
        assertThat(rejectedPaths(() -> valid()
                .rootDisk(ContainerDisk.builder().image("kubevirt/cirros-registry-disk-demo").bootOrder(1).build())
                .disk(ClaimDisk.builder().claimName("other").bootOrder(1).build())
                .build())).containsExactly("disks[disk1].bootOrder");
    }

    @Test
    void sshKey_typeNotMatchingItsData_isRejected() {
        String mismatched = TestKeys.line("ssh-rsa", "ssh-ed25519", "root@controller");
        assertThat(rejectedPaths(() -> valid().cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey(mismatched))).build()))
                .containsExactly("cloudInit.users[0].sshAuthorizedKeys[0]");
    }

    @Test
    void sshKey_notBase64_isRejected_andNeverEchoed() {
        String broken = "ssh-ed25519 AAAA!!notbase64%% root@controller";
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> valid().cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey(broken))).build());
        assertThat(e.violations()).extracting(Violation::path).containsExactly("cloudInit.users[0].sshAuthorizedKeys[0]");
        assertThat(e.getMessage()).doesNotContain("AAAA!!notbase64");
    }

    @Test
    void sshKey_unknownTypeOrMissingData_isRejected() {
        assertThat(rejectedPaths(() -> valid().cloudInit(c -> c.user(u -> u.name("root")
                .sshAuthorizedKey("ssh-foo AAAA").sshAuthorizedKey("ssh-ed25519"))).build()))
                .containsExactly("cloudInit.users[0].sshAuthorizedKeys[0]", "cloudInit.users[0].sshAuthorizedKeys[1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.100.2", "192.168.100.300/24", "192.168.100.2/33", "fd00::2/129", "host/24", "192.168.100.0/24"})
    void staticAddress_notAValidHostCidr_isRejected(String cidr) {
        assertThat(rejectedPaths(() -> valid().sriovNic(n -> n.network("sriov-net").address(cidr)).build()))
                .containsExactly("networks[0].addresses[0]");
    }

    @Test
    void gateway_outsideTheSubnet_isRejected() {
        assertThat(rejectedPaths(() -> valid().sriovNic(n -> n.network("sriov-net")
                .address("192.168.100.2/24").gateway("192.168.101.1")).build()))
                .containsExactly("networks[0].gateway");
        assertThat(rejectedPaths(() -> valid().sriovNic(n -> n.network("sriov-net").gateway("192.168.100.1")).build()))
                .containsExactly("networks[0].gateway");
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:00:00:00:00", "02:00:00:00:00:zz", "0200.0000.0001", "01:00:5e:00:00:01", "00:00:00:00:00:00"})
    void mac_malformedOrNotUnicast_isRejected(String mac) {
        assertThat(rejectedPaths(() -> valid().sriovNic(n -> n.network("sriov-net").macAddress(mac)).build()))
                .containsExactly("networks[0].macAddress");
    }

    /** A generated MAC depends on the namespace: it is checked against given ones once the namespace is known. */
    @Test
    void aGivenMac_equalToAnotherNicsGeneratedOne_isRejected_onceTheNamespaceIsKnown() {
        String generated = dev.edgevm.core.network.MacAddress.generate("edge", "vm", "sriov-a").toString();
        VmSpec.Builder twoNics = valid().sriovNic(n -> n.network("sriov-a")).sriovNic(n -> n.network("sriov-b").macAddress(generated));

        assertThat(twoNics.build().networks()).as("no namespace yet").hasSize(2);
        assertThat(twoNics.namespace("lab").build().networks()).hasSize(2);
        assertThat(rejectedPaths(() -> twoNics.namespace("edge").build())).containsExactly("networks[sriov-b].macAddress");
    }

    @Test
    void vlanAndResourceName_outOfRange_areRejected() {
        assertThat(rejectedPaths(() -> valid().sriovNic(n -> n.network("sriov-net").vlan(4095).resource("intel_sriov_vm")).build()))
                .containsExactlyInAnyOrder("networks[0].vlan", "networks[0].resource");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "Kubevirt/Cirros", "image with spaces", "repo:tag:extra"})
    void imageReference_emptyOrMalformed_isRejected(String image) {
        assertThat(rejectedPaths(() -> valid().rootDisk(ContainerDisk.builder().image(image)).build()))
                .containsExactly("rootDisk.image");
    }

    @Test
    void uploadImagePath_missing_isRejected(@TempDir Path dir) {
        assertThat(rejectedPaths(() -> valid().rootDisk(UploadedDisk.of(dir.resolve("absent.qcow2")).size("15Gi")).build()))
                .containsExactly("rootDisk.imagePath");
    }

    @Test
    void uploadImagePath_aDirectory_isRejected(@TempDir Path dir) {
        assertThat(rejectedPaths(() -> valid().rootDisk(UploadedDisk.of(dir).size("15Gi")).build()))
                .containsExactly("rootDisk.imagePath");
    }

    @Test
    void uploadSize_missingOrMalformed_isRejected(@TempDir Path dir) throws IOException {
        Path image = Files.write(dir.resolve("disk.qcow2"), new byte[512]);
        assertThat(rejectedPaths(() -> valid().rootDisk(UploadedDisk.of(image)).build())).containsExactly("rootDisk.size");
        assertThat(rejectedPaths(() -> valid().rootDisk(UploadedDisk.of(image).size("fifteen")).build())).containsExactly("rootDisk.size");
    }

    @Test
    void uploadedDiskOnAnotherNodeThanTheVm_isRejected(@TempDir Path dir) throws IOException {
        Path image = Files.write(dir.resolve("disk.qcow2"), new byte[512]);
        assertThat(rejectedPaths(() -> valid().node("node01")
                .rootDisk(UploadedDisk.of(image).size("1Gi").node("node02")).build())).containsExactly("rootDisk.node");
    }

    @Test
    void labelsAndSelectors_followKubernetesRules() {
        assertThat(rejectedPaths(() -> valid().label("bad key", "v").nodeSelector("kubernetes.io/hostname", "not valid!").build()))
                .containsExactlyInAnyOrder("labels[bad key]", "nodeSelector[kubernetes.io/hostname]");
    }

    @Test
    void rawUserData_combinedWithStructuredFields_isRejected() {
        assertThat(rejectedPaths(() -> valid().cloudInit(c -> c.userData("#cloud-config\n{}").packages("git")).build()))
                .containsExactly("cloudInit.userData");
    }

    @Test
    void hashedPassword_inClearText_isRejected_withoutEchoingIt() {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class,
                () -> valid().cloudInit(c -> c.user(u -> u.name("root").hashedPassword("hunter2"))).build());
        assertThat(e.violations()).extracting(Violation::path).containsExactly("cloudInit.users[0].hashedPassword");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void everyViolation_isReportedInOneException(@TempDir Path dir) {
        assertThat(rejectedPaths(() -> VmSpec.builder()
                .name("Bad_Name").cpuCores(0).memory("4097M").hugepages(PageSize.MI_2)
                .rootDisk(UploadedDisk.of(dir.resolve("missing.qcow2")).size("15Gi"))
                .sriovNic(n -> n.network("sriov-openness-vm").address("192.168.100.2/24").gateway("10.0.0.1").macAddress("zz"))
                .cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey("ssh-rsa not-a-key")))
                .build()))
                .containsExactlyInAnyOrder("name", "cpuCores", "memory", "rootDisk.imagePath", "networks[0].gateway",
                        "networks[0].macAddress", "cloudInit.users[0].sshAuthorizedKeys[0]");
    }

    @Test
    void secrets_neverAppearInToString() {
        String key = TestKeys.ed25519("root@controller");
        VmSpec spec = valid().cloudInit(CloudInit.builder()
                .user(u -> u.name("root").sshAuthorizedKey(key).hashedPassword("$6$salt$abcdefghijklmnop"))
                .chpasswd("debian", "toor")).build();
        String text = spec.toString() + spec.cloudInit().orElseThrow() + spec.cloudInit().orElseThrow().users().get(0);
        assertThat(text).doesNotContain(key.split(" ")[1]).doesNotContain("toor").doesNotContain("$6$salt");
        assertThat(CloudInit.ofUserData("#cloud-config\npassword: s3cret\n").toString()).doesNotContain("s3cret");
    }
}
