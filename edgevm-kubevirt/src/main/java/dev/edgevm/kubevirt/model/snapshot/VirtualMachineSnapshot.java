package dev.edgevm.kubevirt.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A KubeVirt snapshot of a VM (needs CSI storage with volume snapshots). */
@Group("snapshot.kubevirt.io")
@Version("v1beta1")
@Kind("VirtualMachineSnapshot")
@Plural("virtualmachinesnapshots")
@ShortNames({"vmsnapshot", "vmsnapshots"})
@JsonIgnoreProperties(ignoreUnknown = true)
public final class VirtualMachineSnapshot extends CustomResource<VirtualMachineSnapshotSpec, VirtualMachineSnapshotStatus> implements Namespaced {

    public static final String API_VERSION = "snapshot.kubevirt.io/v1beta1";
}
