package dev.edgevm.sriov.internal;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.kubevirt.spi.EdgeVmExtension;
import dev.edgevm.sriov.EdgeSriov;

/** Makes {@code edge.adapt(EdgeSriov.class)} work when this module is on the classpath. */
public final class SriovExtension implements EdgeVmExtension<EdgeSriov> {

    @Override
    public Class<EdgeSriov> type() {
        return EdgeSriov.class;
    }

    @Override
    public EdgeSriov create(EdgeVm edge, ClusterAccess access) {
        return new DefaultEdgeSriov(edge, access);
    }
}
