package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.await.Await;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps copies consistent: a disk is copied only while nothing writes to it. A stopped VM is
 * copied as it is; a running or paused one is refused with what to do, unless the caller accepts a
 * crash-consistent copy, for which the guest is paused during the copy.
 */
final class VmGuard {

    /** Why a snapshot or restore was refused: the VM was not stopped. */
    static final String VM_RUNNING = "VmRunning";
    private static final Duration PAUSE_TIMEOUT = Duration.ofMinutes(2);

    /** What the guard did to the VM, undone by {@link #close()}; the instance seen before the copy, to notice a start during it. */
    static final class Hold implements AutoCloseable {
        private final VmResource vm;
        private final boolean pausedByUs;
        private final String instanceUid;
        private final boolean crashConsistent;
        private final Runnable awaitUnlocked;

        private Hold(VmResource vm, boolean pausedByUs, String instanceUid, boolean crashConsistent, Runnable awaitUnlocked) {
            this.vm = vm;
            this.pausedByUs = pausedByUs;
            this.instanceUid = instanceUid;
            this.crashConsistent = crashConsistent;
            this.awaitUnlocked = awaitUnlocked;
        }

        /** True when the copy is of a paused guest's disks rather than a stopped VM's. */
        boolean crashConsistent() {
            return crashConsistent;
        }

        String instanceUid() {
            return instanceUid;
        }

        @Override
        public void close() {
            if (pausedByUs) {
                boolean interrupted = Thread.interrupted();
                try {
                    // KubeVirt refuses to unpause a VM it still holds for a snapshot (409 "VM snapshot is in progress").
                    awaitUnlocked.run();
                    vm.unpause();
                } finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }

    private final EdgeVm edge;
    private final ClusterAccess cluster;
    private final Await await;

    VmGuard(EdgeVm edge, ClusterAccess cluster) {
        this.edge = edge;
        this.cluster = cluster;
        this.await = new Await(cluster);
    }

    /**
     * Makes the VM's disks safe to copy for a snapshot.
     *
     * @throws ConflictException (reason {@link #VM_RUNNING}) when the VM is not stopped and {@code pausedOk} is false
     */
    Hold forSnapshot(String namespace, String name, boolean pausedOk) {
        VmResource vm = edge.vms().inNamespace(namespace).withName(name);
        Optional<VirtualMachineInstance> instance = instance(namespace, name);
        if (instance.isEmpty() || finished(instance.get())) {
            return new Hold(vm, false, instance.map(i -> i.getMetadata().getUid()).orElse(null), false, () -> { });
        }
        VmStatus status = vm.require();
        boolean paused = "Paused".equals(status.printableStatus());
        if (!pausedOk) {
            throw new ConflictException("VM " + namespace + "/" + name + " is " + describe(status) + ": a disk the guest can write to"
                    + " may be copied half-written, so edgevm copies only stopped VMs. Stop it first (vm.stop(), or `edgevm stop "
                    + name + "`) and take the snapshot again; or, to accept a crash-consistent copy (as after a power cut), let"
                    + " edgevm pause the guest for the copy: SnapshotOptions.builder().pausedOk(true), or `edgevm snapshot take "
                    + name + " NAME --paused-ok`", VM_RUNNING, ObjectRef.of("VirtualMachine", namespace, name), null);
        }
        if (!paused) {
            vm.pause();
            try {
                vm.await().paused(PAUSE_TIMEOUT);
            } catch (RuntimeException e) {
                vm.unpause();
                throw e;
            }
        }
        return new Hold(vm, !paused, instance.get().getMetadata().getUid(), true, () -> awaitNoSnapshotInProgress(namespace, name));
    }

    /** Waits until KubeVirt no longer holds the VM for a snapshot ({@code status.snapshotInProgress}); past the wait, goes on. */
    private void awaitNoSnapshotInProgress(String namespace, String name) {
        try {
            await.until("VM " + namespace + "/" + name + " to be released by its snapshot", PAUSE_TIMEOUT, VirtualMachine.class, namespace,
                    name, cached -> {
                        String holder = snapshotHolder(cached.orElse(null));
                        if (holder.isEmpty()) {
                            // the informer may lag behind: the server has the last word
                            holder = snapshotHolder(cluster.call("get", ObjectRef.of("VirtualMachine", namespace, name),
                                    () -> cluster.client().resources(VirtualMachine.class).inNamespace(namespace).withName(name).get()));
                        }
                        return holder.isEmpty() ? Await.Outcome.success(Boolean.TRUE) : Await.Outcome.waiting("held by snapshot " + holder);
                    });
        } catch (WaitTimeoutException stillHeld) {
            // the unpause that follows says why it is refused
        }
    }

    private static String snapshotHolder(VirtualMachine vm) {
        String holder = vm == null || vm.getStatus() == null ? null : vm.getStatus().snapshotInProgress();
        return holder == null ? "" : holder;
    }

    /**
     * Checks the VM is stopped, so its disks can be replaced.
     *
     * @throws ConflictException (reason {@link #VM_RUNNING}) otherwise
     */
    void requireStopped(String namespace, String name, String operation) {
        Optional<VirtualMachineInstance> instance = instance(namespace, name);
        if (instance.isPresent() && !finished(instance.get())) {
            VmStatus status = edge.vms().inNamespace(namespace).withName(name).require();
            throw new ConflictException("VM " + namespace + "/" + name + " is " + describe(status) + ": " + operation
                    + " replaces its disks, which the guest is using. Stop it first (vm.stop(), or `edgevm stop " + name
                    + "`) and run the " + operation + " again", VM_RUNNING, ObjectRef.of("VirtualMachine", namespace, name), null);
        }
    }

    /**
     * Whether an instance started or changed since {@code hold} was taken: the copy may then hold
     * writes of a guest that ran during it.
     */
    boolean startedSince(String namespace, String name, Hold hold) {
        Optional<VirtualMachineInstance> now = instance(namespace, name);
        if (now.isEmpty() || finished(now.get())) {
            return false;
        }
        if (hold.instanceUid() == null || !hold.instanceUid().equals(now.get().getMetadata().getUid())) {
            return true;
        }
        return !hold.crashConsistent() ? false : !"Paused".equals(edge.vms().inNamespace(namespace).withName(name).require().printableStatus());
    }

    private Optional<VirtualMachineInstance> instance(String namespace, String name) {
        ObjectRef ref = ObjectRef.of("VirtualMachineInstance", namespace, name);
        return Optional.ofNullable(cluster.call("get", ref, () -> cluster.client().resources(VirtualMachineInstance.class)
                .inNamespace(namespace).withName(name).get()));
    }

    /** An instance whose guest has powered off no longer writes to the disks. */
    private static boolean finished(VirtualMachineInstance instance) {
        String phase = instance.getStatus() == null ? null : instance.getStatus().phase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static String describe(VmStatus status) {
        return status.printableStatus().isEmpty() ? "not stopped (it has an instance)" : status.printableStatus();
    }
}
