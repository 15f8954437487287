package dev.edgevm.kubevirt.doctor;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import java.time.Clock;

/** What a {@link DoctorCheck} gets to look at the cluster with. */
public interface DoctorContext {

    EdgeVm edge();

    /** Calls to the cluster under the EdgeVm's retry policy, failures as the SDK's exceptions. */
    ClusterAccess cluster();

    /** The namespace whose VMs the VM-level checks look at. */
    String namespace();

    /** Whether the caller asked to fix what can be fixed safely. */
    boolean applyFixes();

    Clock clock();
}
