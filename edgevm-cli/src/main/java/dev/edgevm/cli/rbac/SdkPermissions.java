package dev.edgevm.cli.rbac;

import static dev.edgevm.cli.rbac.PermissionRule.Scope.CLUSTER;
import static dev.edgevm.cli.rbac.PermissionRule.Scope.NAMESPACE;

import dev.edgevm.cli.rbac.PermissionRule.Scope;
import java.util.List;

/**
 * What the SDK calls on a cluster, as RBAC rules, grouped by the feature that calls it: in the
 * namespace of its VMs, and cluster-wide (cluster-scoped resources; KubeVirt's, CDI's and the device
 * plugin's namespaces; lists across namespaces). The CLI's tests run the SDK on the embedded cluster
 * and match every request it makes to a rule of the right scope, so a call the SDK starts making
 * without a rule fails the build, and so does a rule no call uses.
 */
public final class SdkPermissions {

    private static final String LIFECYCLE = "VM lifecycle (edgevm-kubevirt): deploy, start/stop/pause, wait, console, events, delete";
    private static final String DOCTOR = "doctor (edgevm-kubevirt): KubeVirt/CDI health, KVM nodes, stuck namespaces";
    private static final String STORAGE = "stateful VMs (edgevm-storage): volume pool and its release leases, CDI uploads and placement, disk cleanup jobs,"
            + " storage checks (doctor --fix creates a missing local storage class)";
    private static final String SRIOV = "SR-IOV NICs (edgevm-sriov): NetworkAttachmentDefinitions, VF discovery, device plugin restart";
    private static final String ACROSS_NAMESPACES = "pods and NetworkPolicies wherever they are: VF and hugepage accounting per node"
            + " (edgevm-sriov), KubeVirt's and CDI's pods and CDI's upload proxy (doctor), the VMs' launcher and upload pods,"
            + " policies in front of VMs";
    private static final String SNAPSHOTS = "snapshots (edgevm-storage): VirtualMachineSnapshot/Restore, exports";

    private static final List<PermissionRule> RULES = List.of(
            PermissionRule.of(LIFECYCLE, NAMESPACE, "kubevirt.io", List.of("virtualmachines"), "get", "list", "watch", "create", "update", "delete"),
            PermissionRule.of(LIFECYCLE, NAMESPACE, "kubevirt.io", List.of("virtualmachineinstances"), "get", "list", "watch"),
            PermissionRule.of(LIFECYCLE, NAMESPACE, "subresources.kubevirt.io", List.of("virtualmachines/start", "virtualmachines/stop",
                    "virtualmachines/restart", "virtualmachineinstances/pause", "virtualmachineinstances/unpause"), "update"),
            PermissionRule.of(LIFECYCLE, NAMESPACE, "subresources.kubevirt.io", List.of("virtualmachineinstances/console"), "get"),
            PermissionRule.of(LIFECYCLE, NAMESPACE, "", List.of("secrets"), "get", "create", "update", "delete"),
            PermissionRule.of(LIFECYCLE, NAMESPACE, "", List.of("events"), "list"),
            PermissionRule.of(DOCTOR, CLUSTER, "kubevirt.io", List.of("kubevirts"), "list"),
            PermissionRule.of(DOCTOR, CLUSTER, "cdi.kubevirt.io", List.of("cdis"), "list"),
            PermissionRule.of(DOCTOR, CLUSTER, "", List.of("nodes", "namespaces"), "list"),
            PermissionRule.of(DOCTOR, CLUSTER, "", List.of("namespaces/finalize"), "update"),
            PermissionRule.of(ACROSS_NAMESPACES, CLUSTER, "", List.of("pods"), "list", "watch"),
            PermissionRule.of(ACROSS_NAMESPACES, CLUSTER, "networking.k8s.io", List.of("networkpolicies"), "list"),
            PermissionRule.of(STORAGE, NAMESPACE, "cdi.kubevirt.io", List.of("datavolumes"), "get", "list", "watch", "create", "delete"),
            PermissionRule.of(STORAGE, NAMESPACE, "upload.cdi.kubevirt.io", List.of("uploadtokenrequests"), "create"),
            PermissionRule.of(STORAGE, NAMESPACE, "", List.of("persistentvolumeclaims"), "get", "list", "watch", "delete"),
            PermissionRule.of(STORAGE, NAMESPACE, "batch", List.of("jobs"), "get", "list", "watch", "create", "delete"),
            PermissionRule.of(STORAGE, NAMESPACE, "", List.of("pods"), "get"),
            PermissionRule.of(STORAGE, CLUSTER, "cdi.kubevirt.io", List.of("cdiconfigs"), "get"),
            PermissionRule.of(STORAGE, CLUSTER, "cdi.kubevirt.io", List.of("cdis"), "update"),
            PermissionRule.of(STORAGE, CLUSTER, "", List.of("persistentvolumes"), "get", "list", "watch", "create", "update", "delete"),
            PermissionRule.of(STORAGE, CLUSTER, "storage.k8s.io", List.of("storageclasses"), "get", "list", "create"),
            PermissionRule.of(STORAGE, CLUSTER, "", List.of("nodes"), "get"),
            PermissionRule.of(SRIOV, NAMESPACE, "k8s.cni.cncf.io", List.of("network-attachment-definitions"), "get", "create", "delete"),
            PermissionRule.of(SRIOV, CLUSTER, "k8s.cni.cncf.io", List.of("network-attachment-definitions"), "list"),
            PermissionRule.of(SRIOV, CLUSTER, "", List.of("nodes"), "watch"),
            PermissionRule.of(SRIOV, CLUSTER, "", List.of("pods"), "delete"),
            PermissionRule.of(SNAPSHOTS, NAMESPACE, "snapshot.kubevirt.io", List.of("virtualmachinesnapshots", "virtualmachinerestores"),
                    "get", "list", "watch", "create", "delete"),
            PermissionRule.of(SNAPSHOTS, NAMESPACE, "snapshot.kubevirt.io", List.of("virtualmachinesnapshotcontents"), "get"),
            PermissionRule.of(SNAPSHOTS, NAMESPACE, "snapshot.storage.k8s.io", List.of("volumesnapshots"), "get"),
            PermissionRule.of(SNAPSHOTS, NAMESPACE, "export.kubevirt.io", List.of("virtualmachineexports"), "get", "list", "watch", "create", "delete"),
            PermissionRule.of(SNAPSHOTS, NAMESPACE, "", List.of("persistentvolumeclaims"), "create"),
            PermissionRule.of(SNAPSHOTS, NAMESPACE, "cdi.kubevirt.io", List.of("datavolumes"), "patch"),
            PermissionRule.of(SNAPSHOTS, NAMESPACE, "", List.of("pods/log"), "get"),
            PermissionRule.of(SNAPSHOTS, CLUSTER, "snapshot.storage.k8s.io", List.of("volumesnapshotclasses"), "list"),
            PermissionRule.of(SNAPSHOTS, CLUSTER, "", List.of("persistentvolumes"), "patch"));

    private SdkPermissions() {}

    public static List<PermissionRule> rules() {
        return RULES;
    }

    public static List<PermissionRule> rules(Scope scope) {
        return RULES.stream().filter(r -> r.scope() == scope).toList();
    }

    /** Whether a rule of {@code scope} grants {@code verb} on {@code resource} of {@code apiGroup}. */
    public static boolean allows(Scope scope, String apiGroup, String resource, String verb) {
        return rules(scope).stream().anyMatch(r -> r.allows(apiGroup, resource, verb));
    }
}
