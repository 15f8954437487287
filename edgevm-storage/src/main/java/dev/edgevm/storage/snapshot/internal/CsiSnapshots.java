package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.Condition;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineRestore;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineRestoreSpec;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineRestoreStatus;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshot;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshotSpec;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshotStatus;
import dev.edgevm.kubevirt.model.snapshot.VolumeRestore;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.StorageConfig;
import dev.edgevm.storage.internal.Rollback;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotLabels;
import dev.edgevm.storage.snapshot.SnapshotOptions;
import dev.edgevm.storage.snapshot.SnapshotRestore;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of VMs on CSI storage, by KubeVirt: a VirtualMachineSnapshot with a
 * {@code failureDeadline}, waited for until {@code readyToUse} (or KubeVirt fails it), and restores into the VM itself by a VirtualMachineRestore
 * with the InPlace volume policy, so the VM keeps its claim names and spec. KubeVirt's error and
 * indications are passed on.
 */
final class CsiSnapshots {

    private static final Logger LOG = LoggerFactory.getLogger(CsiSnapshots.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Beyond the snapshot's failureDeadline, so that KubeVirt's own verdict, with its reason, comes first. */
    private static final Duration VERDICT_MARGIN = Duration.ofMinutes(1);

    private final ClusterAccess cluster;
    private final CsiRecords records;
    private final VmGuard guard;
    private final Await await;
    private final Supplier<StorageConfig> config;

    /**
     * @param config read on every call: how long KubeVirt may take a snapshot (its {@code failureDeadline}),
     *     a restore (a copy of the disk) and a deletion
     */
    CsiSnapshots(ClusterAccess cluster, CsiRecords records, VmGuard guard, Supplier<StorageConfig> config) {
        this.cluster = cluster;
        this.records = records;
        this.guard = guard;
        this.await = new Await(cluster);
        this.config = config;
    }

    Snapshot take(String namespace, String vm, String name, SnapshotOptions options, ProgressListener progress) {
        String operation = "snapshot " + namespace + "/" + name + " of VM " + vm;
        Rollback rollback = new Rollback(operation);
        VirtualMachineSnapshot ready;
        Duration deadline = config.get().csiSnapshotTimeout();
        try (VmGuard.Hold hold = guard.forSnapshot(namespace, vm, options.pausedOk())) {
            VirtualMachineSnapshot snapshot = render(namespace, vm, name, deadline);
            ObjectRef ref = ObjectRef.of("VirtualMachineSnapshot", namespace, name);
            cluster.call("create", ref, () -> cluster.client().resources(VirtualMachineSnapshot.class).inNamespace(namespace)
                    .resource(snapshot).create());
            rollback.done("VirtualMachineSnapshot " + name, () -> delete(namespace, name));
            progress.onProgress(Progress.step(operation, "requested", "VirtualMachineSnapshot " + name + " created; KubeVirt"
                    + " takes a VolumeSnapshot of each disk"));
            ready = awaitReady(namespace, name, deadline.plus(VERDICT_MARGIN));
        } catch (RuntimeException e) {
            throw rollback.undo(e);
        }
        Snapshot result = records.read(ready);
        if (result.indications().contains("Partial")) {
            LOG.warn("{}: KubeVirt left some volumes out (indication Partial): {}; the VM's status.volumeSnapshotStatuses say why",
                    operation, excluded(ready.getStatus()));
        }
        progress.onProgress(Progress.step(operation, "ready", result.disks().size() + " disk(s)"
                + (result.indications().isEmpty() ? "" : ", indications " + result.indications())));
        return result;
    }

    /** The VirtualMachineSnapshot of a VM, which KubeVirt fails once {@code deadline} has passed since its creation. */
    static VirtualMachineSnapshot render(String namespace, String vm, String name, Duration deadline) {
        VirtualMachineSnapshot snapshot = new VirtualMachineSnapshot();
        snapshot.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .addToLabels(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE).addToLabels(EdgeVmLabels.VM, vm)
                .addToLabels(SnapshotLabels.SNAPSHOT, name).build());
        snapshot.setSpec(new VirtualMachineSnapshotSpec(new TypedLocalObjectReference("kubevirt.io", "VirtualMachine", vm), null,
                kubernetesDuration(deadline)));
        return snapshot;
    }

    /**
     * A duration as Kubernetes writes one ({@code metav1.Duration}, Go's format): {@code 5m0s},
     * {@code 1h0m0s}, {@code 45s}. Whole seconds, rounded up, so the deadline is never shorter than asked.
     */
    static String kubernetesDuration(Duration d) {
        long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(seconds % 60).append('s').toString();
    }

