package dev.edgevm.embedded.internal.catalog;

import dev.edgevm.embedded.internal.api.ResourceType;
import java.util.List;

/** Multus' NetworkAttachmentDefinition, which SR-IOV and bridge secondary networks are declared with. */
public final class NetworkTypes {

  public static final ResourceType NETWORK_ATTACHMENT_DEFINITIONS = ResourceType.namespaced("k8s.cni.cncf.io/v1",
          "NetworkAttachmentDefinition", "network-attachment-definitions")
      .shortNames("net-attach-def").build();

  private NetworkTypes() {
  }

  public static List<ResourceType> all() {
    return List.of(NETWORK_ATTACHMENT_DEFINITIONS);
  }
}
