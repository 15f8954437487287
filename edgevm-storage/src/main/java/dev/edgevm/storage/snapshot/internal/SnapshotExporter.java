package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.Condition;
import dev.edgevm.kubevirt.model.export.VirtualMachineExport;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportLink;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportSpec;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportStatus;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportVolume;
import dev.edgevm.kubevirt.model.export.VirtualMachineExportVolumeFormat;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.image.DiskImageInfo;
import dev.edgevm.storage.image.DiskImages;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotDownload;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Downloads a snapshot disk through KubeVirt's VirtualMachineExport: an export of the claim
 * holding it (node-local: the snapshot volume, its file linked as the {@code disk.img} KubeVirt's
 * exporter serves) or of the VirtualMachineSnapshot (CSI), waited for until Ready; the raw link
 * fetched with the export's token over TLS verified against the export's CA, into a temporary
 * file beside the target that replaces it only once complete and checked. The export goes
 * afterwards, whatever happened.
 */
final class SnapshotExporter {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    private final ClusterAccess cluster;
    private final Await await;
    private final boolean inCluster;

    /** @param inCluster whether this client runs inside the cluster, where the export's internal link is reachable */
    SnapshotExporter(ClusterAccess cluster, boolean inCluster) {
        this.cluster = cluster;
        this.await = new Await(cluster);
        this.inCluster = inCluster;
    }

