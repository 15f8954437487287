package dev.edgevm.embedded.internal.catalog;

import dev.edgevm.embedded.internal.api.ResourceCatalog;

/** The resource types every embedded cluster serves from the start. */
public final class Catalog {

  private Catalog() {
  }

  public static ResourceCatalog standard() {
    ResourceCatalog catalog = new ResourceCatalog();
    catalog.registerAll(CoreTypes.all());
    catalog.registerAll(KubeVirtTypes.all());
    catalog.registerAll(CdiTypes.all());
    catalog.registerAll(SnapshotTypes.all());
    catalog.registerAll(NetworkTypes.all());
    return catalog;
  }
}
