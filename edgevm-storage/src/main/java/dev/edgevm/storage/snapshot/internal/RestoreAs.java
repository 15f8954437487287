package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Violations;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.Disk;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.Rollback;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotDisk;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A new VM from a snapshot: the snapshot's disks become new claims of the new VM ({@link NewDisks}),
 * then either the VM recorded with the snapshot is created again under the new name (its
 * cloud-init Secrets copied), or a given spec is deployed with those claims as its disks. A failure
 * removes everything made.
 */
final class RestoreAs {

    private final EdgeVm edge;
    private final ClusterAccess cluster;

    RestoreAs(EdgeVm edge, ClusterAccess cluster) {
        this.edge = edge;
        this.cluster = cluster;
    }

    /** The snapshot's VM as it was, named {@code newVm}. */
    VmResource fromDefinition(Snapshot snapshot, String definition, String newVm, NewDisks disks, ProgressListener progress) {
        String namespace = snapshot.namespace();
        checkName(newVm);
        requireAbsent(namespace, newVm);
        Map<String, Secret> secrets = new LinkedHashMap<>();
        for (String name : VmDefinitions.secretsOf(definition)) {
            ObjectRef ref = ObjectRef.of("Secret", namespace, name);
            Secret secret = cluster.call("get", ref, () -> cluster.client().secrets().inNamespace(namespace).withName(name).get());
            if (secret == null) {
                throw new EdgeVmException("VM " + snapshot.vm() + " of snapshot " + namespace + "/" + snapshot.name() + " read its"
                        + " cloud-init from Secret " + name + ", which no longer exists, so it cannot be made again as it was; use"
                        + " restoreAs(snapshot, VmSpec) with the new VM's own cloud-init");
            }
            secrets.put(name, secret);
        }
        String operation = "restore of snapshot " + namespace + "/" + snapshot.name() + " as VM " + newVm;
        Rollback rollback = new Rollback(operation);
        try {
            Map<String, String> renamed = new LinkedHashMap<>();
            for (Secret secret : secrets.values()) {
                String old = secret.getMetadata().getName();
                String name = old.endsWith("-cloudinit") ? newVm + "-cloudinit" : newVm + "-" + old;
                Secret copy = new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                        .addToLabels(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE).addToLabels(EdgeVmLabels.VM, newVm)
                        .endMetadata().withType(secret.getType()).withData(secret.getData()).withStringData(secret.getStringData())
                        .build();
                ObjectRef ref = ObjectRef.of("Secret", namespace, name);
                cluster.call("create", ref, () -> cluster.client().secrets().inNamespace(namespace).resource(copy).create());
                rollback.done("Secret " + name, () -> cluster.run("delete", ref, () -> cluster.client().secrets().inNamespace(namespace)
                        .withName(name).delete()));
                renamed.put(old, name);
            }
            Map<String, String> claims = disks.create(snapshot, newVm, rollback, progress);
            GenericKubernetesResource vm = VmDefinitions.copy(definition, namespace, newVm, claims, renamed, snapshot.name(), cluster);
            ObjectRef ref = ObjectRef.of("VirtualMachine", namespace, newVm);
            cluster.call("create", ref, () -> cluster.client().genericKubernetesResources(VmDefinitions.API_VERSION, VmDefinitions.KIND)
                    .inNamespace(namespace).resource(vm).create());
            rollback.done("VM " + newVm, () -> edge.vms().inNamespace(namespace).withName(newVm).delete());
            progress.onProgress(Progress.step(operation, "created", "VM " + newVm + " on claims " + claims.values()));
        } catch (RuntimeException e) {
            throw rollback.undo(e);
        }
        return edge.vms().inNamespace(namespace).withName(newVm);
    }

    /** {@code spec} deployed with its disks named like the snapshot's on new claims holding them. */
    VmResource fromSpec(Snapshot snapshot, VmSpec spec, NewDisks disks, ProgressListener progress) {
        String namespace = spec.namespace().orElse(snapshot.namespace());
        if (!namespace.equals(snapshot.namespace())) {
            throw InvalidSpecException.of("VmSpec " + spec.name(), "namespace", "must be the snapshot's namespace "
                    + snapshot.namespace() + ": its copies are claims there, was " + namespace);
        }
        String node = disks.node(snapshot).orElse(null);
        if (node != null && spec.node().isPresent() && !spec.node().get().equals(node)) {
            throw InvalidSpecException.of("VmSpec " + spec.name(), "node", "the snapshot's disks are on node " + node
                    + " and the new VM's copies stay there, so the VM must run there too (was " + spec.node().get() + ")");
        }
        requireAbsent(namespace, spec.name());
        String operation = "restore of snapshot " + namespace + "/" + snapshot.name() + " as VM " + spec.name();
        Rollback rollback = new Rollback(operation);
        try {
            Map<String, String> claims = disks.create(snapshot, spec.name(), rollback, progress);
            VmSpec withDisks = withClaims(spec, snapshot, claims, node);
            edge.vms().deploy(withDisks, progress);
        } catch (RuntimeException e) {
            throw rollback.undo(e);
        }
        return edge.vms().inNamespace(namespace).withName(spec.name());
    }

    /** The spec with each disk named like a snapshot disk on its claim (bus and boot order kept), and any others added. */
    static VmSpec withClaims(VmSpec spec, Snapshot snapshot, Map<String, String> claims, String node) {
        Map<String, Disk> named = spec.namedDisks();
        List<String> names = new ArrayList<>(named.keySet());
        Disk root = replace(names.get(0), named.get(names.get(0)), claims);
        List<Disk> others = new ArrayList<>();
        for (int i = 1; i < names.size(); i++) {
            others.add(replace(names.get(i), named.get(names.get(i)), claims));
        }
        for (SnapshotDisk disk : snapshot.disks()) {
            if (!named.containsKey(disk.disk())) {
                others.add(ClaimDisk.builder().claimName(claims.get(disk.disk())).name(disk.disk()).bootable(false).build());
            }
        }
        VmSpec.Builder b = spec.toBuilder().rootDisk(root).disks(others);
        if (node != null) {
            b.node(node);
        }
        return b.build();
    }

    private static Disk replace(String name, Disk disk, Map<String, String> claims) {
        String claim = claims.get(name);
        if (claim == null) {
            return disk;
        }
        ClaimDisk.Builder b = ClaimDisk.builder().claimName(claim).name(name).bus(disk.bus()).bootable(disk.bootable());
        disk.bootOrder().ifPresent(b::bootOrder);
        return b.build();
    }

    private void requireAbsent(String namespace, String name) {
        ObjectRef ref = ObjectRef.of("VirtualMachine", namespace, name);
        VirtualMachine existing = cluster.call("get", ref, () -> cluster.client().resources(VirtualMachine.class).inNamespace(namespace)
                .withName(name).get());
        if (existing != null) {
            throw new ConflictException("VM " + namespace + "/" + name + " already exists: restore the snapshot as a VM of"
                    + " another name, or into that VM itself with restore()", "AlreadyExists", ref, null);
        }
    }

    static void checkName(String newVm) {
        Violations v = Violations.collect();
        if (newVm == null) {
            v.add("newVm", Violations.MISSING);
        } else {
            KubernetesNames.checkLabelName(v, "newVm", newVm);
        }
        v.throwIfAny("restoreAs");
    }
}
