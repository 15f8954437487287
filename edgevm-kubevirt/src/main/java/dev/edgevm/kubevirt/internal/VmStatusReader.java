package dev.edgevm.kubevirt.internal;

import dev.edgevm.kubevirt.VmCondition;
import dev.edgevm.kubevirt.VmInterface;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.model.Condition;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads a {@link VmStatus} from a VirtualMachine and (if it has one) its VirtualMachineInstance. */
public final class VmStatusReader {

    private VmStatusReader() {}

    public static VmStatus read(String namespace, String name, VirtualMachine vm, VirtualMachineInstance vmi) {
        if (vm == null) {
            return VmStatus.absent(namespace, name);
        }
        VmStatus.Builder b = VmStatus.builder(namespace, name);
        List<VmCondition> conditions = new ArrayList<>();
        if (vm.getStatus() != null) {
            b.printableStatus(vm.getStatus().printableStatus()).ready(Boolean.TRUE.equals(vm.getStatus().ready()));
            addConditions(conditions, "VirtualMachine", vm.getStatus().conditions());
            if (vm.getStatus().stateChangeRequests() != null) {
                b.stateChangeRequests(vm.getStatus().stateChangeRequests().stream().filter(Objects::nonNull)
                        .map(r -> r.action() == null ? "?" : r.action()).toList());
            }
        }
        if (vm.getSpec() != null) {
            b.runStrategy(vm.getSpec().runStrategy() != null ? vm.getSpec().runStrategy()
                    : Boolean.TRUE.equals(vm.getSpec().running()) ? "Always" : "Halted");
            b.containerDiskImages(images(vm));
        }
        if (vmi != null && vmi.getMetadata() != null) {
            b.instanceUid(vmi.getMetadata().getUid());
        }
        if (vmi != null && vmi.getStatus() != null) {
            b.phase(vmi.getStatus().phase()).node(vmi.getStatus().nodeName());
            addConditions(conditions, "VirtualMachineInstance", vmi.getStatus().conditions());
            List<VmInterface> interfaces = new ArrayList<>();
            if (vmi.getStatus().interfaces() != null) {
                // A null entry is a malformed answer: skipped, like a condition that is null.
                vmi.getStatus().interfaces().stream().filter(Objects::nonNull).forEach(i -> interfaces.add(new VmInterface(i.name(), i.mac(),
                        i.ipAddresses() != null && !i.ipAddresses().isEmpty() ? i.ipAddresses()
                                : i.ipAddress() == null ? List.of() : List.of(i.ipAddress()),
                        i.interfaceName())));
            }
            b.interfaces(interfaces);
        }
        return b.conditions(conditions).build();
    }

    private static void addConditions(List<VmCondition> out, String source, List<Condition> conditions) {
        if (conditions != null) {
            conditions.stream().filter(Objects::nonNull).forEach(c -> out.add(new VmCondition(source, c.type(), c.status(), c.reason(), c.message())));
        }
    }

    private static List<String> images(VirtualMachine vm) {
        if (vm.getSpec().template() == null || vm.getSpec().template().spec() == null
                || vm.getSpec().template().spec().volumes() == null) {
            return List.of();
        }
        return vm.getSpec().template().spec().volumes().stream().map(Volume::containerDisk).filter(Objects::nonNull)
                .map(c -> c.image()).toList();
    }
}
