package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A running (or starting, or ended) instance of a VM, in its virt-launcher pod. */
@Group("kubevirt.io")
@Version("v1")
@Kind("VirtualMachineInstance")
@Plural("virtualmachineinstances")
@ShortNames({"vmi", "vmis"})
@JsonIgnoreProperties(ignoreUnknown = true)
public final class VirtualMachineInstance extends CustomResource<VirtualMachineInstanceSpec, VirtualMachineInstanceStatus> implements Namespaced {

    public static final String API_VERSION = "kubevirt.io/v1";
}
