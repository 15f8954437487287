package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.VirtualMachine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A deploy with bad flags: exit 2, every bad flag named in one message as the SDK's
 * InvalidSpecException lists them, no stack trace, and not one request to the cluster.
 */
class InvalidSpecTest {

    private static EmbeddedEdgeCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void forgetRequests() {
        cluster.requests().reset();
    }

    @Test
    void everyBadFlag_isNamed_andNothingReachesTheCluster() {
        Cli.Result r = Cli.on(cluster, "deploy", "--name", "Bad_Name", "--cores", "0", "--memory", "4097M", "--hugepages", "2Mi",
                "--container-disk", "kubevirt/cirros-registry-disk-demo",
                "--sriov", "sriov-openness-vm", "--sriov-address", "192.168.100.2/24", "--sriov-gateway", "10.0.0.1",
                "--sriov-mac", "not-a-mac", "--pod-network", "tunnel", "--run-strategy", "sometimes",
                "--ssh-key-file", dir.resolve("missing.pub").toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid VmSpec Bad_Name: 9 problems\n")
                .contains("  - --name: 'Bad_Name' is not a DNS-1123 label")
                .contains("  - --cores: must be at least 1, was 0")
                .contains("  - --memory: 4097M is not a multiple of the 2Mi hugepage size")
                .contains("  - --sriov-mac: 'not-a-mac' is not a MAC address")
                .contains("  - --sriov-gateway: 10.0.0.1 is outside the NIC's subnet 192.168.100.0/24")
                .contains("  - --run-strategy: 'sometimes' is not a run strategy")
                .contains("  - --pod-network: 'tunnel' is not a pod network binding; use masquerade or bridge")
                .contains("  - --ssh-key-file: '" + dir.resolve("missing.pub") + "' does not exist")
                .contains("  - --user: is required with --ssh-key-file")
                .doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
        assertThat(cluster.requests().count()).as("requests the cluster received").isZero();
        assertThat(cluster.client().resources(VirtualMachine.class).inAnyNamespace().list().getItems()).isEmpty();
    }

    /**
     * Each flag's bad value is reported under that flag, never under the SDK's name for the field
     * ({@code cpuCores}, {@code networks[...]}, {@code cloudInit...}, {@code rootDisk...}); where the
     * SDK's path says more (which key of the file, which package) it follows in parentheses.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--name           | Bad_Name                    | --name: ",
        "--cores          | 0                           | --cores: ",
        "--memory         | lots                        | --memory: ",
        "--hugepages      | 3Mi                         | --hugepages: ",
        "--container-disk | 'Upper Case:tag'            | --container-disk: ",
        "--claim          | Bad_Claim                   | --claim: ",
        "--node           | Bad_Node                    | --node: ",
        "--run-strategy   | sometimes                   | --run-strategy: ",
        "--pod-network    | tunnel                      | --pod-network: ",
        "--sriov          | Bad_Net                     | --sriov",
        "--sriov-resource | no-slash                    | --sriov-resource: ",
        "--sriov-address  | 300.1.1.1/24                | --sriov-address: ",
        "--sriov-gateway  | not-an-ip                   | --sriov-gateway: ",
        "--sriov-mac      | 01:00:00:00:00:01           | --sriov-mac: ",
        "--user           | Not!A!User                  | --user: ",
        "--package        | 'bad package'               | --package (cloudInit.packages[0]): ",
    })
    void eachBadFlag_isNamedAsTyped(String flag, String value, String reported) {
        List<String> args = new ArrayList<>(List.of("deploy", "--name", "vm", "--memory", "1Gi"));
        if (!flag.equals("--claim")) {
            args.addAll(List.of("--container-disk", "kubevirt/cirros-registry-disk-demo"));
        }
        if (flag.startsWith("--sriov-")) {
            args.addAll(List.of("--sriov", "sriov-openness-vm", "--sriov-address", "192.168.100.2/24"));
        }
        if (flag.equals("--package")) {
            args.addAll(List.of("--user", "root"));
        }
        int existing = args.indexOf(flag);
        if (existing >= 0) {
            args.set(existing + 1, value);
        } else {
            args.addAll(List.of(flag, value));
        }

        Cli.Result r = Cli.on(cluster, args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).as(r.toString()).contains("\n  - " + reported)
                .doesNotContainPattern("\\n  - (cpuCores|networks|cloudInit|rootDisk|imagePath|memory|name)\\b");
        assertThat(cluster.requests().count()).isZero();
    }

    @Test
    void badFilesAndSizes_ofUploadedDisksAndCloudInit_areNamedByTheirFlags() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty-user-data"), "  \n");
        Path badKey = Files.writeString(dir.resolve("bad.pub"), "ssh-rsa not-base64!\n");

        Cli.Result r = Cli.on(cluster, "deploy", "--name", "vm", "--memory", "1Gi", "--upload-image", dir.resolve("missing.qcow2").toString(),
                "--disk-size", "lots", "--storage-class", "Bad_SC", "--user-data-file", empty.toString());
        Cli.Result key = Cli.on(cluster, "deploy", "--name", "vm", "--memory", "1Gi", "--claim", "data",
                "--user", "root", "--ssh-key-file", badKey.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("\n  - --upload-image: ").contains("\n  - --disk-size: ").contains("\n  - --storage-class: ")
                .contains("\n  - --user-data-file: must not be empty").doesNotContain("rootDisk").doesNotContain("cloudInit");
        assertThat(key.exitCode()).as(key.toString()).isEqualTo(2);
        assertThat(key.err()).contains("\n  - --ssh-key-file (cloudInit.users[0].sshAuthorizedKeys[0]): ");
        assertThat(cluster.requests().count()).isZero();
    }

    @Test
    void privateKeyFile_isRefused_withoutEchoingIt() throws IOException {
        Path key = Files.writeString(dir.resolve("id_ed25519"),
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
                        + "-----END OPENSSH PRIVATE KEY-----\n");

        Cli.Result r = Cli.on(cluster, "deploy", "--name", "centos-vm", "--memory", "2056M", "--claim", "centos-dv",
                "--user", "root", "--ssh-key-file", key.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--ssh-key-file: '" + key + "' is a private key; give the public key (the .pub file)")
                .doesNotContain("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ");
        assertThat(cluster.requests().count()).isZero();
    }

    @Test
    void twoRootDisks_andFlagsWithoutTheirPartner_areNamed() {
        Cli.Result r = Cli.on(cluster, "deploy", "--name", "vm", "--memory", "1Gi", "--container-disk", "kubevirt/cirros-registry-disk-demo",
                "--claim", "data", "--disk-size", "15Gi", "--sriov-resource", "intel.com/intel_sriov_vm");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid VmSpec vm: 3 problems\n")
                .contains("  - --container-disk, --claim, --upload-image: give one root disk, not 2")
                .contains("  - --disk-size: only applies together with --upload-image")
                .contains("  - --sriov-resource: only applies together with --sriov")
                .doesNotContain("rootDisk");
        assertThat(cluster.requests().count()).isZero();
    }

    @Test
    void missingNameMemoryAndDisk_areAllNamed() {
        Cli.Result r = Cli.on(cluster, "deploy");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("  - --name: ").contains("  - --memory: ").contains("  - --container-disk, --claim, --upload-image: ");
        assertThat(cluster.requests().count()).isZero();
    }

    @Test
    void verbose_addsTheStackTrace() {
        Cli.Result r = Cli.on(cluster, "deploy", "--name", "Bad_Name", "--memory", "1Gi", "--container-disk", "x", "-v");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("InvalidSpecException").contains("\tat ");
    }
}
