package dev.edgevm.storage.cdi;

import dev.edgevm.core.Toleration;
import java.util.Objects;
import java.util.Optional;

/**
 * A taint on a node, e.g. the CPU manager's {@code cmk:NoSchedule} on node03, and the toleration
 * that lets a pod past it.
 */
public final class NodeTaint {

    private final String node;
    private final String key;
    private final String value;
    private final String effect;

    private NodeTaint(String node, String key, String value, String effect) {
        this.node = node;
        this.key = Objects.requireNonNull(key, "key");
        this.value = value == null || value.isEmpty() ? null : value;
        this.effect = Objects.requireNonNull(effect, "effect");
    }

    /** A taint as found on {@code node}. */
    public static NodeTaint on(String node, String key, String value, String effect) {
        return new NodeTaint(Objects.requireNonNull(node, "node"), key, value, effect);
    }

    /** A taint of any node, e.g. {@code NodeTaint.of("cmk", "NoSchedule")}. */
    public static NodeTaint of(String key, String effect) {
        return new NodeTaint(null, key, null, effect);
    }

    /** A taint with a value, of any node, e.g. {@code NodeTaint.of("dedicated", "edge", "NoSchedule")}. */
    public static NodeTaint of(String key, String value, String effect) {
        return new NodeTaint(null, key, value, effect);
    }

    /** The node it was found on; empty for a taint named without a node. */
    public Optional<String> node() {
        return Optional.ofNullable(node);
    }

    public String key() {
        return key;
    }

    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** NoSchedule, PreferNoSchedule or NoExecute. */
    public String effect() {
        return effect;
    }

    /** What tolerates it: the key with any value ({@code Exists}) when it has none, else that value ({@code Equal}). */
    public Toleration toleration() {
        return value == null ? Toleration.exists(key, effect) : Toleration.equal(key, value, effect);
    }

    /**
     * Whether Kubernetes itself manages the taint: its key has a prefix in the {@code kubernetes.io}
     * or {@code k8s.io} domains, which Kubernetes reserves for its own components (the node
     * lifecycle's {@code node.kubernetes.io/not-ready}, {@code unreachable}, {@code unschedulable}
     * of a cordoned node, the {@code node-role.kubernetes.io/control-plane} role, ...). Such taints
     * say the node should not take ordinary pods now; edgevm never tolerates them for CDI.
     */
    public boolean kubernetesManaged() {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String domain = key.substring(0, slash);
        return domain.equals("kubernetes.io") || domain.endsWith(".kubernetes.io") || domain.equals("k8s.io")
                || domain.endsWith(".k8s.io");
    }

    /** The same taint without its node. */
    public NodeTaint anyNode() {
        return new NodeTaint(null, key, value, effect);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeTaint t && Objects.equals(t.node, node) && t.key.equals(key) && Objects.equals(t.value, value)
                && t.effect.equals(effect);
    }

    @Override
    public int hashCode() {
        return Objects.hash(node, key, value, effect);
    }

    /** {@code cmk:NoSchedule on node03}, as kubectl describe shows a taint. */
    @Override
    public String toString() {
        return key + (value == null ? "" : "=" + value) + ":" + effect + (node == null ? "" : " on " + node);
    }
}
