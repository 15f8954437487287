package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.cli.demo.DemoImage;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgevm demo}: the runbook walked on an embedded cluster, every step ok, nothing left; or
 * kept for kubectl. The demo takes seconds; how long is measured, not asserted, but a walk that
 * hangs fails after a few minutes instead of holding the build.
 */
class DemoTest {


    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

    /** One walk, read by the tests below from different angles. */
    private static Cli.Result walk;

    @TempDir
    Path dir;

    @BeforeAll
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    static void walkTheRunbook() {
        walk = Cli.run("demo");
    }

    @Test
    void walksTheRunbook_everyStepOk() {
        Cli.Result r = walk;

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out())
                .contains("==> cluster (runbook: Enabling in Smart Edge Open)")
                .contains("node03: tainted cmk:NoSchedule (CPU manager)")
                .contains("==> stateless VM (runbook: Stateless VM deployment)")
                .contains("console: cirros-stateless-vm login:")
                .contains("==> SR-IOV VM (runbook: VM deployment with SRIOV NIC support)")
                .containsPattern("eth1 \\(sriov-openness-vm, MAC [0-9a-f:]{17}\\) has \\[192\\.168\\.100\\.2\\]")
                .contains("a second SR-IOV VM is refused before anything is created")
                .contains("==> snapshot (runbook: VM snapshot)")
                .contains("==> doctor")
                .containsPattern("\\nSTEP\\s+RESULT\\s+TIME")
                .doesNotContain("FAILED");
        assertThat(r.out().lines().filter(l -> l.matches(
                "^(cluster|stateless VM|stateful VM|SR-IOV VM|CPU manager|snapshot|doctor|complete deletion)\\s+ok\\s.*"))).hasSize(8);
    }

    /** The simulated nodes run qemu-img for snapshots: where it is installed the step runs, elsewhere it says it was skipped. */
    @Test
    void theSnapshotStep_runsWhereQemuImgIs_andIsSkippedWithANoteElsewhere() {
        String snapshot = section(walk.out(), "snapshot");

        if (DemoImage.qemuImg().isPresent()) {
            assertThat(snapshot).containsPattern("restored into snapshot-demo-vm: .* the disk starts with \"edgevm demo: the disk before the upgrade\"");
        } else {
            assertThat(snapshot).contains("skipped: qemu-img is not installed here").doesNotContain("restored");
        }
    }

    @Test
    void kubeconfigOut_withoutKeepRunning_isAUsageError() {
        Cli.Result r = Cli.run("demo", "--kubeconfig-out", dir.resolve("k").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--kubeconfig-out only applies with --keep-running");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theStatefulStep_showsThePool_theUploadWithProgress_theVmAndTheKeyInItsSecret() {
        Cli.Result r = walk;

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(section(r.out(), "stateful VM"))
                .contains("volume pool: up to 64 volumes per node in /var/vd/vol<N>, storage class local-storage;"
                        + " free: node01 64, node02 64, node03 64")
                .containsPattern("disk image: centos-like\\.(qcow2 \\(qcow2|img \\(raw), virtual size 32\\.0 MiB")
                .containsPattern("controller's key: ssh-ed25519 SHA256:\\S+ root@controller")
                .contains("      volumes: node02-vol0, node02-vol1 on node02")
                .containsPattern("      uploading +0% 0 B / ")
                .containsPattern("      uploaded +100% ")
                .contains("      scratch volume: node02-vol1 wiped and returned to the pool")
                .contains("kubectl get pv: node02-vol0 Bound default/centos-dv (data of centos-vm, node02:/var/vd/vol0)")
                .contains("kubectl get dv: centos-dv Succeeded; kubectl get pvc: centos-dv Bound node02-vol0")
                .containsPattern("started: Running on node02, IP \\d+\\.\\d+\\.\\d+\\.\\d+")
                .containsPattern("cloud-init Secret default/centos-vm-cloudinit holds root's key SHA256:\\S+ .*"
                        + "the VirtualMachine only names the Secret");
    }

    @Test
    void theCpuManagerStep_findsTheTaint_isRefusedBeforeTheUpload_toleratesIt_andUploadsToNode03() {
        Cli.Result r = walk;

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(section(r.out(), "CPU manager"))
                .contains("doctor: WARN cdi-taints: uploads to these nodes stay Pending, CDI's pods do not tolerate: cmk:NoSchedule on node03")
                .contains("refused before anything was created: CDI's upload pod could not run on node03, where the disk's volumes go")
                .contains("  - CDI's upload pods do not tolerate the taint cmk:NoSchedule on node03")
                .contains("the fix it names: ").contains("cdi().tolerate(NodeTaint.of(\"cmk\", \"NoSchedule\"))")
                .contains("left behind: nothing (no DataVolume, no volume on node03)")
                .contains("cdi().tolerate(cmk:NoSchedule on node03): the CDI CR's spec.workload.tolerations now has")
                .contains("doctor: OK cdi-taints")
                .containsPattern("DataVolume default/centos-dv-cmk Succeeded: .* on node03 \\(node03-vol0\\)")
                .contains("centos-vm-cmk (tolerating cmk) Running on node03 from centos-dv-cmk");
        assertThat(section(r.out(), "complete deletion"))
                .contains("deleted centos-vm and what was created for it")
                .contains("deleted centos-vm-cmk and what was created for it")
                .contains("left behind: no VM, Secret, DataVolume, claim or PersistentVolume; no disk.img on any node");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void keepRunning_leavesTheVmsAndDisks_andTheKubeconfigReachesThem() {
        Path kubeconfig = dir.resolve("demo.kubeconfig");
        AtomicReference<List<String>> vms = new AtomicReference<>();
        AtomicReference<List<String>> dataVolumes = new AtomicReference<>();

        Cli.Result r = Cli.interruptedBy(cluster -> {
            // What a user would do in another shell, with the printed kubeconfig.
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig))).build()) {
                vms.set(client.resources(VirtualMachine.class).inNamespace("default").list().getItems().stream()
                        .map(vm -> vm.getMetadata().getName()).sorted().toList());
                dataVolumes.set(client.resources(DataVolume.class).inNamespace("default").list().getItems().stream()
                        .map(dv -> dv.getMetadata().getName() + " " + dv.getStatus().phase()).sorted().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "demo", "--keep-running", "--kubeconfig-out", kubeconfig.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("export KUBECONFIG=" + kubeconfig.toAbsolutePath()).doesNotContain("complete deletion");
        assertThat(vms.get()).containsExactly("centos-vm", "centos-vm-cmk", "cirros-stateless-vm", "debian-sriov-vm");
        assertThat(dataVolumes.get()).containsExactly("centos-dv Succeeded", "centos-dv-cmk Succeeded");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void keepRunning_theRunbooksKubectlCommandsAnswer() {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed at " + KUBECTL + ": cannot run the runbook's kubectl commands");
        Path kubeconfig = dir.resolve("demo.kubeconfig");
        Map<String, Kubectl> answers = new LinkedHashMap<>();

        Cli.Result r = Cli.interruptedBy(cluster -> {
            for (String what : List.of("vms", "vmi", "dv", "pvc", "pv", "sc", "pods -n kubevirt", "pods -n cdi")) {
                answers.put(what, kubectl(kubeconfig, what));
            }
        }, "demo", "--keep-running", "--kubeconfig-out", kubeconfig.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        answers.forEach((what, answer) -> assertThat(answer.exitCode()).as("kubectl get " + what + "\n" + answer.output()).isZero());
        assertThat(answers.get("vms").output()).startsWith("NAME").contains("centos-vm ").contains("centos-vm-cmk")
                .contains("cirros-stateless-vm").contains("debian-sriov-vm");
        assertThat(answers.get("vmi").output()).containsPattern("centos-vm\\s+\\S+\\s+Running\\s+\\d+\\.\\d+\\.\\d+\\.\\d+\\s+node02");
        assertThat(answers.get("dv").output()).containsPattern("centos-dv\\s+Succeeded").containsPattern("centos-dv-cmk\\s+Succeeded");
        assertThat(answers.get("pvc").output()).containsPattern("centos-dv\\s+Bound\\s+node02-vol0\\s")
                .containsPattern("centos-dv-cmk\\s+Bound\\s+node03-vol0\\s");
        assertThat(answers.get("pv").output()).containsPattern("node02-vol0\\s+\\S+\\s+RWO\\s+Retain\\s+Bound\\s+default/centos-dv\\s+local-storage");
        assertThat(answers.get("sc").output()).containsPattern("local-storage\\s+kubernetes.io/no-provisioner\\s+Retain\\s+WaitForFirstConsumer");
        assertThat(answers.get("pods -n kubevirt").output()).containsPattern("virt-api-\\S+\\s+1/1\\s+Running");
        assertThat(answers.get("pods -n cdi").output()).containsPattern("cdi-uploadproxy-\\S+\\s+1/1\\s+Running");
    }

    /** The lines of one step, from its heading to the next. */
    private static String section(String out, String step) {
        int start = out.indexOf("==> " + step + " (");
        assertThat(start).as("the demo has a step '" + step + "'").isNotNegative();
        int end = out.indexOf("\n==> ", start + 1);
        return out.substring(start, end < 0 ? out.length() : end);
    }

    private Kubectl kubectl(Path kubeconfig, String what) {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", dir.resolve("kubectl-cache").toString(), "--request-timeout", "30s", "get"));
        command.addAll(List.of(what.split(" ")));
        try {
            // Into a file, read after waiting: a pipe read first would block past the timeout if kubectl hung.
            Path output = Files.createTempFile(dir, "kubectl", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Kubectl(-1, Files.readString(output, StandardCharsets.UTF_8) + "\n(kubectl did not finish)");
            }
            return new Kubectl(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Kubectl(int exitCode, String output) {}
}
