package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.kubevirt.spi.DeleteContext;
import java.time.Duration;
import java.util.Optional;

/**
 * Deletes a VM and what deploy created for it, in an order that never leaves an object held by a
 * finalizer: the VM (and with it its instance and launcher pod), its cloud-init Secret, then, when
 * storage is purged and the instance is gone, what the extensions created (DataVolumes, claims,
 * volumes, disk files).
 */
final class DeleteOperation implements DeleteContext {

    /** How long a purge waits for the VM's instance to release its volumes, if the caller set no wait. */
    private static final Duration PURGE_WAIT = Duration.ofMinutes(5);

    private final DefaultEdgeVm edge;
    private final String namespace;
    private final String name;
    private final DeleteOptions options;
    private VirtualMachine deleted;

    DeleteOperation(DefaultEdgeVm edge, String namespace, String name, DeleteOptions options) {
        this.edge = edge;
        this.namespace = namespace;
        this.name = name;
        this.options = options;
    }

    boolean run() {
        ObjectRef vmRef = ObjectRef.of("VirtualMachine", namespace, name);
        deleted = edge.call("get", vmRef,
                () -> edge.client().resources(VirtualMachine.class).inNamespace(namespace).withName(name).get());
        edge.forgetCreated(VirtualMachine.class, namespace, name);
        if (deleted != null) {
            edge.run("delete", vmRef, () -> edge.client().resources(VirtualMachine.class).inNamespace(namespace).withName(name).delete());
        }
        // Only the VM's own Secret: one of that name that someone else made stays, as deploy never adopts it either.
        new CloudInitSecrets(edge, namespace, name).deleteIfOwn();
        Optional<Duration> wait = options.waitTimeout().or(() -> options.purgeStorage() ? Optional.of(PURGE_WAIT) : Optional.empty());
        if (wait.isPresent() && deleted != null) {
            new DefaultVmWaiter(edge, namespace, name, Optional.empty()).deleted(wait.get());
        }
        edge.deployExtensions().forEach(e -> e.afterDelete(this));
        return deleted != null;
    }

    @Override
    public EdgeVm edge() {
        return edge;
    }

    @Override
    public ClusterAccess cluster() {
        return edge;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<VirtualMachine> deleted() {
        return Optional.ofNullable(deleted);
    }

    @Override
    public boolean purgeStorage() {
        return options.purgeStorage();
    }

    @Override
    public Optional<Duration> waitTimeout() {
        return options.waitTimeout();
    }

}
