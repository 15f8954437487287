package dev.edgevm.benchmarks.upload;

import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.Empty;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.model.cdi.DataVolumeSource;
import dev.edgevm.kubevirt.model.cdi.DataVolumeSpec;
import dev.edgevm.kubevirt.model.cdi.StorageSpec;
import dev.edgevm.kubevirt.model.cdi.UploadTokenRequest;
import dev.edgevm.kubevirt.model.cdi.UploadTokenRequestSpec;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.pool.VolumeRequest;
import dev.edgevm.storage.pool.VolumeRole;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded cluster in a process of its own, serving its CDI upload proxy to the throughput
 * benchmark, so that the benchmark's JVM holds the uploading client alone. Prints
 * {@code URL <upload URL>} once, then for every {@code NEXT <bytes>} line on stdin makes a fresh
 * upload DataVolume for that many bytes (CDI takes one upload per DataVolume) on pool volumes and
 * prints {@code TOKEN <token>} once its upload pod is ready: a token from an UploadTokenRequest, as
 * {@code virtctl} and the SDK get theirs. The previous DataVolume is deleted first, so the node's
 * disk does not fill up. Argument: the file to write the proxy's CA to.
 */
public final class EmbeddedUploadTarget {

    private EmbeddedUploadTarget() {}

    public static void main(String[] args) throws Exception {
        Path caFile = Path.of(args[0]);
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            KubernetesClient client = cluster.client();
            Files.writeString(caFile, cluster.certificateAuthorityPem());
            System.out.println("URL " + cluster.uploadProxyUrl() + "/v1beta1/upload-async");
            System.out.flush();
            EdgeStorage storage = EdgeStorage.of(edge);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String previous = null;
            int n = 0;
            for (String line = in.readLine(); line != null && line.startsWith("NEXT "); line = in.readLine()) {
                if (previous != null) {
                    discard(client, storage, previous);
                }
                String dv = "bench-" + n++;
                createUploadTarget(client, storage, dv, Long.parseLong(line.substring(5).trim()));
                System.out.println("TOKEN " + token(client, dv));
                System.out.flush();
                previous = dv;
            }
        }
    }

    /** Pool volumes for the DataVolume and CDI's scratch claim, the DataVolume, and its upload pod ready. */
    private static void createUploadTarget(KubernetesClient client, EdgeStorage storage, String dv, long bytes) {
        Quantity size = Quantity.ofBytes(((bytes >> 20) + 64) << 20);
        VolumeOwner owner = VolumeOwner.of("default", dv);
        ClaimRef claim = ClaimRef.of("default", dv);
        Quantity capacity = Quantity.ofBytes(size.bytes() * 2);
        storage.pool().allocate(VolumeRequest.builder().node("node01").owner(owner).size(capacity).claim(claim).build());
        storage.pool().allocate(VolumeRequest.builder().node("node01").owner(owner).role(VolumeRole.SCRATCH).size(capacity)
                .claim(claim.scratch()).build());
        DataVolume manifest = new DataVolume();
        manifest.setMetadata(new ObjectMetaBuilder().withName(dv).withNamespace("default").build());
        manifest.setSpec(new DataVolumeSpec(new DataVolumeSource(Empty.INSTANCE, null, null), new StorageSpec(
                List.of("ReadWriteOnce"), "Filesystem", new VolumeResourceRequirementsBuilder()
                .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity(size.toString())).build(),
                "local-storage", null), null, null, null));
        client.resources(DataVolume.class).inNamespace("default").resource(manifest).create();
        client.persistentVolumeClaims().inNamespace("default").withName(dv).waitUntilCondition(pvc -> pvc != null
                && pvc.getMetadata().getAnnotations() != null
                && "true".equals(pvc.getMetadata().getAnnotations().get("cdi.kubevirt.io/storage.pod.ready")), 2, TimeUnit.MINUTES);
    }

    private static String token(KubernetesClient client, String claim) {
        UploadTokenRequest request = new UploadTokenRequest();
        request.setMetadata(new ObjectMetaBuilder().withName(claim).withNamespace("default").build());
        request.setSpec(new UploadTokenRequestSpec(claim));
        return client.resources(UploadTokenRequest.class).inNamespace("default").resource(request).create().getStatus().token();
    }

    /** Waits for CDI to finish the last upload, then deletes its DataVolume and frees its volumes (wiping the disk). */
    private static void discard(KubernetesClient client, EdgeStorage storage, String dv) {
        client.resources(DataVolume.class).inNamespace("default").withName(dv).waitUntilCondition(d -> d != null
                && d.getStatus() != null && "Succeeded".equals(d.getStatus().phase()), 5, TimeUnit.MINUTES);
        client.resources(DataVolume.class).inNamespace("default").withName(dv).delete();
        client.persistentVolumeClaims().inNamespace("default").withName(dv).waitUntilCondition(p -> p == null, 2, TimeUnit.MINUTES);
        client.persistentVolumeClaims().inNamespace("default").withName(dv + "-scratch").waitUntilCondition(p -> p == null, 2, TimeUnit.MINUTES);
        storage.pool().release(VolumeOwner.of("default", dv));
    }
}
