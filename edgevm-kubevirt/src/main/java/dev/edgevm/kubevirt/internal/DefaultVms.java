package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.Violations;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.Vms;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

final class DefaultVms implements Vms {

    private final DefaultEdgeVm edge;
    private final String namespace;
    private final boolean explicitNamespace;

    DefaultVms(DefaultEdgeVm edge, String namespace) {
        this(edge, namespace, false);
    }

    private DefaultVms(DefaultEdgeVm edge, String namespace, boolean explicitNamespace) {
        this.edge = edge;
        this.namespace = namespace;
        this.explicitNamespace = explicitNamespace;
    }

    @Override
    public Vms inNamespace(String ns) {
        checkName("namespace", ns);
        return new DefaultVms(edge, ns, true);
    }

    @Override
    public VmResource withName(String name) {
        checkName("name", name);
        return new DefaultVmResource(edge, namespace, name);
    }

    @Override
    public DeployedVm deploy(VmSpec spec) {
        return deploy(spec, ProgressListener.none());
    }

    @Override
    public DeployedVm deploy(VmSpec spec, ProgressListener progress) {
        return run(spec, progress, false);
    }

    @Override
    public DeployedVm apply(VmSpec spec) {
        return run(spec, ProgressListener.none(), true);
    }

    private DeployedVm run(VmSpec spec, ProgressListener progress, boolean replace) {
        Objects.requireNonNull(spec, "spec");
        String target = spec.namespace().orElse(namespace);
        if (explicitNamespace && spec.namespace().isPresent() && !spec.namespace().get().equals(namespace)) {
            throw DeployOperation.namespaceMismatch(spec.namespace().get(), namespace);
        }
        VmSpec placed = spec.namespace().isPresent() ? spec : spec.toBuilder().namespace(target).build();
        DeployOutcome outcome = new DeployOperation(edge, placed, progress == null ? ProgressListener.none() : progress, replace).run();
        return new DefaultVmResource(edge, target, spec.name(), outcome);
    }

    @Override
    public List<VmStatus> list() {
        return list(Map.of());
    }

    @Override
    public List<VmStatus> list(Map<String, String> labels) {
        ObjectRef ref = ObjectRef.of("VirtualMachine", namespace, null);
        List<VirtualMachine> vms = edge.call("list", ref,
                () -> edge.client().resources(VirtualMachine.class).inNamespace(namespace).withLabels(labels).list().getItems());
        Map<String, VirtualMachineInstance> vmis = edge.call("list", ObjectRef.of("VirtualMachineInstance", namespace, null),
                () -> edge.client().resources(VirtualMachineInstance.class).inNamespace(namespace).list().getItems())
                .stream().filter(DefaultVms::named)
                .collect(Collectors.toMap(i -> i.getMetadata().getName(), Function.identity(), (a, b) -> a));
        return vms.stream().filter(DefaultVms::named)
                .map(vm -> VmStatusReader.read(namespace, vm.getMetadata().getName(), vm, vmis.get(vm.getMetadata().getName())))
                .collect(Collectors.toList());
    }

    /** An API server never lists an object without a name; a broken proxy might, and one bad item must not hide the rest. */
    private static boolean named(HasMetadata item) {
        return item != null && item.getMetadata() != null && item.getMetadata().getName() != null;
    }

    private static void checkName(String what, String name) {
        Violations v = Violations.collect();
        KubernetesNames.checkLabelName(v, what, name);
        v.throwIfAny(what);
    }
}
