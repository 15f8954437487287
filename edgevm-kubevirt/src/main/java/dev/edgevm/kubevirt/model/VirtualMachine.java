package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A KubeVirt VirtualMachine ({@code kubevirt.io/v1}): a VM that keeps its identity across instances. */
@Group("kubevirt.io")
@Version("v1")
@Kind("VirtualMachine")
@Plural("virtualmachines")
@ShortNames({"vm", "vms"})
@JsonIgnoreProperties(ignoreUnknown = true)
public final class VirtualMachine extends CustomResource<VirtualMachineSpec, VirtualMachineStatus> implements Namespaced {

    public static final String API_VERSION = "kubevirt.io/v1";
}
