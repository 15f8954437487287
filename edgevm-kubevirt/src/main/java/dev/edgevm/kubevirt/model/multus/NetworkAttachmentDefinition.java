package dev.edgevm.kubevirt.model.multus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Multus network: the CNI configuration pods (and VMs) attach extra NICs with. */
@Group("k8s.cni.cncf.io")
@Version("v1")
@Kind("NetworkAttachmentDefinition")
@Plural("network-attachment-definitions")
@ShortNames({"net-attach-def"})
@JsonIgnoreProperties(ignoreUnknown = true)
public final class NetworkAttachmentDefinition extends CustomResource<NetworkAttachmentDefinitionSpec, Void> implements Namespaced {

    public static final String API_VERSION = "k8s.cni.cncf.io/v1";
}
