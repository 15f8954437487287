package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Violations;
import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshot;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import dev.edgevm.storage.snapshot.SnapshotDownload;
import dev.edgevm.storage.snapshot.SnapshotKind;
import dev.edgevm.storage.snapshot.SnapshotOptions;
import dev.edgevm.storage.snapshot.SnapshotRestore;
import dev.edgevm.storage.snapshot.Snapshots;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The snapshots of one namespace: checks arguments before any request, finds which kind a VM's
 * disks need and hands over to the node-local or the CSI implementation.
 */
public final class DefaultSnapshots implements Snapshots {

    private final SnapshotServices services;
    private final String namespace;

    public DefaultSnapshots(SnapshotServices services, String namespace) {
        this.services = services;
        this.namespace = namespace;
    }

    @Override
    public Snapshots inNamespace(String namespace) {
        Violations v = Violations.collect();
        if (namespace == null) {
            v.add("namespace", Violations.MISSING);
        } else {
            KubernetesNames.checkLabelName(v, "namespace", namespace);
        }
        v.throwIfAny("Snapshots");
        return new DefaultSnapshots(services, namespace);
    }

    @Override
    public Snapshot take(String vm, String name) {
        return take(vm, name, SnapshotOptions.defaults(), ProgressListener.none());
    }

    @Override
    public Snapshot take(String vm, String name, SnapshotOptions options) {
        return take(vm, name, options, ProgressListener.none());
    }

    @Override
    public Snapshot take(String vm, String name, SnapshotOptions options, ProgressListener progress) {
        Violations v = Violations.collect();
        checkName(v, "vm", vm);
        checkName(v, "name", name);
        v.require(options != null, "options", Violations.MISSING);
        v.throwIfAny("snapshot");
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        VirtualMachine found = services.vmDisks().requireVm(namespace, vm);
        List<VmDisks.Disk> disks = services.vmDisks().of(found);
        SnapshotKind kind = VmDisks.kindOf(namespace, vm, disks);
        find(name).ifPresent(existing -> {
            throw new ConflictException("snapshot " + namespace + "/" + name + " already exists (" + existing + "); choose another"
                    + " name or delete it first", "AlreadyExists", ObjectRef.of("Snapshot", namespace, name), null);
        });
        return kind == SnapshotKind.NODE_LOCAL
                ? services.localTake().take(found, disks, name, options, listener)
                : services.csi().take(namespace, vm, name, options, listener);
    }

    @Override
    public List<Snapshot> list() {
        List<Snapshot> all = new ArrayList<>(services.localRecords().list(namespace));
        for (VirtualMachineSnapshot s : services.csiRecords().list(namespace)) {
            all.add(services.csiRecords().read(s));
        }
        all.sort(Comparator.comparing((Snapshot s) -> s.creationTime().orElse(Instant.MAX)).thenComparing(Snapshot::name));
        return all;
    }

    @Override
    public List<Snapshot> list(String vm) {
        return list().stream().filter(s -> s.vm().equals(vm)).collect(Collectors.toList());
    }

    @Override
    public Optional<Snapshot> find(String name) {
        Optional<Snapshot> local = services.localRecords().find(namespace, name);
        if (local.isPresent()) {
            return local;
        }
        return services.csiRecords().get(namespace, name).map(services.csiRecords()::read);
    }

    @Override
    public Snapshot require(String name) {
        return find(name).orElseThrow(() -> {
            List<String> names = list().stream().map(Snapshot::name).toList();
            return new NotFoundException("snapshot " + namespace + "/" + name + " does not exist ("
                    + (names.isEmpty() ? "there are no snapshots in " + namespace : "snapshots: " + String.join(", ", names)) + ")",
                    ObjectRef.of("Snapshot", namespace, name), null);
        });
    }

    @Override
    public boolean delete(String name) {
        Violations v = Violations.collect();
        checkName(v, "name", name);
        v.throwIfAny("snapshot");
        List<PersistentVolume> volumes = services.localRecords().volumes(namespace, name);
        if (volumes.isEmpty()) {
            return services.csi().delete(namespace, name);
        }
        for (PersistentVolume pv : volumes) {
            if (pv.getSpec().getClaimRef() != null) {
                // an export that was interrupted leaves its claim on the volume
                services.claims().delete(namespace, pv.getSpec().getClaimRef().getName());
            }
        }
        List<String> names = LocalTake.names(volumes);
        String vm = LocalRecords.read(namespace, name, volumes).vm();
        List<dev.edgevm.storage.pool.PoolVolume> pool = services.pool().volumesOf(dev.edgevm.storage.pool.VolumeOwner.of(namespace, vm))
                .stream().filter(p -> names.contains(p.name())).toList();
        var result = services.pool().release(pool);
        if (!result.kept().isEmpty()) {
            throw new EdgeVmException("snapshot " + namespace + "/" + name + " was not deleted completely, volumes kept: " + result.kept());
        }
        return true;
    }

