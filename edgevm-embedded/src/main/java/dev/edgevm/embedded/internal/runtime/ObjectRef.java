package dev.edgevm.embedded.internal.runtime;

/** The namespace (null if cluster-scoped) and name of the object a controller works on. */
public record ObjectRef(String namespace, String name) {

  @Override
  public String toString() {
    return namespace == null ? name : namespace + "/" + name;
  }
}
