package dev.edgevm.cli.demo;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotRestore;
import dev.edgevm.storage.snapshot.Snapshots;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The runbook's "VM snapshot", which it does by logging into the node and running qemu-img: a
 * stateful VM of its own, a snapshot taken on its node, a change, a copy VM made from the
 * snapshot and the snapshot restored into the VM, then all of it deleted. The cluster runs the
 * node's qemu-img as a local process, so the step is skipped where it is not installed.
 */
final class SnapshotStep implements DemoStep {

    private static final String VM = "snapshot-demo-vm";
    private static final String COPY = "snapshot-demo-copy";
    private static final String NODE = "node02";
    private static final byte[] BEFORE = "edgevm demo: the disk before the upgrade".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AFTER = "edgevm demo: the upgrade went wrong".getBytes(StandardCharsets.US_ASCII);
    private static final int MARKER = 64;

    @Override
    public String name() {
        return "snapshot";
    }

    @Override
    public String runbookSection() {
        return "VM snapshot";
    }

    @Override
    public String run(DemoContext context) throws Exception {
        if (DemoImage.qemuImg().isEmpty()) {
            context.say("skipped: qemu-img is not installed here, and the simulated nodes run it as a local process"
                    + " (install Debian's qemu-utils)");
            return "skipped: qemu-img is not installed";
        }
        Snapshots snapshots = EdgeStorage.of(context.edge()).snapshots();
        Path image = Files.createTempFile("edgevm-demo-disk", ".img");
        try {
            byte[] disk = new byte[4 * 1024 * 1024];
            System.arraycopy(BEFORE, 0, disk, 0, BEFORE.length);
            Files.write(image, disk);
            context.edge().vms().deploy(VmSpec.builder().name(VM).cpuCores(1).memory("1Gi").node(NODE)
                    .rootDisk(UploadedDisk.of(image).size("64Mi").dataVolumeName(VM + "-dv")).build());
        } finally {
            Files.deleteIfExists(image);
        }
        context.say("stateful VM " + VM + " deployed on " + NODE + " (stopped); its disk starts with \"" + text(BEFORE) + "\"");

        Snapshot snapshot = snapshots.take(VM, "before-upgrade");
        SnapshotDisk copy = snapshot.disk("rootdisk");
        context.say("snapshot before-upgrade: qemu-img convert -f raw -O qcow2 on " + copy.node().orElse("?") + " by a Job, into volume "
                + copy.volume().orElse("?") + " (" + copy.size().orElse(0) + " bytes, sha256 " + copy.sha256().orElse("?").substring(0, 12)
                + "...); nothing crossed the network");

        write(context, VM + "-dv", Arrays.copyOf(AFTER, MARKER));
        context.say("the upgrade goes wrong: the disk now starts with \"" + text(AFTER) + "\"");

        snapshots.restoreAs(snapshot, COPY);
        context.say("restored as a new VM " + COPY + " on its own volume: its disk starts with \"" + text(read(context, COPY + "-rootdisk"))
                + "\"");

        SnapshotRestore restored = snapshots.restore(snapshot);
        String now = text(read(context, VM + "-dv"));
        context.say("restored into " + VM + ": claim " + restored.claims().get("rootdisk") + " now on " + restored.volumes().get("rootdisk")
                + ", " + String.join(", ", restored.releasedVolumes()) + " wiped and freed; the disk starts with \"" + now + "\"");
        if (!now.equals(text(BEFORE))) {
            throw new IllegalStateException("the restored disk starts with \"" + now + "\", not \"" + text(BEFORE) + "\"");
        }
        snapshots.delete("before-upgrade");
        for (String vm : new String[] {COPY, VM}) {
            context.edge().vms().withName(vm).delete(DeleteOptions.defaults().purgeStorage(true).waitUpTo(DemoContext.WAIT));
        }
        context.say("snapshot deleted (its volume wiped and freed), and both VMs with their storage");
        return "taken on " + NODE + ", restored as " + COPY + " and into " + VM;
    }

    /** The start of the disk file behind a claim, on the simulated node. */
    private static byte[] read(DemoContext context, String claim) throws IOException {
        try (InputStream in = Files.newInputStream(disk(context, claim))) {
            return in.readNBytes(MARKER);
        }
    }

    /** Writes into the disk file behind a claim, as the guest would. */
    private static void write(DemoContext context, String claim, byte[] bytes) throws IOException {
        try (FileChannel file = FileChannel.open(disk(context, claim), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(bytes), 0);
        }
    }

    private static Path disk(DemoContext context, String claim) {
        String volume = context.edge().kubernetesClient().persistentVolumeClaims().inNamespace(context.edge().namespace())
                .withName(claim).get().getSpec().getVolumeName();
        PersistentVolume pv = context.edge().kubernetesClient().persistentVolumes().withName(volume).get();
        return context.cluster().nodeRoot(NODE).resolve(pv.getSpec().getLocal().getPath().substring(1)).resolve("disk.img");
    }

    /** The marker text: up to the first zero byte. */
    private static String text(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }
}