    @Override
    public SnapshotRestore restore(Snapshot snapshot) {
        return restore(snapshot, ProgressListener.none());
    }

    @Override
    public SnapshotRestore restore(Snapshot snapshot, ProgressListener progress) {
        Snapshot current = current(snapshot);
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        if (current.kind() == SnapshotKind.CSI) {
            return services.csi().restore(current, listener);
        }
        List<PersistentVolume> volumes = services.localRecords().volumes(current.namespace(), current.name());
        return services.localRestore().restore(current, LocalRecords.directories(volumes), listener);
    }

    @Override
    public VmResource restoreAs(Snapshot snapshot, String newVm) {
        return restoreAs(snapshot, newVm, ProgressListener.none());
    }

    @Override
    public VmResource restoreAs(Snapshot snapshot, String newVm, ProgressListener progress) {
        RestoreAs.checkName(newVm);
        Snapshot current = current(snapshot);
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        if (current.kind() == SnapshotKind.CSI) {
            var content = csiContent(current);
            return services.restoreAs().fromDefinition(current, CsiRecords.definition(content), newVm,
                    services.csiNewDisks(CsiRecords.backups(content)), listener);
        }
        List<PersistentVolume> volumes = services.localRecords().volumes(current.namespace(), current.name());
        String definition = LocalRecords.vmDefinition(volumes).orElseThrow(() -> new EdgeVmException("snapshot "
                + current.namespace() + "/" + current.name() + " holds no record of its VM; use restoreAs(snapshot, VmSpec)"));
        return services.restoreAs().fromDefinition(current, definition, newVm,
                services.localNewDisks(LocalRecords.directories(volumes)), listener);
    }

    @Override
    public VmResource restoreAs(Snapshot snapshot, VmSpec newVm) {
        return restoreAs(snapshot, newVm, ProgressListener.none());
    }

    @Override
    public VmResource restoreAs(Snapshot snapshot, VmSpec newVm, ProgressListener progress) {
        Objects.requireNonNull(newVm, "newVm");
        Snapshot current = current(snapshot);
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        NewDisks disks = current.kind() == SnapshotKind.CSI ? services.csiNewDisks(CsiRecords.backups(csiContent(current)))
                : services.localNewDisks(LocalRecords.directories(services.localRecords().volumes(current.namespace(), current.name())));
        return services.restoreAs().fromSpec(current, newVm, disks, listener);
    }

    @Override
    public SnapshotDownload export(Snapshot snapshot, Path file, ProgressListener progress) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.disks().size() != 1) {
            throw InvalidSpecException.of("export", "disk", "snapshot " + snapshot.namespace() + "/" + snapshot.name() + " has "
                    + snapshot.disks().size() + " disks (" + snapshot.disks().stream().map(SnapshotDisk::disk).collect(Collectors.joining(", "))
                    + "): name the one to download");
        }
        return export(snapshot, snapshot.disks().get(0).disk(), file, progress);
    }

    @Override
    public SnapshotDownload export(Snapshot snapshot, String disk, Path file, ProgressListener progress) {
        Objects.requireNonNull(file, "file");
        SnapshotExporter.checkTarget(file);
        Snapshot current = current(snapshot);
        SnapshotDisk chosen;
        try {
            chosen = current.disk(disk);
        } catch (IllegalArgumentException e) {
            throw InvalidSpecException.of("export", "disk", e.getMessage());
        }
        ProgressListener listener = progress == null ? ProgressListener.none() : progress;
        if (current.kind() == SnapshotKind.CSI) {
            return services.exporter().download(current, chosen, "VirtualMachineSnapshot", current.name(), chosen.claim(),
                    Optional.empty(), "raw", file, listener);
        }
        return services.localExport().download(current, chosen, file, listener);
    }

    /** The snapshot as the cluster has it now; it must be ready. */
    private Snapshot current(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        Snapshot current = inNamespace(snapshot.namespace()).require(snapshot.name());
        if (!current.ready()) {
            throw new EdgeVmException("snapshot " + current.namespace() + "/" + current.name() + " is " + current.phase()
                    + current.error().map(e -> " (" + e + ")").orElse("") + ", not ready: it cannot be used; delete it and take it again");
        }
        return current;
    }

    private tools.jackson.databind.node.ObjectNode csiContent(Snapshot snapshot) {
        VirtualMachineSnapshot s = services.csiRecords().get(snapshot.namespace(), snapshot.name()).orElseThrow();
        return services.csiRecords().content(s).orElseThrow(() -> new EdgeVmException("VirtualMachineSnapshot "
                + snapshot.namespace() + "/" + snapshot.name() + " has no content"));
    }

    private static void checkName(Violations v, String path, String name) {
        if (name == null) {
            v.add(path, Violations.MISSING);
        } else {
            KubernetesNames.checkLabelName(v, path, name);
        }
    }
}
