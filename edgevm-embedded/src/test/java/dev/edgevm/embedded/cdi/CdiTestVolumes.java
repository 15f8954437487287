package dev.edgevm.embedded.cdi;

import io.fabric8.kubernetes.api.model.PersistentVolume;

/** Local volumes pre-bound to a claim, for tests of other packages. */
public final class CdiTestVolumes {

  private CdiTestVolumes() {
  }

  public static PersistentVolume local(String name, String node, String path, String size, String claim) {
    return CdiFixtures.localVolume(name, node, path, size, claim);
  }
}
