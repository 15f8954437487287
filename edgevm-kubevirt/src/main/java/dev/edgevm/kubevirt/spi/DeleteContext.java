package dev.edgevm.kubevirt.spi;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.VirtualMachine;
import java.time.Duration;
import java.util.Optional;

/** One VM deletion, as extensions see it. */
public interface DeleteContext {

    EdgeVm edge();

    ClusterAccess cluster();

    String namespace();

    String name();

    /** The VM as it was just before deletion (its volumes name its DataVolumes and claims); empty if it was already gone. */
    Optional<VirtualMachine> deleted();

    /** Whether storage (DataVolumes, claims, volumes, disk files) goes too. */
    boolean purgeStorage();

    /** How long the deletion may wait for objects to go, if the caller asked to wait. */
    Optional<Duration> waitTimeout();
}
