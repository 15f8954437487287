package dev.edgevm.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A toleration of a node taint, as in a pod spec. {@code Toleration.exists("cmk", "NoSchedule")}
 * tolerates the runbook's CPU-manager taint.
 */
public final class Toleration {

    private static final java.util.Set<String> EFFECTS = java.util.Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private final String key;
    private final String operator;
    private final String value;
    private final String effect;

    private Toleration(String key, String operator, String value, String effect) {
        this.key = key;
        this.operator = operator;
        this.value = value;
        this.effect = effect;
        Violations v = Violations.collect();
        if (key != null) {
            KubernetesNames.checkQualifiedName(v, "key", key);
        } else {
            v.require("Exists".equals(operator), "key", "an empty key tolerates every taint only with operator Exists");
        }
        if (value != null) {
            KubernetesNames.checkLabelValue(v, "value", value);
        }
        v.require(effect == null || EFFECTS.contains(effect), "effect",
                "'" + effect + "' is not a taint effect: use NoSchedule, PreferNoSchedule or NoExecute (or none for all)");
        v.throwIfAny("Toleration");
    }

    /** Tolerates taints with this key and any value; {@code effect} null means every effect. */
    public static Toleration exists(String key, String effect) {
        return new Toleration(key, "Exists", null, effect);
    }

    /** Tolerates taints with this key and exactly this value. */
    public static Toleration equal(String key, String value, String effect) {
        return new Toleration(Objects.requireNonNull(key, "key"), "Equal", value, effect);
    }

    public Optional<String> key() {
        return Optional.ofNullable(key);
    }

    /** {@code Exists} or {@code Equal}. */
    public String operator() {
        return operator;
    }

    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    public Optional<String> effect() {
        return Optional.ofNullable(effect);
    }

    /** Whether this toleration tolerates a taint {@code key=value:effect}, with Kubernetes' rules. */
    public boolean tolerates(String taintKey, String taintValue, String taintEffect) {
        if (effect != null && !effect.equals(taintEffect)) {
            return false;
        }
        if (key == null) {
            return true;
        }
        if (!key.equals(taintKey)) {
            return false;
        }
        return "Exists".equals(operator) || Objects.equals(value == null ? "" : value, taintValue == null ? "" : taintValue);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Toleration t && Objects.equals(t.key, key) && t.operator.equals(operator)
                && Objects.equals(t.value, value) && Objects.equals(t.effect, effect);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator, value, effect);
    }

    @Override
    public String toString() {
        return (key == null ? "*" : key) + ("Equal".equals(operator) ? "=" + value : "") + ":" + (effect == null ? "*" : effect);
    }
}