    private VirtualMachineSnapshot awaitReady(String namespace, String name, Duration wait) {
        return await.until("VirtualMachineSnapshot " + namespace + "/" + name + " to be ready to use", wait,
                VirtualMachineSnapshot.class, namespace, name, cached -> {
                    if (cached.isEmpty()) {
                        return Await.Outcome.waiting("not seen yet");
                    }
                    VirtualMachineSnapshotStatus status = cached.get().getStatus();
                    if (status == null) {
                        return Await.Outcome.waiting("no status yet");
                    }
                    if (Boolean.TRUE.equals(status.readyToUse()) && "Succeeded".equals(status.phase())) {
                        return Await.Outcome.success(cached.get());
                    }
                    if ("Failed".equals(status.phase())) {
                        return Await.Outcome.failure(new EdgeVmException("KubeVirt could not take VirtualMachineSnapshot " + namespace
                                + "/" + name + ": " + failure(cached.get())));
                    }
                    return Await.Outcome.waiting("phase " + status.phase() + ", " + conditions(status.conditions())
                            + (status.error() == null ? "" : ", error " + status.error().message()));
                });
    }

    /**
     * Why KubeVirt failed a snapshot: its Failure condition (KubeVirt fails a snapshot only when its
     * deadline has passed), the deadline, and the last error the storage reported, if any.
     */
    private static String failure(VirtualMachineSnapshot snapshot) {
        VirtualMachineSnapshotStatus status = snapshot.getStatus();
        String deadline = snapshot.getSpec() == null ? null : snapshot.getSpec().failureDeadline();
        return condition(status.conditions(), "Failure").map(CsiSnapshots::text).orElse("phase Failed")
                + (deadline == null ? "" : " (failureDeadline " + deadline + ", StorageConfig.csiSnapshotTimeout)")
                + (status.error() == null || status.error().message() == null ? "" : "; the last error: " + status.error().message());
    }

    boolean delete(String namespace, String name) {
        ObjectRef ref = ObjectRef.of("VirtualMachineSnapshot", namespace, name);
        if (records.get(namespace, name).isEmpty()) {
            return false;
        }
        for (VirtualMachineRestore restore : cluster.call("list", ObjectRef.of("VirtualMachineRestore", namespace, null), () -> cluster
                .client().resources(VirtualMachineRestore.class).inNamespace(namespace).withLabel(SnapshotLabels.SNAPSHOT, name)
                .list().getItems())) {
            deleteRestore(namespace, restore.getMetadata().getName());
        }
        cluster.run("delete", ref, () -> cluster.client().resources(VirtualMachineSnapshot.class).inNamespace(namespace)
                .withName(name).delete());
        await.gone("VirtualMachineSnapshot " + namespace + "/" + name + " to be deleted", config.get().cleanupTimeout(), VirtualMachineSnapshot.class,
                namespace, name, () -> records.get(namespace, name).orElse(null));
        return true;
    }

