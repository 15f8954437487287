package dev.edgevm.kubevirt.doctor.internal;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.doctor.Doctor;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.kubevirt.spi.EdgeVmExtension;

/** Makes the doctor reachable as {@code edge.doctor()} (that is, {@code edge.adapt(Doctor.class)}). */
public final class DoctorExtension implements EdgeVmExtension<Doctor> {

    @Override
    public Class<Doctor> type() {
        return Doctor.class;
    }

    @Override
    public Doctor create(EdgeVm edge, ClusterAccess access) {
        return DefaultDoctor.withRegisteredChecks(edge, access);
    }
}
