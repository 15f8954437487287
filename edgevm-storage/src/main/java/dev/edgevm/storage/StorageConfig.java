package dev.edgevm.storage;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.upload.UploadTls;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Settings of {@link EdgeStorage}: the volume pool's layout, where uploads go and how they are
 * trusted, and how long each stage may take. By default the upload proxy's URL and CA are read
 * from the cluster (CDIConfig's status), and TLS is verified against that CA.
 *
 * <pre>{@code
 * EdgeStorage.of(edge).configure(c -> c
 *         .pool(PoolConfig.builder().maxVolumesPerNode(32).build())
 *         .uploadProxyUrl(URI.create("https://10.0.0.5:443"))       // runbook: --uploadproxy-url
 *         .uploadTls(UploadTls.trusting(caPem)));                  // or UploadTls.insecure(): --insecure, warns
 * }</pre>
 */
@Value.Immutable
@EdgeVmStyle
public abstract class StorageConfig {

    private static final StorageConfig DEFAULTS = builder().build();

    @Value.Default
    public PoolConfig pool() {
        return PoolConfig.defaults();
    }

    /** The upload proxy's URL instead of CDIConfig's {@code status.uploadProxyURL}. */
    public abstract Optional<URI> uploadProxyUrl();

    /** How to trust the upload proxy instead of CDIConfig's {@code status.uploadProxyCA}. */
    public abstract Optional<UploadTls> uploadTls();

    /** The namespace CDI is installed in, where its upload proxy CA bundle is; default {@code cdi}. */
    @Value.Default
    public String cdiNamespace() {
        return "cdi";
    }

    /** The image of the Jobs that wipe volume directories on nodes (it must provide {@code rm}). */
    @Value.Default
    public String jobImage() {
        return "docker.io/library/busybox:1.36";
    }

    /**
     * The image of the Jobs that copy disks for snapshots on their node; it must provide
     * {@code qemu-img}, {@code sha256sum}, {@code stat} and {@code cp}. CDI's importer image ships
     * all of them (qemu-img and coreutils).
     */
    @Value.Default
    public String qemuImgImage() {
        return "quay.io/kubevirt/cdi-importer:v1.66.0";
    }

    /**
     * How long one disk copy of a snapshot or restore may take: a {@code qemu-img convert} on the
     * node, or KubeVirt's VirtualMachineRestore on CSI storage. A node-local restore's moves of a
     * claim onto its new volume wait as long.
     */
    @Value.Default
    public Duration snapshotCopyTimeout() {
        return Duration.ofHours(1);
    }

    /**
     * How long KubeVirt may take a snapshot on CSI storage: written as the VirtualMachineSnapshot's
     * {@code spec.failureDeadline}, so KubeVirt fails the snapshot then (e.g. when the storage keeps
     * refusing it) and the wait ends with KubeVirt's reason. Default 5 minutes, KubeVirt's own default.
     */
    @Value.Default
    public Duration csiSnapshotTimeout() {
        return Duration.ofMinutes(5);
    }

    /**
     * How long a pod of the Jobs on nodes (volume wipes, snapshot copies) may keep failing to pull
     * its image ({@code ErrImagePull}, {@code ImagePullBackOff}) before the Job is given up. Kubelets
     * report the same for a registry that is briefly down, so these are waited out this long.
     */
    @Value.Default
    public Duration jobPullGrace() {
        return Duration.ofMinutes(2);
    }

    /** How long an upload pod may take to become ready. */
    @Value.Default
    public Duration uploadPodTimeout() {
        return Duration.ofMinutes(5);
    }

    /** How long CDI may take to process an image once it has it (conversion to raw, resizing). */
    @Value.Default
    public Duration processingTimeout() {
        return Duration.ofMinutes(30);
    }

    /** How long deletions (CSI snapshot and restore objects included) and wipe Jobs may take. */
    @Value.Default
    public Duration cleanupTimeout() {
        return Duration.ofMinutes(5);
    }

    /** How many times an upload is sent (from byte 0) before its failure is final. */
    @Value.Default
    public int uploadAttempts() {
        return 5;
    }

    public static StorageConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().from(this);
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        v.require(pool() != null, "pool", Violations.MISSING);
        uploadProxyUrl().ifPresent(u -> v.require("https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null,
                "uploadProxyUrl", "'" + u + "' is not an https URL with a host, e.g. https://10.0.0.5:443"));
        if (cdiNamespace() == null) {
            v.add("cdiNamespace", Violations.MISSING);
        } else {
            KubernetesNames.checkLabelName(v, "cdiNamespace", cdiNamespace());
        }
        v.require(jobImage() != null && !jobImage().isBlank() && jobImage().chars().noneMatch(Character::isWhitespace),
                "jobImage", "must be a container image reference, e.g. docker.io/library/busybox:1.36");
        v.require(qemuImgImage() != null && !qemuImgImage().isBlank() && qemuImgImage().chars().noneMatch(Character::isWhitespace),
                "qemuImgImage", "must be a container image reference that provides qemu-img, e.g. quay.io/kubevirt/cdi-importer:v1.66.0");
        positive(v, "snapshotCopyTimeout", snapshotCopyTimeout());
        positive(v, "csiSnapshotTimeout", csiSnapshotTimeout());
        positive(v, "jobPullGrace", jobPullGrace());
        positive(v, "uploadPodTimeout", uploadPodTimeout());
        positive(v, "processingTimeout", processingTimeout());
        positive(v, "cleanupTimeout", cleanupTimeout());
        v.require(uploadAttempts() >= 1 && uploadAttempts() <= 100, "uploadAttempts", "must be between 1 and 100, was " + uploadAttempts());
        v.throwIfAny("StorageConfig");
    }

    private static void positive(Violations v, String path, Duration d) {
        v.require(d != null && !d.isNegative() && !d.isZero(), path, "must be a positive duration");
    }

    public static final class Builder extends ImmutableStorageConfig.Builder implements SpecBuilder<StorageConfig> {}
}
