package dev.edgevm.core;

import java.util.Objects;

/** Names a Kubernetes object in messages and exceptions: kind, namespace (null if cluster-scoped) and name. */
public final class ObjectRef {

    private final String kind;
    private final String namespace;
    private final String name;

    private ObjectRef(String kind, String namespace, String name) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.namespace = namespace;
        this.name = name;
    }

    public static ObjectRef of(String kind, String namespace, String name) {
        return new ObjectRef(kind, namespace, name);
    }

    public static ObjectRef clusterScoped(String kind, String name) {
        return new ObjectRef(kind, null, name);
    }

    public String kind() {
        return kind;
    }

    /** The namespace, or null for a cluster-scoped object. */
    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectRef r && r.kind.equals(kind)
                && Objects.equals(r.namespace, namespace) && Objects.equals(r.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, namespace, name);
    }

    /**
     * {@code VirtualMachine default/centos-vm}, as kubectl users read it; without a name (a list),
     * {@code VirtualMachine in namespace default}.
     */
    @Override
    public String toString() {
        if (name == null) {
            return namespace == null ? kind : kind + " in namespace " + namespace;
        }
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
