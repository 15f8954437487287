package dev.edgevm.kubevirt.spi;

import dev.edgevm.core.disk.Disk;
import java.util.Set;

/**
 * Takes part in deploying and deleting VMs: edgevm-storage provisions uploaded disks, edgevm-sriov
 * checks VFs and NetworkAttachmentDefinitions. Registered with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.edgevm.kubevirt.spi.DeployExtension}; stateless.
 *
 * <p>Order of a deploy: every extension's {@link #preflight} (no writes), then every
 * {@link #prepare}, then the cloud-init Secret and the VirtualMachine. A failure anywhere undoes,
 * in reverse order, every step registered with {@link DeployContext#created}.
 */
public interface DeployExtension {

    /** The disk types this extension provisions; a spec using a disk type nobody provisions is rejected. */
    default Set<Class<? extends Disk>> provisions() {
        return Set.of();
    }

    /** Checks the cluster can take the VM, before anything is created; throws to refuse. */
    default void preflight(DeployContext context) {}

    /** Creates what the VM needs before it exists, registering how to undo each step. */
    default void prepare(DeployContext context) {}

    /** Called after the VM is deleted, to delete what {@link #prepare} created for it. */
    default void afterDelete(DeleteContext context) {}
}
