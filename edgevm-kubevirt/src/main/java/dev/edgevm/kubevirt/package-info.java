/**
 * The edgevm entry point ({@link dev.edgevm.kubevirt.EdgeVm}) and the VM lifecycle on KubeVirt.
 *
 * <h2>Verb grammar</h2>
 * One grammar, as in fabric8's DSL:
 * <ul>
 *   <li><b>Scoping verbs</b> narrow what a call is about and do no I/O:
 *       {@code vms()}, {@code inNamespace(ns)}, {@code withName(name)} (a {@link dev.edgevm.kubevirt.VmResource}).</li>
 *   <li><b>Modifiers</b> return a configured view and do no I/O: {@code await()} (named waits),
 *       {@link dev.edgevm.kubevirt.DeleteOptions}.</li>
 *   <li><b>Terminal verbs</b> talk to the cluster: {@code deploy}, {@code apply}, {@code find}
 *       (an {@code Optional}), {@code require} (throws {@link dev.edgevm.core.NotFoundException}),
 *       {@code exists}, {@code list}, {@code start}, {@code stop}, {@code restart}, {@code pause},
 *       {@code unpause}, {@code console}, {@code events}, {@code delete}, and each named wait.</li>
 * </ul>
 * {@code get()} is deliberately not a verb here: fabric8's {@code get()} returns null for a
 * missing object, and both APIs are used side by side.
 *
 * <h2>Failures</h2>
 * Everything thrown is an {@link dev.edgevm.core.EdgeVmException}. Transient failures (5xx, 429
 * with the server's Retry-After, dropped connections, watches closed with 410) are retried under
 * {@link dev.edgevm.kubevirt.RetryConfig}; what the caller got wrong fails at once.
 */
package dev.edgevm.kubevirt;
