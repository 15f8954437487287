/**
 * The doctor: the runbook's troubleshooting as checks that say what they found and how to fix it,
 * and fix what is safe to fix when asked. Other modules add checks through the {@link
 * dev.edgevm.kubevirt.doctor.DoctorCheck} service interface.
 */
package dev.edgevm.kubevirt.doctor;
