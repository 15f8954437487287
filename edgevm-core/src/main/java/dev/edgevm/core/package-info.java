/**
 * The edgevm domain: {@link dev.edgevm.core.VmSpec} and its parts (disks in
 * {@code dev.edgevm.core.disk}, NICs in {@code dev.edgevm.core.network}, guest configuration in
 * {@code dev.edgevm.core.cloudinit}), {@link dev.edgevm.core.Quantity}, the exception hierarchy
 * rooted at {@link dev.edgevm.core.EdgeVmException}, and progress events. Plain Java: no
 * Kubernetes client here.
 */
package dev.edgevm.core;
