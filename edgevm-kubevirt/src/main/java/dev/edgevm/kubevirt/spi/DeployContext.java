package dev.edgevm.kubevirt.spi;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.VmSpec;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmManifests;

/** One deploy, as extensions see it. */
public interface DeployContext {

    EdgeVm edge();

    ClusterAccess cluster();

    VmSpec spec();

    /** What the deploy will create, rendered from the spec. */
    VmManifests manifests();

    ProgressListener progress();

    /** Records a step done, and how to undo it should a later step fail. */
    void created(String step, Runnable undo);
}
