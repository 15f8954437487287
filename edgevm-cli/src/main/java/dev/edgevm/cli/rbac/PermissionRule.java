package dev.edgevm.cli.rbac;

import java.util.List;

/**
 * One rule: verbs on resources of API groups, where, and why the SDK needs them.
 *
 * @param purpose what the SDK does with it, e.g. {@code VM lifecycle (edgevm-kubevirt)}
 * @param scope in the namespace of the VMs (a Role there), or cluster-wide (a ClusterRole)
 * @param resources plural names, subresources as {@code virtualmachines/start}
 */
public record PermissionRule(String purpose, Scope scope, List<String> apiGroups, List<String> resources, List<String> verbs) {

    /** Where a rule is needed. */
    public enum Scope {
        /** In the namespace the SDK's VMs are in. */
        NAMESPACE,
        /** Cluster-scoped resources, or namespaced ones in other namespaces (KubeVirt's, CDI's, the device plugin's) or in all. */
        CLUSTER
    }

    public PermissionRule {
        apiGroups = List.copyOf(apiGroups);
        resources = List.copyOf(resources);
        verbs = List.copyOf(verbs);
    }

    public static PermissionRule of(String purpose, Scope scope, String apiGroup, List<String> resources, String... verbs) {
        return new PermissionRule(purpose, scope, List.of(apiGroup), resources, List.of(verbs));
    }

    /** Whether this rule grants {@code verb} on {@code resource} (with {@code /subresource}) of {@code apiGroup}. */
    public boolean allows(String apiGroup, String resource, String verb) {
        return apiGroups.contains(apiGroup) && resources.contains(resource) && verbs.contains(verb);
    }
}
