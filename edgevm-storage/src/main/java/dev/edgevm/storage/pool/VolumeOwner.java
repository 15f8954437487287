package dev.edgevm.storage.pool;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Violations;
import java.util.Objects;

/**
 * Who a pool volume belongs to: a VM (namespace and name), or for a standalone upload the
 * DataVolume it was uploaded into. Recorded in the volume's {@code edgevm.dev/vm} and
 * {@code edgevm.dev/vm-namespace} labels.
 */
public final class VolumeOwner {

    private final String namespace;
    private final String name;

    private VolumeOwner(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    /** @throws InvalidSpecException if either is not a valid Kubernetes name */
    public static VolumeOwner of(String namespace, String name) {
        Violations v = Violations.collect();
        if (namespace == null) {
            v.add("namespace", Violations.MISSING);
        } else {
            KubernetesNames.checkLabelName(v, "namespace", namespace);
        }
        if (name == null) {
            v.add("name", Violations.MISSING);
        } else {
            KubernetesNames.checkLabelName(v, "name", name);
        }
        v.throwIfAny("VolumeOwner");
        return new VolumeOwner(namespace, name);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VolumeOwner other && other.namespace.equals(namespace) && other.name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(namespace, name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
