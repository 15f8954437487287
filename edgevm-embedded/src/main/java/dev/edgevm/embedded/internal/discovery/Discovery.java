package dev.edgevm.embedded.internal.discovery;

import java.util.List;

/** Lets components announce API groups they serve through routes (aggregated APIs) in discovery. */
public final class Discovery {

  private final DiscoveryDocuments documents;

  Discovery(DiscoveryDocuments documents) {
    this.documents = documents;
  }

  /**
   * Lists the group in {@code /apis}; its {@code /apis/<group>/<version>} documents are the
   * route's to serve.
   */
  public void aggregatedGroup(String group, String... versions) {
    documents.addAggregatedGroup(group, List.of(versions));
  }
}