    /** Checks the target before anything is sent: its directory exists and it is not a directory itself. */
    static void checkTarget(Path file) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw InvalidSpecException.of("export", "file", absolute + " is a directory; name the file to write, e.g. "
                    + absolute.resolve("snapshot.qcow2"));
        }
        if (absolute.getParent() == null || !Files.isDirectory(absolute.getParent())) {
            throw InvalidSpecException.of("export", "file", "the directory of " + absolute + " does not exist");
        }
    }

    /**
     * Exports {@code source} (a PersistentVolumeClaim or a VirtualMachineSnapshot) and downloads its
     * volume {@code volume} into {@code file}, comparing it with {@code expectedSha256} when given.
     */
    SnapshotDownload download(Snapshot snapshot, SnapshotDisk disk, String sourceKind, String sourceName, String volume,
                              Optional<String> expectedSha256, String expectedFormat, Path file, ProgressListener progress) {
        String namespace = snapshot.namespace();
        String operation = "export of snapshot " + namespace + "/" + snapshot.name() + " disk " + disk.disk();
        String name = exportName(snapshot.name());
        VirtualMachineExport export = new VirtualMachineExport();
        export.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .addToLabels(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE)
                .addToLabels(dev.edgevm.storage.snapshot.SnapshotLabels.SNAPSHOT, snapshot.name()).build());
        String group = "VirtualMachineSnapshot".equals(sourceKind) ? "snapshot.kubevirt.io" : "";
        export.setSpec(new VirtualMachineExportSpec(new TypedLocalObjectReference(group, sourceKind, sourceName), null, "1h"));
        ObjectRef ref = ObjectRef.of("VirtualMachineExport", namespace, name);
        Path partial = file.toAbsolutePath().resolveSibling(file.getFileName() + ".part");
        requireExportApi();
        cluster.call("create", ref, () -> cluster.client().resources(VirtualMachineExport.class).inNamespace(namespace)
                .resource(export).create());
        try {
            progress.onProgress(Progress.step(operation, "exporting", "VirtualMachineExport " + name + " of " + sourceKind + " "
                    + sourceName));
            VirtualMachineExportStatus status = awaitReady(namespace, name);
            VirtualMachineExportLink link = ExportLinks.choose(status.links(), inCluster, namespace + "/" + name);
            URI url = URI.create(rawUrl(link, volume, namespace, name));
            String token = token(namespace, status.tokenSecretRef());
            ExportDownload.Result result = ExportDownload.fetch(url, link.cert(), token, partial, operation, progress);
            if (expectedSha256.isPresent() && !expectedSha256.get().equalsIgnoreCase(result.sha256())) {
                throw new EdgeVmException("the download of " + operation + " has SHA-256 " + result.sha256() + " but the snapshot"
                        + " recorded " + expectedSha256.get() + " when it was taken: the file is corrupt in transit or on the node;"
                        + " it was discarded, try again");
            }
            DiskImageInfo info = DiskImages.probe(partial);
            if (!expectedFormat.equals(info.format())) {
                throw new EdgeVmException("the download of " + operation + " is a " + info.format() + " image, not " + expectedFormat);
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return SnapshotDownload.builder().file(file).disk(disk.disk()).format(info.format()).bytes(result.bytes())
                    .sha256(result.sha256()).checksumVerified(expectedSha256.isPresent()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
            delete(namespace, name);
        }
    }

    /** KubeVirt serves VirtualMachineExports only with its export feature; say so instead of a bare 404 on create. */
    private void requireExportApi() {
        boolean served = cluster.call("discover", ObjectRef.clusterScoped("APIResourceList", "export.kubevirt.io/v1"),
                () -> cluster.client().supports(VirtualMachineExport.class));
        if (!served) {
            throw new EdgeVmException("the cluster does not serve VirtualMachineExports (export.kubevirt.io/v1 virtualmachineexports),"
                    + " which downloads go through: use a KubeVirt with VM exports (v1.0 or later) and enable its VMExport feature gate"
                    + " (KubeVirt CR spec.configuration.developerConfiguration.featureGates)");
        }
    }

    private VirtualMachineExportStatus awaitReady(String namespace, String name) {
        AtomicBoolean statusSeen = new AtomicBoolean();
        try {
            return await.until("VirtualMachineExport " + namespace + "/" + name + " to be Ready", READY_TIMEOUT,
                    VirtualMachineExport.class, namespace, name, cached -> {
                        if (cached.isEmpty()) {
                            return Await.Outcome.waiting("not seen yet");
                        }
                        VirtualMachineExportStatus status = cached.get().getStatus();
                        if (status == null) {
                            return Await.Outcome.waiting("no status yet");
                        }
                        statusSeen.set(true);
                        if ("Ready".equals(status.phase()) && status.links() != null
                                && (status.links().external() != null || status.links().internal() != null)) {
                            return Await.Outcome.success(status);
                        }
                        if ("Terminated".equals(status.phase()) || "Skipped".equals(status.phase())) {
                            return Await.Outcome.failure(new EdgeVmException("VirtualMachineExport " + namespace + "/" + name + " is "
                                    + status.phase() + ": " + describe(status.conditions())));
                        }
                        return Await.Outcome.waiting("phase " + status.phase() + ", " + describe(status.conditions()));
                    });
        } catch (WaitTimeoutException timedOut) {
            if (statusSeen.get()) {
                throw timedOut;
            }
            throw new EdgeVmException("KubeVirt did not take up VirtualMachineExport " + namespace + "/" + name + " within "
                    + READY_TIMEOUT.toMinutes() + " min (it has no status): its VMExport feature gate is probably off; enable it in"
                    + " the KubeVirt CR (spec.configuration.developerConfiguration.featureGates)", timedOut);
        }
    }

    private static String rawUrl(VirtualMachineExportLink link, String volume, String namespace, String export) {
        List<VirtualMachineExportVolume> volumes = link.volumes() == null ? List.of() : link.volumes();
        return volumes.stream().filter(v -> volume.equals(v.name())).findFirst()
                .flatMap(v -> v.formats() == null ? Optional.empty()
                        : v.formats().stream().filter(f -> "raw".equals(f.format())).map(VirtualMachineExportVolumeFormat::url).findFirst())
                .orElseThrow(() -> new EdgeVmException("VirtualMachineExport " + namespace + "/" + export + " offers no raw download"
                        + " of volume " + volume + " (volumes: " + volumes.stream().map(VirtualMachineExportVolume::name)
                        .collect(Collectors.joining(", ")) + ")"));
    }

    private String token(String namespace, String secretName) {
        ObjectRef ref = ObjectRef.of("Secret", namespace, secretName);
        Secret secret = cluster.call("get", ref, () -> cluster.client().secrets().inNamespace(namespace).withName(secretName).get());
        String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(VirtualMachineExport.TOKEN_KEY);
        if (encoded == null) {
            throw new EdgeVmException("the export's token Secret " + namespace + "/" + secretName + " has no token");
        }
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private void delete(String namespace, String name) {
        boolean interrupted = Thread.interrupted();
        try {
            ObjectRef ref = ObjectRef.of("VirtualMachineExport", namespace, name);
            cluster.run("delete", ref, () -> cluster.client().resources(VirtualMachineExport.class).inNamespace(namespace)
                    .withName(name).delete());
            await.gone("VirtualMachineExport " + namespace + "/" + name + " to be deleted", READY_TIMEOUT, VirtualMachineExport.class,
                    namespace, name, () -> cluster.call("get", ref, () -> cluster.client().resources(VirtualMachineExport.class)
                            .inNamespace(namespace).withName(name).get()));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Export names become the Service {@code virt-export-<name>}, a DNS label of at most 63 characters. */
    static String exportName(String snapshot) {
        String suffix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        suffix = suffix.substring(0, Math.min(5, suffix.length()));
        String base = snapshot.length() > 40 ? snapshot.substring(0, 40) : snapshot;
        return (base + "-").replaceAll("-+$", "-") + suffix;
    }

    private static String describe(List<Condition> conditions) {
        if (conditions == null || conditions.isEmpty()) {
            return "no conditions";
        }
        return conditions.stream().map(c -> c.type() + "=" + c.status() + (c.reason() == null || c.reason().isEmpty() ? "" : " " + c.reason())
                + (c.message() == null || c.message().isEmpty() ? "" : ": " + c.message())).collect(Collectors.joining(", "));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover .part file is harmless and named after its target
        }
    }
}
