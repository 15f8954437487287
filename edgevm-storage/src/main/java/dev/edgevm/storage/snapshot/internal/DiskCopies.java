package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.storage.internal.nodejob.NodeJob;
import dev.edgevm.storage.pool.VolumePool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The runbook's {@code qemu-img convert} commands, run on the disk's node by {@link NodeJob}s: raw
 * {@code disk.img} to a qcow2 {@code snapshot.qcow2} and back, the checks of a finished copy
 * ({@code sha256sum}, {@code stat}, {@code qemu-img info}), and the hard link an export serves.
 */
final class DiskCopies {

    /** Where the Jobs mount the directories they work on. */
    private static final String SOURCE = "/source";
    private static final String SNAPSHOT = "/snapshot";
    private static final String TARGET = "/target";
    private static final Pattern SHA256 = Pattern.compile("^([0-9a-f]{64})\\s", Pattern.MULTILINE);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The image and time limits of the Jobs (the copy's, the image pull's), read on every use. */
    record Settings(String image, Duration timeout, Duration pullGrace) {}

    /** What the checks found out about a snapshot file. */
    record Inspection(String sha256, long size, long virtualSize, String format) {}

    private final NodeJob jobs;
    private final Supplier<Settings> settings;

    DiskCopies(NodeJob jobs, Supplier<Settings> settings) {
        this.jobs = jobs;
        this.settings = settings;
    }

    /**
     * {@code qemu-img convert -f raw -O qcow2 [-c] disk.img snapshot.qcow2}. A paused guest still
     * holds qemu's lock on its disk, which {@code -U} (force share) reads through.
     */
    void toSnapshot(String namespace, String node, String diskDirectory, String snapshotDirectory, boolean compress, boolean guestPaused) {
        List<String> command = new ArrayList<>(List.of("qemu-img", "convert", "-t", "writeback"));
        if (guestPaused) {
            command.add("-U");
        }
        command.addAll(List.of("-f", "raw", "-O", "qcow2"));
        if (compress) {
            command.add("-c");
        }
        command.add(SOURCE + "/" + VolumePool.DISK_FILE);
        command.add(SNAPSHOT + "/" + VolumePool.SNAPSHOT_FILE);
        run(namespace, node, "snapshot", "copying " + node + ":" + diskDirectory + "/" + VolumePool.DISK_FILE + " to "
                        + snapshotDirectory + "/" + VolumePool.SNAPSHOT_FILE,
                List.of(new NodeJob.Mount(diskDirectory, SOURCE, true), new NodeJob.Mount(snapshotDirectory, SNAPSHOT, true)),
                List.of(new NodeJob.Step("convert", command)));
    }

    /** Checksum, size and qemu-img's view of a snapshot file; the three steps only read it. */
    Inspection inspect(String namespace, String node, String snapshotDirectory) {
        String file = SNAPSHOT + "/" + VolumePool.SNAPSHOT_FILE;
        Map<String, String> out = run(namespace, node, "snapshot-check", "checking " + node + ":" + snapshotDirectory + "/"
                        + VolumePool.SNAPSHOT_FILE,
                List.of(new NodeJob.Mount(snapshotDirectory, SNAPSHOT, true)),
                List.of(new NodeJob.Step("sha256", List.of("sha256sum", file)),
                        new NodeJob.Step("size", List.of("stat", "-c", "%s", file)),
                        new NodeJob.Step("info", List.of("qemu-img", "info", "--output=json", file))));
        Matcher sha = SHA256.matcher(out.getOrDefault("sha256", ""));
        if (!sha.find()) {
            throw new EdgeVmException("sha256sum of " + node + ":" + snapshotDirectory + " printed no checksum: " + out.get("sha256"));
        }
        long size;
        try {
            size = Long.parseLong(out.getOrDefault("size", "").strip());
        } catch (NumberFormatException e) {
            throw new EdgeVmException("stat of " + node + ":" + snapshotDirectory + " printed no size: " + out.get("size"));
        }
        JsonNode info;
        try {
            info = JSON.readTree(out.getOrDefault("info", ""));
        } catch (RuntimeException e) {
            throw new EdgeVmException("qemu-img info of " + node + ":" + snapshotDirectory + " printed no JSON: " + out.get("info"));
        }
        String format = info.path("format").asString("");
        if (!"qcow2".equals(format) || !info.path("virtual-size").isNumber()) {
            throw new EdgeVmException("the copy " + node + ":" + snapshotDirectory + "/" + VolumePool.SNAPSHOT_FILE
                    + " is not a qcow2 image according to qemu-img info: " + out.get("info"));
        }
        return new Inspection(sha.group(1), size, info.path("virtual-size").asLong(), format);
    }

    /** {@code qemu-img convert -f qcow2 -O raw snapshot.qcow2 disk.img} into an empty volume directory. */
    void toDisk(String namespace, String node, String snapshotDirectory, String diskDirectory) {
        run(namespace, node, "restore", "copying " + node + ":" + snapshotDirectory + "/" + VolumePool.SNAPSHOT_FILE + " to "
                        + diskDirectory + "/" + VolumePool.DISK_FILE,
                List.of(new NodeJob.Mount(snapshotDirectory, SNAPSHOT, true), new NodeJob.Mount(diskDirectory, TARGET, true)),
                List.of(new NodeJob.Step("convert", List.of("qemu-img", "convert", "-t", "writeback", "-f", "qcow2", "-O", "raw",
                        SNAPSHOT + "/" + VolumePool.SNAPSHOT_FILE, TARGET + "/" + VolumePool.DISK_FILE))));
    }

    /**
     * Makes the snapshot file also {@code disk.img} of its volume, a hard link (no copy, no space):
     * KubeVirt's export server serves a claim's {@code disk.img}.
     */
    void linkForExport(String namespace, String node, String snapshotDirectory) {
        run(namespace, node, "snapshot-link", "linking " + node + ":" + snapshotDirectory + "/" + VolumePool.SNAPSHOT_FILE
                        + " as " + VolumePool.DISK_FILE,
                List.of(new NodeJob.Mount(snapshotDirectory, SNAPSHOT, true)),
                List.of(new NodeJob.Step("link", List.of("cp", "--link", "--force", SNAPSHOT + "/" + VolumePool.SNAPSHOT_FILE,
                        SNAPSHOT + "/" + VolumePool.DISK_FILE))));
    }

    private Map<String, String> run(String namespace, String node, String purpose, String what, List<NodeJob.Mount> mounts,
                                    List<NodeJob.Step> steps) {
        Settings s = settings.get();
        NodeJob.Spec spec = new NodeJob.Spec(namespace, node, jobs.hostnameOf(node), purpose, s.image(),
                "set StorageConfig.qemuImgImage to an image the node can pull that provides qemu-img", s.timeout(), s.pullGrace(), 0,
                mounts, steps, Map.of(), List.of());
        return jobs.run(spec, what, output -> {
            Map<String, String> logs = new LinkedHashMap<>();
            steps.forEach(step -> logs.put(step.name(), output.log(step.name())));
            return logs;
        });
    }
}
