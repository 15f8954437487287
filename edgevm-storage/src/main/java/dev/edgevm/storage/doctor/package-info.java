/**
 * The storage part of the doctor ({@code edge.doctor()}, {@code edgevm doctor}): the volume pool's
 * storage class and bookkeeping, CDI's upload proxy, and node taints CDI's upload pods do not
 * tolerate. Registered as {@link dev.edgevm.kubevirt.doctor.DoctorCheck}s.
 */
package dev.edgevm.storage.doctor;
