package dev.edgevm.sriov;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.network.SriovNic;
import dev.edgevm.kubevirt.model.multus.NetworkAttachmentDefinition;
import dev.edgevm.sriov.internal.NetworkAttachments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A Multus network on SR-IOV virtual functions: a NetworkAttachmentDefinition whose
 * {@code k8s.v1.cni.cncf.io/resourceName} annotation names the device plugin resource the VFs come
 * from, and whose CNI config is the {@code sriov} plugin, tagged with {@code vlan} if given. It has
 * no IPAM: the guest configures its own address (from cloud-init network data).
 */
@Value.Immutable
@EdgeVmStyle
public abstract class SriovNetwork {

    static final Pattern RESOURCE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    /** The NetworkAttachmentDefinition's name, e.g. {@code sriov-openness-vm}. */
    public abstract String name();

    /** Its namespace; when absent, the EdgeVm's default namespace. */
    public abstract Optional<String> namespace();

    /** The device plugin resource, e.g. {@code intel.com/intel_sriov_vm}. */
    public abstract String resource();

    /** The VLAN the VFs are tagged with (0 means untagged). */
    public abstract OptionalInt vlan();

    public static SriovNetwork of(String name, String resource) {
        return builder().name(name).resource(resource).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The networks deploying {@code spec} creates where they are missing: one per network its
     * SR-IOV NICs name with a resource, in the NIC's namespace, else the VM's (absent when the spec
     * leaves it to where it is deployed).
     */
    public static List<SriovNetwork> neededBy(VmSpec spec) {
        Map<String, SriovNetwork> networks = new LinkedHashMap<>();
        for (SriovNic nic : spec.sriovNics()) {
            if (nic.resource().isEmpty()) {
                continue; // such a NIC uses an existing network, which deploy only checks
            }
            Optional<String> namespace = nic.networkNamespace().or(spec::namespace);
            networks.putIfAbsent(namespace.orElse("") + "/" + nic.networkName(), builder().name(nic.networkName()).namespace(namespace)
                    .resource(nic.resource().get()).vlan(nic.vlan()).build());
        }
        return List.copyOf(networks.values());
    }

    /** The NetworkAttachmentDefinition {@link EdgeSriov#ensureNetwork} creates for this network, rendered without a cluster. */
    public NetworkAttachmentDefinition toNetworkAttachmentDefinition() {
        return NetworkAttachments.render(this, namespace().orElse(null));
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        KubernetesNames.checkLabelName(v, "name", name());
        namespace().ifPresent(ns -> KubernetesNames.checkLabelName(v, "namespace", ns));
        if (resource() == null) {
            v.add("resource", Violations.MISSING + " (e.g. intel.com/intel_sriov_vm)");
        } else {
            v.require(RESOURCE_NAME.matcher(resource()).matches(), "resource",
                    "'" + resource() + "' is not a device plugin resource name of the form domain/name (e.g. intel.com/intel_sriov_vm)");
        }
        vlan().ifPresent(id -> v.require(id >= 0 && id <= 4094, "vlan", "must be between 0 and 4094, was " + id));
        v.throwIfAny("SriovNetwork " + name());
    }

    public static final class Builder extends ImmutableSriovNetwork.Builder implements SpecBuilder<SriovNetwork> {}
}
