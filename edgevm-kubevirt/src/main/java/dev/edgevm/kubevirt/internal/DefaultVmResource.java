package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.IngressPolicyFinding;
import dev.edgevm.kubevirt.VmConsole;
import dev.edgevm.kubevirt.VmEvent;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.VmWaiter;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One VM. Every call reads or writes the cluster; the handle remembers only the instance its last
 * restart replaced, so that its waits wait for the instance that replaces it.
 */
final class DefaultVmResource implements DeployedVm {

    private final DefaultEdgeVm edge;
    private final String namespace;
    private final String name;
    private final DeployOutcome outcome;
    private final ObjectRef ref;
    private final Subresources subresources;
    /** The uid of the instance a restart through this handle replaced; null before any. */
    private volatile String replacedInstance;

    DefaultVmResource(DefaultEdgeVm edge, String namespace, String name) {
        this(edge, namespace, name, null);
    }

    DefaultVmResource(DefaultEdgeVm edge, String namespace, String name, DeployOutcome outcome) {
        this.edge = edge;
        this.namespace = namespace;
        this.name = name;
        this.outcome = outcome;
        this.ref = ObjectRef.of("VirtualMachine", namespace, name);
        this.subresources = new Subresources(edge.client(), edge.calls());
    }

    @Override
    public DeployOutcome outcome() {
        if (outcome == null) {
            throw new IllegalStateException("only a VM returned by deploy or apply has an outcome");
        }
        return outcome;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<VmStatus> find() {
        VirtualMachine vm = edge.call("get", ref, () -> edge.client().resources(VirtualMachine.class).inNamespace(namespace).withName(name).get());
        if (vm == null) {
            return Optional.empty();
        }
        return Optional.of(VmStatusReader.read(namespace, name, vm, readInstance()));
    }

    private VirtualMachineInstance readInstance() {
        return edge.call("get", ObjectRef.of("VirtualMachineInstance", namespace, name),
                () -> edge.client().resources(VirtualMachineInstance.class).inNamespace(namespace).withName(name).get());
    }

    @Override
    public VmStatus require() {
        return find().orElseThrow(() -> new NotFoundException(ref + " does not exist", ref, null));
    }

    @Override
    public boolean exists() {
        return edge.call("get", ref, () -> edge.client().resources(VirtualMachine.class).inNamespace(namespace).withName(name).get()) != null;
    }

    @Override
    public Optional<String> ipAddress() {
        VirtualMachineInstance vmi = readInstance();
        return vmi == null ? Optional.empty() : VmStatusReader.read(namespace, name, new VirtualMachine(), vmi).ipAddress();
    }

    @Override
    public void start() {
        transition(() -> subresources.onVm(namespace, name, "start", Map.of()));
    }

    @Override
    public void stop() {
        transition(() -> subresources.onVm(namespace, name, "stop", Map.of()));
    }

    @Override
    public void stop(Duration gracePeriod) {
        transition(() -> subresources.onVm(namespace, name, "stop", Map.of("gracePeriod", gracePeriod.toSeconds())));
    }

    @Override
    public void restart() {
        // The instance running now: until it is gone and another runs, the restart has not happened.
        VirtualMachineInstance before = readInstance();
        transition(() -> subresources.onVm(namespace, name, "restart", Map.of()));
        if (before != null && before.getMetadata() != null && before.getMetadata().getUid() != null) {
            replacedInstance = before.getMetadata().getUid();
        }
    }

    @Override
    public void pause() {
        transition(() -> subresources.onInstance(namespace, name, "pause", Map.of()));
    }

    @Override
    public void unpause() {
        transition(() -> subresources.onInstance(namespace, name, "unpause", Map.of()));
    }

    /** Runs a transition; one KubeVirt refuses is reported with the state the VM is in. */
    private void transition(Runnable request) {
        try {
            request.run();
        } catch (ConflictException refused) {
            String state;
            try {
                state = find().map(VmStatus::toString).orElse("absent");
            } catch (EdgeVmException unreadable) {
                throw refused;
            }
            throw new ConflictException(refused.getMessage() + "; the VM is " + state,
                    refused.reason().orElse("Conflict"), refused.statusMessage().orElse(null), refused.object().orElse(ref), refused);
        }
    }

    @Override
    public VmWaiter await() {
        return new DefaultVmWaiter(edge, namespace, name, Optional.ofNullable(replacedInstance));
    }

    @Override
    public VmConsole console() {
        return ConsoleConnection.open(edge, subresources.url(namespace, "virtualmachineinstances", name, "console"),
                ObjectRef.of("VirtualMachineInstance", namespace, name));
    }

    @Override
    public List<VmEvent> events() {
        return new EventsReader(edge).eventsOf(namespace, name);
    }

    @Override
    public List<IngressPolicyFinding> ingressBlockers() {
        return new IngressPolicies(edge).blocking(namespace, name);
    }

    @Override
    public boolean delete() {
        return delete(DeleteOptions.defaults());
    }

    @Override
    public boolean delete(DeleteOptions options) {
        return new DeleteOperation(edge, namespace, name, options).run();
    }

    @Override
    public String toString() {
        return ref.toString();
    }
}
