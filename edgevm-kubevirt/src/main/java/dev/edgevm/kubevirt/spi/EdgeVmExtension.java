package dev.edgevm.kubevirt.spi;

import dev.edgevm.kubevirt.EdgeVm;

/**
 * Provides a capability reachable through {@link EdgeVm#adapt(Class)}, e.g. {@code EdgeStorage}.
 * Registered with {@link java.util.ServiceLoader} under
 * {@code META-INF/services/dev.edgevm.kubevirt.spi.EdgeVmExtension}.
 */
public interface EdgeVmExtension<T> {

    /** The capability's type, what callers pass to {@code adapt}. */
    Class<T> type();

    /** Creates the capability for one EdgeVm; called once per EdgeVm, on first use. */
    T create(EdgeVm edge, ClusterAccess access);
}
