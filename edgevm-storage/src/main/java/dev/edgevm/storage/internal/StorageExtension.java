package dev.edgevm.storage.internal;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.kubevirt.spi.EdgeVmExtension;
import dev.edgevm.storage.EdgeStorage;

/** Makes {@code edge.adapt(EdgeStorage.class)} work when this module is on the classpath. */
public final class StorageExtension implements EdgeVmExtension<EdgeStorage> {

    @Override
    public Class<EdgeStorage> type() {
        return EdgeStorage.class;
    }

    @Override
    public EdgeStorage create(EdgeVm edge, ClusterAccess access) {
        return new DefaultEdgeStorage(edge, access);
    }
}
