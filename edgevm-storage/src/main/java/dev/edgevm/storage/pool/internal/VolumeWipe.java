package dev.edgevm.storage.pool.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.nodejob.NodeJob;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes the disk files of volume directories on one node: a {@link NodeJob} mounts each
 * directory and runs {@code rm -f} on {@code disk.img}, CDI's scratch file and a snapshot file.
 * This is the runbook's {@code rm /var/vd/vol<N>/disk.img}, without logging into the node.
 */
final class VolumeWipe {

    private static final String WIPE_LABEL = "edgevm.dev/wipe";

    private final NodeJob jobs;

    VolumeWipe(ClusterAccess cluster) {
        this.jobs = new NodeJob(cluster);
    }

    /**
     * The Job's settings: the image providing {@code rm}, the namespace it runs in, how long it may
     * take, how long its pod may fail to pull the image.
     */
    record Settings(String image, String namespace, Duration timeout, Duration pullGrace) {}

    /**
     * Wipes the volumes' directories on {@code node}. The Job names the volumes, with their UIDs,
     * as its owners: it belongs to exactly these volumes, and goes with them.
     *
     * @param deadline how long the Job's pod may run at most
     * @throws EdgeVmException naming the node and the pod's reason when the Job fails
     */
    void wipe(String node, String hostname, List<PersistentVolume> volumes, Settings settings, Duration deadline) {
        if (volumes.isEmpty()) {
            return;
        }
        List<String> paths = volumes.stream().map(PoolVolumes::path).distinct().toList();
        List<String> command = new ArrayList<>(List.of("rm", "-f"));
        List<NodeJob.Mount> mounts = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String mount = "/wipe/" + i;
            for (String file : PoolVolumes.wipedFiles()) {
                command.add(mount + "/" + file);
            }
            mounts.add(new NodeJob.Mount(paths.get(i), mount, false));
        }
        List<OwnerReference> owners = volumes.stream().map(pv -> new OwnerReferenceBuilder().withApiVersion("v1")
                .withKind("PersistentVolume").withName(pv.getMetadata().getName()).withUid(pv.getMetadata().getUid()).build()).toList();
        NodeJob.Spec spec = new NodeJob.Spec(settings.namespace(), node, hostname, "wipe", settings.image(),
                "set StorageConfig.jobImage to an image the node can pull that provides rm", deadline, settings.pullGrace(), 2, mounts,
                List.of(new NodeJob.Step("wipe", command)), Map.of(WIPE_LABEL, node.length() <= 63 ? node : "node"), owners);
        try {
            jobs.run(spec, "wiping " + String.join(", ", paths), output -> null);
        } catch (EdgeVmException e) {
            throw new EdgeVmException(e.getMessage() + "; the volumes " + volumes.stream().map(pv -> pv.getMetadata().getName()).toList()
                    + " are kept so their data is not handed out again: fix the cause and release them again", e);
        }
    }
}
