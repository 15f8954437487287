package dev.edgevm.storage.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.Progress;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.image.DiskImageInfo;
import dev.edgevm.storage.image.DiskImages;
import dev.edgevm.storage.pool.PoolLabels;
import dev.edgevm.storage.testing.ClaimFiles;
import dev.edgevm.storage.testing.ClusterAudit;
import dev.edgevm.storage.testing.ForeignFinalizer;
import dev.edgevm.storage.testing.NodeFiles;
import dev.edgevm.storage.testing.QemuImg;
import dev.edgevm.storage.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The runbook's "VM snapshot" on node-local volumes, done by the SDK: {@code qemu-img convert} of
 * the VM's {@code disk.img} on its node, by a Job, into a snapshot volume there; restore, a new VM
 * from the snapshot, export and deletion. The conversions run the real qemu-img. The tests share
 * one cluster; each has a namespace and an SDK instance of its own.
 */
class LocalSnapshotsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MIB = 1024 * 1024;

    private static EmbeddedEdgeCluster cluster;

    @TempDir
    Path work;

    private TestNamespace namespace;
    private String ns;
    private EdgeVm edge;
    private Snapshots snapshots;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(2).seed(7).start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void ownNamespace() {
        QemuImg.assumeInstalled();
        namespace = TestNamespace.create(cluster, "snap");
        ns = namespace.name();
        edge = namespace.edge();
        snapshots = EdgeStorage.of(edge).snapshots();
    }

    @AfterEach
    void cleanUp() {
        if (namespace != null) {
            namespace.close();
        }
    }

    private DeployedVm statefulVm(String name, int seed) throws Exception {
        byte[] bytes = new byte[2 * MIB];
        new Random(seed).nextBytes(bytes);
        Path image = Files.write(work.resolve(name + ".img"), bytes);
        return edge.vms().deploy(VmSpec.builder().name(name).cpuCores(1).memory("1Gi").node("node01")
                .rootDisk(UploadedDisk.of(image).size("64Mi").dataVolumeName(name + "-dv"))
                .cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey(
                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0Gq0u6nRkAbsu0pHf3f0eY9rDMSRCKj1MyCO5eQzB root@controller")))
                .build());
    }

    private static byte[] pattern(int seed) {
        byte[] bytes = new byte[MIB];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void takeChangeRestore_bringsTheOriginalBytesBack_andTheVmKeepsItsSpec() throws Exception {
        statefulVm("restore-vm", 1);
        Path disk = ClaimFiles.disk(cluster, ns, "restore-vm-dv");
        byte[] before = pattern(10);
        ClaimFiles.write(disk, before);
        String vmBefore = cluster.client().resources(VirtualMachine.class).inNamespace(ns).withName("restore-vm").get()
                .getMetadata().getAnnotations().get("edgevm.dev/spec-hash");
        List<Progress> progress = new CopyOnWriteArrayList<>();

        Snapshot snapshot = snapshots.take("restore-vm", "before-change", SnapshotOptions.defaults(), progress::add);

        assertThat(snapshot.kind()).isEqualTo(SnapshotKind.NODE_LOCAL);
        assertThat(snapshot.phase()).isEqualTo(SnapshotPhase.READY);
        assertThat(snapshot.vm()).isEqualTo("restore-vm");
        assertThat(snapshot.crashConsistent()).isFalse();
        assertThat(snapshot.creationTime()).isPresent();
        SnapshotDisk copy = snapshot.disk("rootdisk");
        assertThat(copy.claim()).isEqualTo("restore-vm-dv");
        assertThat(copy.node()).contains("node01");
        assertThat(copy.format()).contains("qcow2");
        assertThat(copy.compressed()).isFalse();
        assertThat(copy.virtualSize()).hasValue(Files.size(disk));
        Path file = ClaimFiles.volumeDirectory(cluster, copy.volume().orElseThrow()).resolve("snapshot.qcow2");
        assertThat(copy.size()).hasValue(Files.size(file));
        assertThat(copy.sha256()).contains(sha256(file));
        JsonNode info = QemuImg.info(file);
        assertThat(info.path("format").asString()).isEqualTo("qcow2");
        assertThat(info.path("virtual-size").asLong()).isEqualTo(Files.size(disk));
        DiskImageInfo probed = DiskImages.probe(file);
        assertThat(probed.format()).isEqualTo("qcow2");
        assertThat(probed.virtualSize()).isEqualTo(Files.size(disk));
        assertThat(progress).extracting(Progress::phase).contains("volume", "copying", "checking", "ready");
        PersistentVolume volume = cluster.client().persistentVolumes().withName(copy.volume().orElseThrow()).get();
        assertThat(volume.getMetadata().getLabels()).containsEntry(PoolLabels.ROLE, "snapshot")
                .containsEntry(PoolLabels.OWNER, "restore-vm").containsEntry(SnapshotLabels.SNAPSHOT, "before-change")
                .containsEntry(SnapshotLabels.DISK, "rootdisk");
        assertThat(snapshots.list("restore-vm")).extracting(Snapshot::name).containsExactly("before-change");
        assertThat(EdgeStorage.of(edge).snapshots().require("before-change")).isEqualTo(snapshot);

        long diskSize = Files.size(disk);
        byte[] after = pattern(11);
        ClaimFiles.write(disk, after);
        assertThat(NodeFiles.head(disk, MIB)).isEqualTo(after);
        String oldVolume = cluster.client().persistentVolumeClaims().inNamespace(ns).withName("restore-vm-dv").get()
                .getSpec().getVolumeName();

        SnapshotRestore restored = snapshots.restore(snapshot);

        assertThat(restored.claims()).containsEntry("rootdisk", "restore-vm-dv");
        String newVolume = restored.volumes().get("rootdisk");
        assertThat(newVolume).isNotEqualTo(oldVolume);
        assertThat(restored.releasedVolumes()).containsExactly(oldVolume);
        Path restoredDisk = ClaimFiles.disk(cluster, ns, "restore-vm-dv");
        assertThat(NodeFiles.head(restoredDisk, MIB)).isEqualTo(before);
        assertThat(Files.size(restoredDisk)).isEqualTo(diskSize);
        assertThat(cluster.client().persistentVolumes().withName(oldVolume).get()).as("old volume freed").isNull();
        assertThat(disk).as("old disk wiped").doesNotExist();
        DataVolume dv = cluster.client().resources(DataVolume.class).inNamespace(ns).withName("restore-vm-dv").get();
        assertThat(dv.getStatus().phase()).isEqualTo("Succeeded");
        VirtualMachine vm = cluster.client().resources(VirtualMachine.class).inNamespace(ns).withName("restore-vm").get();
        assertThat(vm.getMetadata().getAnnotations().get("edgevm.dev/spec-hash")).as("spec unchanged").isEqualTo(vmBefore);

        VmResource running = edge.vms().withName("restore-vm");
        running.start();
        assertThat(running.await().running(WAIT).value().node()).contains("node01");
        running.delete(DeleteOptions.defaults().purgeStorage(true));
        assertThat(snapshots.find("before-change")).as("snapshots outlive their VM").isPresent();

        assertThat(snapshots.delete("before-change")).isTrue();
        ClusterAudit.assertNothingLeftOf(cluster, ns, "restore-vm", "restore-vm-dv");
        assertThat(file).as("snapshot file wiped").doesNotExist();
        assertThat(cluster.client().persistentVolumes().withName(copy.volume().orElseThrow()).get()).as("snapshot volume freed").isNull();
        assertThat(snapshots.find("before-change")).isEmpty();
        assertThat(snapshots.delete("before-change")).isFalse();
    }

    @Test
    void restoreAs_makesASecondVmWithItsOwnVolume() throws Exception {
        statefulVm("original-vm", 2);
        Path disk = ClaimFiles.disk(cluster, ns, "original-vm-dv");
        byte[] content = compressible();
        ClaimFiles.write(disk, content);
        Snapshot snapshot = snapshots.take("original-vm", "golden", SnapshotOptions.builder().compress(true).build());
        assertThat(snapshot.disk("rootdisk").compressed()).isTrue();
        Path file = ClaimFiles.volumeDirectory(cluster, snapshot.disk("rootdisk").volume().orElseThrow()).resolve("snapshot.qcow2");
        assertThat(DiskImages.probe(file).compressed()).contains(true);
        ClaimFiles.write(disk, pattern(21));

        VmResource copy = snapshots.restoreAs(snapshot, "copy-vm");

        assertThat(copy.name()).isEqualTo("copy-vm");
        Path copyDisk = ClaimFiles.disk(cluster, ns, "copy-vm-rootdisk");
        assertThat(NodeFiles.head(copyDisk, MIB)).isEqualTo(content);
        assertThat(NodeFiles.head(disk, MIB)).as("the original VM's disk is its own").isEqualTo(pattern(21));
        String copyVolume = cluster.client().persistentVolumeClaims().inNamespace(ns).withName("copy-vm-rootdisk").get()
                .getSpec().getVolumeName();
        assertThat(cluster.client().persistentVolumes().withName(copyVolume).get().getMetadata().getLabels())
                .containsEntry(PoolLabels.OWNER, "copy-vm").containsEntry(PoolLabels.ROLE, "data");
        assertThat(cluster.client().secrets().inNamespace(ns).withName("copy-vm-cloudinit").get()).isNotNull();
        copy.start();
        assertThat(copy.await().running(WAIT).value().node()).contains("node01");

        VmResource fromSpec = snapshots.restoreAs(snapshot, VmSpec.builder().name("spec-vm").cpuCores(2).memory("2Gi")
                .rootDisk(ClaimDisk.of("spec-vm-rootdisk")).build());
        assertThat(NodeFiles.head(ClaimFiles.disk(cluster, ns, "spec-vm-rootdisk"), MIB)).isEqualTo(content);
        assertThat(fromSpec.require().exists()).isTrue();

        for (String vm : List.of("copy-vm", "spec-vm", "original-vm")) {
            edge.vms().withName(vm).delete(DeleteOptions.defaults().purgeStorage(true));
        }
        ClusterAudit.assertNothingLeftOf(cluster, ns, "copy-vm", "copy-vm-rootdisk");
        ClusterAudit.assertNothingLeftOf(cluster, ns, "spec-vm", "spec-vm-rootdisk");
        snapshots.delete("golden");
    }

    @Test
    void aRunningVm_isRefusedWithWhatToDo_unlessACrashConsistentCopyIsAccepted() throws Exception {
        DeployedVm vm = statefulVm("busy-vm", 3);
        vm.start();
        vm.await().running(WAIT);
        int volumesBefore = cluster.client().persistentVolumes().list().getItems().size();

        ConflictException refused = catchThrowableOfType(ConflictException.class, () -> snapshots.take("busy-vm", "while-running"));

        assertThat(refused.reason()).contains("VmRunning");
        assertThat(refused.getMessage()).contains("busy-vm is Running", "half-written", "Stop it first", "pausedOk(true)",
                "--paused-ok");
        assertThat(cluster.client().persistentVolumes().list().getItems()).hasSize(volumesBefore);
        assertThat(snapshots.find("while-running")).isEmpty();

        Snapshot crashConsistent = snapshots.take("busy-vm", "while-running", SnapshotOptions.builder().pausedOk(true).build());

        assertThat(crashConsistent.crashConsistent()).isTrue();
        assertThat(crashConsistent.ready()).isTrue();
        assertThat(vm.await().running(WAIT).value().printableStatus()).as("resumed after the copy").isEqualTo("Running");
        ConflictException restoreRefused = catchThrowableOfType(ConflictException.class, () -> snapshots.restore(crashConsistent));
        assertThat(restoreRefused.getMessage()).contains("Stop it first");

        vm.delete(DeleteOptions.defaults().purgeStorage(true));
        snapshots.delete("while-running");
    }

    @Test
    void export_downloadsTheQcow2File_checkedAgainstItsChecksum() throws Exception {
        statefulVm("export-vm", 4);
        byte[] content = pattern(40);
        ClaimFiles.write(ClaimFiles.disk(cluster, ns, "export-vm-dv"), content);
        Snapshot snapshot = snapshots.take("export-vm", "to-download");
        List<Progress> progress = new CopyOnWriteArrayList<>();
        Path target = work.resolve("export-vm.qcow2");

        SnapshotDownload download = snapshots.export(snapshot, target, progress::add);

        assertThat(download.file()).isEqualTo(target);
        assertThat(download.checksumVerified()).isTrue();
        assertThat(download.sha256()).isEqualTo(snapshot.disk("rootdisk").sha256().orElseThrow()).isEqualTo(sha256(target));
        assertThat(download.bytes()).isEqualTo(Files.size(target));
        assertThat(download.format()).isEqualTo("qcow2");
        assertThat(QemuImg.info(target).path("format").asString()).isEqualTo("qcow2");
        QemuImg.run(work, "convert", "-f", "qcow2", "-O", "raw", "export-vm.qcow2", "export-vm.raw");
        assertThat(NodeFiles.head(work.resolve("export-vm.raw"), MIB)).isEqualTo(content);
        assertThat(progress).anyMatch(p -> "downloaded".equals(p.phase()) && p.bytesDone().orElse(-1) == download.bytes());
        assertThat(work.resolve("export-vm.qcow2.part")).doesNotExist();
        assertThat(cluster.client().persistentVolumeClaims().inNamespace(ns).withName("snapshot-to-download-rootdisk").get())
                .as("the export's claim is gone").isNull();
        PersistentVolume volume = cluster.client().persistentVolumes().withName(snapshot.disk("rootdisk").volume().orElseThrow()).get();
        assertThat(volume.getSpec().getClaimRef().getUid()).as("reserved again, not Released").isNull();

        edge.vms().withName("export-vm").delete(DeleteOptions.defaults().purgeStorage(true));
        snapshots.delete("to-download");
    }

    @Test
    void aCopyThatFails_leavesNothing_andSaysWhatQemuImgSaid() throws Exception {
        statefulVm("broken-vm", 5);
        Path disk = ClaimFiles.disk(cluster, ns, "broken-vm-dv");
        byte[] content = pattern(50);
        ClaimFiles.write(disk, content);
        Snapshot snapshot = snapshots.take("broken-vm", "will-break");
        Path file = ClaimFiles.volumeDirectory(cluster, snapshot.disk("rootdisk").volume().orElseThrow()).resolve("snapshot.qcow2");
        Files.delete(file);
        List<String> volumesBefore = volumeNames();

        EdgeVmException failed = catchThrowableOfType(EdgeVmException.class, () -> snapshots.restore(snapshot));

        assertThat(failed.getMessage()).contains("qemu-img", "snapshot.qcow2");
        assertThat(volumeNames()).as("the fresh volume was freed again").isEqualTo(volumesBefore);
        assertThat(ClaimFiles.disk(cluster, ns, "broken-vm-dv")).as("the VM's disk is untouched").isEqualTo(disk);
        assertThat(NodeFiles.head(disk, MIB)).isEqualTo(content);
        assertThat(cluster.client().batch().v1().jobs().inNamespace(ns).list().getItems()).as("Jobs left").isEmpty();

        Files.delete(disk);
        EdgeVmException takeFailed = catchThrowableOfType(EdgeVmException.class, () -> snapshots.take("broken-vm", "no-disk"));

        assertThat(takeFailed.getMessage()).contains("disk.img");
        assertThat(snapshots.find("no-disk")).isEmpty();
        assertThat(volumeNames()).isEqualTo(volumesBefore);

        edge.vms().withName("broken-vm").delete(DeleteOptions.defaults().purgeStorage(true));
        snapshots.delete("will-break");
    }

    private List<String> volumeNames() {
        return cluster.client().persistentVolumes().list().getItems().stream().map(pv -> pv.getMetadata().getName()).sorted().toList();
    }

    @Test
    void aClaimHeldAfterItsDeletion_endsTheRestoreAtTheCleanupTimeout_andTheRestoreIsUndone() throws Exception {
        statefulVm("held-vm", 3);
        Snapshot snapshot = snapshots.take("held-vm", "held-snap");
        ForeignFinalizer.hold(cluster.client().persistentVolumeClaims().inNamespace(ns).withName("held-vm-dv"), true);
        Snapshots quick = EdgeStorage.of(edge).configure(c -> c.cleanupTimeout(Duration.ofSeconds(3))).snapshots();

        OperationFailedException failed = catchThrowableOfType(OperationFailedException.class, () -> quick.restore(snapshot));

        assertThat(failed.getCause()).isInstanceOf(WaitTimeoutException.class);
        WaitTimeoutException timeout = (WaitTimeoutException) failed.getCause();
        assertThat(timeout.awaited()).isEqualTo("claim " + ns + "/held-vm-dv to be deleted");
        assertThat(timeout.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofMinutes(1));
        assertThat(failed.leftBehind()).as("the volume allocated for the restore is given back").isEmpty();
        ForeignFinalizer.hold(cluster.client().persistentVolumeClaims().inNamespace(ns).withName("held-vm-dv"), false);
        assertThat(cluster.client().persistentVolumeClaims().inNamespace(ns).withName("held-vm-dv")
                .waitUntilCondition(c -> c == null, WAIT.toSeconds(), TimeUnit.SECONDS)).isNull();
    }

    @Test
    void badArguments_areRefusedBeforeAnyRequest() {
        cluster.requests().reset();

        InvalidSpecException bad = catchThrowableOfType(InvalidSpecException.class, () -> snapshots.take("Bad_VM", "no spaces"));

        assertThat(bad.violations()).extracting(v -> v.path()).containsExactly("vm", "name");
        assertThat(namespace.requests(r -> true)).isZero();
    }

    /** Text-like data: qemu-img keeps a cluster compressed only when that makes it smaller, which random bytes never are. */
    private static byte[] compressible() {
        byte[] bytes = new byte[MIB];
        byte[] line = "the quick brown fox jumps over the lazy dog 0123456789\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = line[i % line.length];
        }
        return bytes;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[MIB];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
