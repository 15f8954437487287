package dev.edgevm.storage.testing;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The files behind a claim on an embedded node: where its volume's directory is, and writing into its disk. */
public final class ClaimFiles {

    private ClaimFiles() {}

    /** The directory of the volume bound to the claim, on the volume's node. */
    public static Path directory(EmbeddedEdgeCluster cluster, String namespace, String claim) {
        PersistentVolumeClaim pvc = cluster.client().persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
        return volumeDirectory(cluster, pvc.getSpec().getVolumeName());
    }

    public static Path volumeDirectory(EmbeddedEdgeCluster cluster, String volume) {
        PersistentVolume pv = cluster.client().persistentVolumes().withName(volume).get();
        String node = pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0).getMatchExpressions().get(0)
                .getValues().get(0);
        String path = pv.getSpec().getLocal() != null ? pv.getSpec().getLocal().getPath()
                : pv.getSpec().getHostPath() != null ? pv.getSpec().getHostPath().getPath()
                : "/var/lib/edgevm-csi/volumes/" + volume;
        return cluster.nodeRoot(node).resolve(path.substring(1));
    }

    public static Path disk(EmbeddedEdgeCluster cluster, String namespace, String claim) {
        return directory(cluster, namespace, claim).resolve("disk.img");
    }

    /** Overwrites the start of the file with {@code bytes}, as a guest writing to its disk would. */
    public static void write(Path file, byte[] bytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
