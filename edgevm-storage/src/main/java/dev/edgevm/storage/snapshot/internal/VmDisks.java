package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ClusterException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.Volume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.pool.ClaimRef;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumePool;
import dev.edgevm.storage.snapshot.SnapshotKind;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The persistent disks of a VM and where each lives: on a node-local volume (copied with qemu-img
 * on its node) or on CSI storage whose driver has a VolumeSnapshotClass (KubeVirt snapshots it).
 * Container disks and cloud-init volumes hold no data of the VM's own and are not snapshotted.
 */
final class VmDisks {

    /** One disk: its volume name in the VM, its claim, and what the claim sits on. */
    record Disk(String name, String claim, boolean dataVolume, PersistentVolumeClaim pvc, PoolVolume local,
                String storageClass, String provisioner, boolean csiSnapshots) {

        Optional<SnapshotKind> kind() {
            if (local != null) {
                return Optional.of(SnapshotKind.NODE_LOCAL);
            }
            return csiSnapshots ? Optional.of(SnapshotKind.CSI) : Optional.empty();
        }

        String where() {
            if (local != null) {
                return "claim " + claim + " on node-local volume " + local.name() + " (" + local.node() + ":" + local.path() + ")";
            }
            return "claim " + claim + " of storage class " + (storageClass == null ? "(none)" : storageClass)
                    + (provisioner == null ? "" : " (provisioner " + provisioner + ")")
                    + (csiSnapshots ? ", which has a VolumeSnapshotClass" : ", which is neither node-local nor has a VolumeSnapshotClass");
        }
    }

    private final ClusterAccess cluster;
    private final VolumePool pool;

    VmDisks(ClusterAccess cluster, VolumePool pool) {
        this.cluster = cluster;
        this.pool = pool;
    }

    VirtualMachine requireVm(String namespace, String name) {
        ObjectRef ref = ObjectRef.of("VirtualMachine", namespace, name);
        VirtualMachine vm = cluster.call("get", ref, () -> cluster.client().resources(VirtualMachine.class).inNamespace(namespace)
                .withName(name).get());
        if (vm == null) {
            throw new NotFoundException("VM " + namespace + "/" + name + " does not exist", ref, null);
        }
        return vm;
    }

    /** The VM's claim-backed volumes, each with its storage. */
    List<Disk> of(VirtualMachine vm) {
        String namespace = vm.getMetadata().getNamespace();
        Set<String> snapshotDrivers = null;
        List<Disk> disks = new ArrayList<>();
        for (Volume volume : volumes(vm)) {
            boolean dataVolume = volume.dataVolume() != null && volume.dataVolume().name() != null;
            String claim = dataVolume ? volume.dataVolume().name()
                    : volume.persistentVolumeClaim() == null ? null : volume.persistentVolumeClaim().claimName();
            if (claim == null) {
                continue;
            }
            ObjectRef ref = ObjectRef.of("PersistentVolumeClaim", namespace, claim);
            PersistentVolumeClaim pvc = cluster.call("get", ref, () -> cluster.client().persistentVolumeClaims()
                    .inNamespace(namespace).withName(claim).get());
            if (pvc == null) {
                throw new EdgeVmException("disk " + volume.name() + " of VM " + namespace + "/" + vm.getMetadata().getName()
                        + " is on claim " + claim + ", which does not exist (yet): there is nothing to snapshot or restore into");
            }
            PoolVolume local = pool.find(ClaimRef.of(namespace, claim)).orElse(null);
            String storageClass = pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName();
            String provisioner = provisioner(storageClass);
            boolean csi = false;
            if (local == null && provisioner != null) {
                if (snapshotDrivers == null) {
                    snapshotDrivers = snapshotDrivers();
                }
                csi = snapshotDrivers.contains(provisioner);
            }
            disks.add(new Disk(volume.name(), claim, dataVolume, pvc, local, storageClass, provisioner, csi));
        }
        return disks;
    }

    /**
     * The one kind of snapshot the disks allow.
     *
     * @throws EdgeVmException when there is no persistent disk, or disks of a kind edgevm cannot snapshot, or of both kinds
     */
    static SnapshotKind kindOf(String namespace, String vm, List<Disk> disks) {
        if (disks.isEmpty()) {
            throw new EdgeVmException("VM " + namespace + "/" + vm + " has no disk on a PersistentVolumeClaim: its container disks"
                    + " are images that never change (rebuild or redeploy them instead), so there is nothing to snapshot");
        }
        List<Disk> unsupported = disks.stream().filter(d -> d.kind().isEmpty()).toList();
        if (!unsupported.isEmpty()) {
            throw new EdgeVmException("VM " + namespace + "/" + vm + " cannot be snapshotted: "
                    + unsupported.stream().map(d -> "disk " + d.name() + " is on " + d.where()).collect(Collectors.joining("; "))
                    + ". Snapshots copy node-local volumes with qemu-img, or use CSI storage with a VolumeSnapshotClass");
        }
        Set<SnapshotKind> kinds = disks.stream().map(d -> d.kind().orElseThrow()).collect(Collectors.toSet());
        if (kinds.size() > 1) {
            throw new EdgeVmException("VM " + namespace + "/" + vm + " has disks on node-local volumes and on CSI storage, which"
                    + " cannot be snapshotted together: " + disks.stream().map(d -> d.name() + " on " + d.where())
                    .collect(Collectors.joining("; ")));
        }
        return kinds.iterator().next();
    }

    static List<Volume> volumes(VirtualMachine vm) {
        if (vm.getSpec() == null || vm.getSpec().template() == null || vm.getSpec().template().spec() == null
                || vm.getSpec().template().spec().volumes() == null) {
            return List.of();
        }
        return vm.getSpec().template().spec().volumes();
    }

    private String provisioner(String storageClass) {
        if (storageClass == null) {
            return null;
        }
        StorageClass found = cluster.call("get", ObjectRef.clusterScoped("StorageClass", storageClass), () -> cluster.client()
                .storage().v1().storageClasses().withName(storageClass).get());
        return found == null ? null : found.getProvisioner();
    }

    /** The CSI drivers that have a VolumeSnapshotClass; none where the snapshot API is not installed. */
    private Set<String> snapshotDrivers() {
        try {
            List<GenericKubernetesResource> classes = cluster.call("list", ObjectRef.clusterScoped("VolumeSnapshotClass", null),
                    () -> cluster.client().genericKubernetesResources("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass").list().getItems());
            return classes.stream().map(c -> c.getAdditionalProperties().get("driver")).filter(String.class::isInstance)
                    .map(String.class::cast).collect(Collectors.toSet());
        } catch (NotFoundException noSnapshotApi) {
            return Set.of();
        } catch (ClusterException e) {
            if (e.code() == 404) {
                return Set.of();
            }
            throw e;
        } catch (RuntimeException e) {
            // fabric8 cannot resolve a kind the server does not serve
            if (String.valueOf(e.getMessage()).contains("VolumeSnapshotClass")) {
                return Set.of();
            }
            throw e;
        }
    }

    static Map<String, String> labels(io.fabric8.kubernetes.api.model.HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
