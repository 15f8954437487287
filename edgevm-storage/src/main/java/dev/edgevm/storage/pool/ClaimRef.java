package dev.edgevm.storage.pool;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Violations;
import java.util.Objects;

/**
 * The PersistentVolumeClaim a pool volume is pre-bound to through its {@code spec.claimRef}: the
 * claim of a DataVolume (its own name) or CDI's scratch claim ({@code <dataVolume>-scratch}).
 * Pre-binding makes exactly this volume bind to exactly this claim, even with WaitForFirstConsumer.
 */
public final class ClaimRef {

    /** CDI names the scratch claim of an upload after the DataVolume's claim with this suffix. */
    public static final String SCRATCH_SUFFIX = "-scratch";

    private final String namespace;
    private final String name;

    private ClaimRef(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    /** @throws InvalidSpecException if either is not a valid Kubernetes name */
    public static ClaimRef of(String namespace, String name) {
        Violations v = Violations.collect();
        if (namespace == null) {
            v.add("namespace", Violations.MISSING);
        } else {
            KubernetesNames.checkLabelName(v, "namespace", namespace);
        }
        if (name == null) {
            v.add("name", Violations.MISSING);
        } else if (!KubernetesNames.isDns1123Subdomain(name)) {
            v.add("name", "'" + name + "' is not a valid claim name");
        }
        v.throwIfAny("ClaimRef");
        return new ClaimRef(namespace, name);
    }

    /** CDI's scratch claim for uploads into this claim. */
    public ClaimRef scratch() {
        return new ClaimRef(namespace, name + SCRATCH_SUFFIX);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClaimRef other && other.namespace.equals(namespace) && other.name.equals(name);
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