    /** A VirtualMachineRestore of the snapshot into its own VM, keeping the claims' names (InPlace). */
    SnapshotRestore restore(Snapshot snapshot, ProgressListener progress) {
        String namespace = snapshot.namespace();
        guard.requireStopped(namespace, snapshot.vm(), "restore");
        String name = restoreName(snapshot.name());
        String operation = "restore of snapshot " + namespace + "/" + snapshot.name() + " into VM " + snapshot.vm();
        VirtualMachineRestore restore = new VirtualMachineRestore();
        restore.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .addToLabels(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE).addToLabels(EdgeVmLabels.VM, snapshot.vm())
                .addToLabels(SnapshotLabels.SNAPSHOT, snapshot.name()).build());
        for (SnapshotDisk disk : snapshot.disks()) {
            prePopulateOwner(namespace, disk.claim());
        }
        VirtualMachineRestoreSpec defaults = VirtualMachineRestoreSpec.of(snapshot.vm(), snapshot.name());
        restore.setSpec(new VirtualMachineRestoreSpec(defaults.target(), defaults.virtualMachineSnapshotName(), "FailImmediate",
                "InPlace", null));
        ObjectRef ref = ObjectRef.of("VirtualMachineRestore", namespace, name);
        cluster.call("create", ref, () -> cluster.client().resources(VirtualMachineRestore.class).inNamespace(namespace)
                .resource(restore).create());
        progress.onProgress(Progress.step(operation, "requested", "VirtualMachineRestore " + name + " created"));
        VirtualMachineRestore done;
        try {
            done = await.until("VirtualMachineRestore " + namespace + "/" + name + " to complete", config.get().snapshotCopyTimeout(), VirtualMachineRestore.class,
                    namespace, name, cached -> {
                        if (cached.isEmpty()) {
                            return Await.Outcome.waiting("not seen yet");
                        }
                        VirtualMachineRestoreStatus status = cached.get().getStatus();
                        if (status == null) {
                            return Await.Outcome.waiting("no status yet");
                        }
                        if (Boolean.TRUE.equals(status.complete())) {
                            return Await.Outcome.success(cached.get());
                        }
                        Optional<Condition> failure = condition(status.conditions(), "Failure");
                        if (failure.isPresent()) {
                            return Await.Outcome.failure(new EdgeVmException("KubeVirt could not restore snapshot " + namespace + "/"
                                    + snapshot.name() + " into VM " + snapshot.vm() + ": " + text(failure.get())));
                        }
                        return Await.Outcome.waiting(conditions(status.conditions()));
                    });
        } catch (RuntimeException e) {
            deleteRestore(namespace, name);
            throw e;
        }
        SnapshotRestore.Builder result = SnapshotRestore.builder().namespace(namespace).vm(snapshot.vm()).snapshot(snapshot.name());
        List<VolumeRestore> restores = done.getStatus().restores() == null ? List.of() : done.getStatus().restores();
        for (VolumeRestore r : restores) {
            result.claim(r.volumeName(), r.persistentVolumeClaim());
            claimVolume(namespace, r.persistentVolumeClaim()).ifPresent(v -> result.volume(r.volumeName(), v));
        }
        progress.onProgress(Progress.step(operation, "complete", "claims " + restores.stream().map(VolumeRestore::persistentVolumeClaim).toList()));
        return result.build();
    }

    /**
     * Marks the DataVolume owning the claim as pre-populated, as KubeVirt does before an InPlace
     * restore deletes the claim: CDI must not make a new empty claim for it in between.
     */
    private void prePopulateOwner(String namespace, String claim) {
        var pvc = cluster.call("get", ObjectRef.of("PersistentVolumeClaim", namespace, claim), () -> cluster.client()
                .persistentVolumeClaims().inNamespace(namespace).withName(claim).get());
        if (pvc == null || pvc.getMetadata().getOwnerReferences() == null) {
            return;
        }
        pvc.getMetadata().getOwnerReferences().stream()
                .filter(o -> "DataVolume".equals(o.getKind()) && Boolean.TRUE.equals(o.getController()))
                .map(o -> o.getName()).findFirst().ifPresent(dv -> cluster.call("annotate", ObjectRef.of("DataVolume", namespace, dv),
                        () -> cluster.client().resources(DataVolume.class).inNamespace(namespace).withName(dv).edit(d -> {
                            Map<String, String> notes = new java.util.LinkedHashMap<>(VmDisks.annotations(d));
                            notes.putIfAbsent(Claims.PRE_POPULATED, dv);
                            d.getMetadata().setAnnotations(notes);
                            return d;
                        })));
    }

    private Optional<String> claimVolume(String namespace, String claim) {
        var pvc = cluster.call("get", ObjectRef.of("PersistentVolumeClaim", namespace, claim), () -> cluster.client()
                .persistentVolumeClaims().inNamespace(namespace).withName(claim).get());
        return Optional.ofNullable(pvc == null || pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName());
    }

    private void deleteRestore(String namespace, String name) {
        ObjectRef ref = ObjectRef.of("VirtualMachineRestore", namespace, name);
        cluster.run("delete", ref, () -> cluster.client().resources(VirtualMachineRestore.class).inNamespace(namespace)
                .withName(name).delete());
        await.gone("VirtualMachineRestore " + namespace + "/" + name + " to be deleted", config.get().cleanupTimeout(), VirtualMachineRestore.class,
                namespace, name, () -> cluster.call("get", ref, () -> cluster.client().resources(VirtualMachineRestore.class)
                        .inNamespace(namespace).withName(name).get()));
    }

    static String restoreName(String snapshot) {
        String suffix = Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        suffix = suffix.substring(0, Math.min(5, suffix.length()));
        String base = "restore-" + snapshot;
        return (base.length() > 250 ? base.substring(0, 250) : base) + "-" + suffix;
    }

    private static Optional<Condition> condition(List<Condition> conditions, String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.type()) && "True".equals(c.status())).findFirst();
    }

    private static String text(Condition c) {
        return c.message() == null || c.message().isEmpty() ? c.reason() : c.message();
    }

    private static String conditions(List<Condition> conditions) {
        if (conditions == null || conditions.isEmpty()) {
            return "no conditions";
        }
        StringBuilder sb = new StringBuilder();
        for (Condition c : conditions) {
            sb.append(sb.length() == 0 ? "" : ", ").append(c.type()).append('=').append(c.status());
            String text = text(c);
            if (text != null && !text.isEmpty()) {
                sb.append(" (").append(text).append(')');
            }
        }
        return sb.toString();
    }

    private static String excluded(VirtualMachineSnapshotStatus status) {
        return status.snapshotVolumes() == null || status.snapshotVolumes().excludedVolumes() == null ? "[]"
                : status.snapshotVolumes().excludedVolumes().toString();
    }

    static Map<String, String> labelsOf(VirtualMachineSnapshot snapshot) {
        return VmDisks.labels(snapshot);
    }
}
