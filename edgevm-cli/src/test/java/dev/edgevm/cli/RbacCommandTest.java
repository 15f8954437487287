package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.edgevm.cli.demo.DemoImage;
import dev.edgevm.cli.rbac.PermissionRule;
import dev.edgevm.cli.rbac.PermissionRule.Scope;
import dev.edgevm.cli.rbac.SdkPermissions;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.PageSize;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgevm rbac}: a Role for the VMs' namespace and a ClusterRole for what is cluster-wide, with
 * their bindings, the same as YAML and JSON; together they allow every request the SDK makes when the
 * commands run (and the SDK calls no command makes), each in the scope it is made in, and no grant
 * is there that nothing uses.
 */
class RbacCommandTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String NS = "edge";
    private static final String VF = "intel.com/intel_sriov_vm";

    @TempDir
    static Path dir;

    @Test
    void byDefault_aRoleInTheNamespace_andAClusterRoleForTheRest_withTheirBindings() {
        Cli.Result yaml = Cli.run("rbac", "-n", NS);
        Cli.Result json = Cli.run("-o", "json", "rbac", "-n", NS, "--service-account", "ops:vm-operator");

        assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
        assertThat(yaml.out()).startsWith("# What the edgevm SDK calls in the namespace of its VMs.").contains("# VM lifecycle (edgevm-kubevirt)");
        List<HasMetadata> fromYaml = SERIALIZATION.unmarshal(yaml.out());
        List<HasMetadata> fromJson = SERIALIZATION.unmarshal(json.out(), KubernetesList.class).getItems();
        assertThat(fromYaml).extracting(HasMetadata::getKind).containsExactly("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
        assertThat(fromJson).extracting(HasMetadata::getKind).containsExactly("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
        Role role = (Role) fromYaml.get(0);
        ClusterRole clusterRole = (ClusterRole) fromYaml.get(2);
        assertThat(role.getMetadata().getNamespace()).isEqualTo(NS);
        assertThat(role.getRules()).isEqualTo(((Role) fromJson.get(0)).getRules()).hasSize(SdkPermissions.rules(Scope.NAMESPACE).size());
        assertThat(clusterRole.getRules()).isEqualTo(((ClusterRole) fromJson.get(2)).getRules())
                .hasSize(SdkPermissions.rules(Scope.CLUSTER).size());
        assertThat(role.getRules()).anySatisfy(r -> {
            assertThat(r.getResources()).containsExactly("secrets");
            assertThat(r.getVerbs()).contains("get", "create", "update", "delete");
        });
        assertThat(clusterRole.getRules()).as("Secrets are read and written only in the VMs' namespace")
                .noneMatch(r -> r.getResources().contains("secrets"));
        assertThat(clusterRole.getRules()).anyMatch(r -> r.getResources().contains("persistentvolumes"));
        RoleBinding binding = (RoleBinding) fromYaml.get(1);
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("edgevm");
            assertThat(s.getNamespace()).isEqualTo(NS);
        });
        assertThat(((ClusterRoleBinding) fromJson.get(3)).getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo("vm-operator");
            assertThat(s.getNamespace()).isEqualTo("ops");
        });
    }

    @Test
    void clusterWide_isOneClusterRoleWithEveryRule() {
        Cli.Result r = Cli.run("rbac", "--cluster-wide", "--name", "edgevm-operator");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<HasMetadata> objects = SERIALIZATION.unmarshal(r.out());
        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("ClusterRole", "ClusterRoleBinding");
        assertThat(((ClusterRole) objects.get(0)).getRules()).hasSize(SdkPermissions.rules().size());
        assertThat(objects.get(0).getMetadata().getName()).isEqualTo("edgevm-operator");
    }

    @Test
    void everyRequestTheSdkMakes_isAllowedInItsScope_andEveryGrantIsUsed() throws Exception {
        List<ClusterRequest> made = new ArrayList<>();
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().namespace(NS).nodes(3)
                .node("node01", n -> n.allocatable(VF, "1").allocatable("hugepages-2Mi", "8Gi"))
                .node("node03", n -> n.taint("cmk", null, "NoSchedule")).start()) {
            cluster.client().network().v1().networkPolicies().inNamespace(NS).resource(new NetworkPolicyBuilder()
                    .withNewMetadata().withName("block-all-ingress").endMetadata()
                    .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress").endSpec().build()).create();
            cluster.requests().reset();

            statelessFlows(cluster);
            sdkOnlyFlows(cluster);
            statefulFlows(cluster);
            made.addAll(cluster.requests().list());
            // the runbook's kubectl delete dv, by hand: its volume turns Released, for pv release
            cluster.client().resources(DataVolume.class).inNamespace(NS).withName("standalone-dv").delete();
            cluster.client().persistentVolumes().withName("node02-vol0")
                    .waitUntilCondition(pv -> pv != null && "Released".equals(pv.getStatus().getPhase()), 2, TimeUnit.MINUTES);
            cluster.requests().reset();
            run(cluster, "pv", "release", "-n", NS, "--owner", "standalone-dv");
            made.addAll(cluster.requests().list());
            RunbookTrouble.removeKubevirtInTheWrongOrder(cluster.client());
            cluster.client().storage().v1().storageClasses().withName("local-storage").delete(); // doctor --fix makes it again
            cluster.requests().reset();
            run(cluster, "doctor", "-n", NS, "--fix");
            made.addAll(cluster.requests().list());
        }

        List<ClusterRequest> api = made.stream().filter(r -> r.resource() != null).toList();
        List<String> denied = api.stream().filter(r -> !allowed(r))
                .map(r -> verb(r) + " " + grant(r.group(), resource(r), "") + (inNamespace(r) ? " in " + NS : " cluster-wide") + " (" + r + ")")
                .distinct().collect(Collectors.toList());
        assertThat(made).as("requests made").hasSizeGreaterThan(10)
                .anyMatch(r -> "finalize".equals(r.subresource())).anyMatch(r -> "console".equals(r.subresource()))
                .anyMatch(r -> r.isFor("uploadtokenrequests")).anyMatch(r -> r.isFor("cdis") && r.method().equals("PUT"))
                .anyMatch(r -> r.isFor("jobs")).anyMatch(r -> r.isFor("persistentvolumes") && r.method().equals("DELETE"));
        assertThat(denied).as("requests the roles do not allow in the scope they are made in").isEmpty();

        Set<String> unused = new TreeSet<>();
        Set<String> redundant = new TreeSet<>();
        for (PermissionRule rule : SdkPermissions.rules()) {
            for (String group : rule.apiGroups()) {
                for (String resource : rule.resources()) {
                    for (String verb : rule.verbs()) {
                        String grant = grant(group, resource, verb);
                        // An informer lists, then watches only if the list did not already show what it waits for:
                        // its watch is needed wherever its list is, whether this run's timing got that far or not.
                        String listed = verb.equals("watch") ? grant(group, resource, "list") : grant;
                        boolean used = api.stream().anyMatch(r -> (grant(r.group(), resource(r), verb(r)).equals(grant)
                                        || grant(r.group(), resource(r), verb(r)).equals(listed))
                                && (rule.scope() == Scope.CLUSTER ? !inNamespace(r) : inNamespace(r)));
                        if (!used) {
                            unused.add(grant + " (" + rule.scope() + ")");
                        }
                        if (rule.scope() == Scope.NAMESPACE && SdkPermissions.allows(Scope.CLUSTER, group, resource, verb)) {
                            redundant.add(grant);
                        }
                    }
                }
            }
        }
        assertThat(redundant).as("namespace grants the ClusterRole grants too").isEmpty();
        Map<String, String> expectedUnused = new LinkedHashMap<>(NEEDED_ELSEWHERE);
        if (DemoImage.qemuImg().isEmpty()) {
            expectedUnused.putAll(NEEDS_QEMU_IMG);
        }
        assertThat(unused).as("grants no flow of this test used, beyond those NEEDED_ELSEWHERE names").isEqualTo(expectedUnused.keySet());
    }

    private static void statelessFlows(EmbeddedEdgeCluster cluster) throws Exception {
        run(cluster, "deploy", "-n", NS, "--name", "cirros", "--memory", "1Gi", "--container-disk", "kubevirt/cirros-registry-disk-demo",
                "--user-data-file", Files.writeString(dir.resolve("user-data"), "#cloud-config\nruncmd:\n  - echo hello\n").toString());
        run(cluster, "deploy", "-n", NS, "--name", "debian-sriov-vm", "--memory", "4096Mi", "--hugepages", "2Mi",
                "--container-disk", "registry.local:5000/debian-sriov:10", "--sriov", "sriov-openness-vm",
                "--sriov-resource", VF, "--sriov-address", "192.168.100.2/24");
        run(cluster, "start", "cirros", "-n", NS);
        run(cluster, "wait", "cirros", "-n", NS, "--for", "running", "--timeout", "2m");
        run(cluster, "ip", "cirros", "-n", NS);
        Cli.typing(cluster, "", "console", "cirros", "-n", NS);
        run(cluster, "pause", "cirros", "-n", NS);
        run(cluster, "wait", "cirros", "-n", NS, "--for", "paused", "--timeout", "2m");
        run(cluster, "unpause", "cirros", "-n", NS);
        run(cluster, "stop", "cirros", "-n", NS);
        run(cluster, "wait", "cirros", "-n", NS, "--for", "stopped", "--timeout", "2m");
        run(cluster, "start", "cirros", "-n", NS);
        run(cluster, "wait", "cirros", "-n", NS, "--for", "running", "--timeout", "2m");
        run(cluster, "restart", "cirros", "-n", NS);
        run(cluster, "list", "-n", NS);
        run(cluster, "get", "cirros", "-n", NS);
        run(cluster, "events", "cirros", "-n", NS);
        run(cluster, "delete", "cirros", "-n", NS, "--wait");
        // the runbook's SR-IOV steps 2 and 3
        run(cluster, "sriov", "restart-device-plugin", "node01", "-n", NS, "--timeout", "2m");
        run(cluster, "sriov", "availability", "-n", NS);
        run(cluster, "sriov", "availability", VF, "-n", NS);
    }

    /** What the SDK does that no command does: apply a changed spec, undo an SR-IOV deploy that fails after creating its network. */
    private static void sdkOnlyFlows(EmbeddedEdgeCluster cluster) {
        VmSpec withUserData = VmSpec.builder().name("applied").namespace(NS).memory("1Gi")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
                .cloudInit(c -> c.chpasswd("root", "toor").expirePasswords(false)).build();
        try (EdgeVm edge = EdgeVm.using(cluster.client())) {
            edge.vms().deploy(withUserData);
            edge.vms().apply(withUserData.toBuilder().cpuCores(2).cloudInit(c -> c.chpasswd("root", "changed").expirePasswords(false)).build());
        }
        try (EdgeVm noRetries = EdgeVm.using(cluster.client(), RetryConfig.none())) {
            cluster.faults().failNext(1, FaultKind.INTERNAL_ERROR, r -> r.isFor("virtualmachines") && r.method().equals("POST"));
            Throwable failed = catchThrowable(() -> noRetries.vms().deploy(VmSpec.builder().name("undone").namespace(NS).memory("1Gi")
                    .hugepages(PageSize.MI_2).rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
                    .sriovNic(n -> n.network("undone-net").resource(VF).address("192.168.200.2/24")).build()));
            assertThat(failed).as("a deploy whose VM create fails undoes its network").isInstanceOf(OperationFailedException.class);
        } finally {
            cluster.faults().clear();
        }
    }

    /** Uploads (one refused by the CPU manager's taint), a stateful deploy, the pool, snapshots, and a purge. */
    private static void statefulFlows(EmbeddedEdgeCluster cluster) throws Exception {
        Path image = TestImages.raw(dir, "rbac.img", 1, 9);
        Path key = Files.writeString(dir.resolve("id.pub"),
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0Gq0u6nRkAbsu0pHf3f0eY9rDMSRCKj1MyCO5eQzB root@controller\n");
        run(cluster, "upload", "-n", NS, "--dv", "standalone-dv", "--image", image.toString(), "--size", "64Mi", "--node", "node02");
        assertThat(Cli.on(cluster, "upload", "-n", NS, "--dv", "cmk-dv", "--image", image.toString(), "--size", "64Mi",
                "--node", "node03").exitCode()).as("an upload to the tainted node fails, and is undone").isEqualTo(1);
        assertThat(Cli.on(cluster, "upload", "-n", NS, "--dv", "sc-dv", "--image", image.toString(), "--size", "64Mi",
                "--storage-class", "fast-nvme").exitCode()).as("a storage class the cluster lacks").isEqualTo(2);
        run(cluster, "deploy", "-n", NS, "--name", "centos-vm", "--memory", "1Gi", "--node", "node01", "--run-strategy", "Always",
                "--upload-image", image.toString(), "--disk-size", "64Mi", "--user", "root", "--ssh-key-file", key.toString());
        run(cluster, "wait", "centos-vm", "-n", NS, "--for", "running", "--timeout", "2m");
        run(cluster, "pv", "list");
        if (DemoImage.qemuImg().isPresent()) { // the simulated nodes run it to copy disks
            run(cluster, "stop", "centos-vm", "-n", NS);
            run(cluster, "wait", "centos-vm", "-n", NS, "--for", "stopped", "--timeout", "2m");
            run(cluster, "snapshot", "take", "centos-vm", "before-upgrade", "-n", NS);
            run(cluster, "snapshot", "list", "-n", NS);
            run(cluster, "snapshot", "export", "before-upgrade", "--to", dir.resolve("before-upgrade.qcow2").toString(), "-n", NS);
            run(cluster, "snapshot", "restore", "before-upgrade", "--as", "centos-copy", "-n", NS);
            run(cluster, "snapshot", "restore", "before-upgrade", "-n", NS);
            run(cluster, "snapshot", "delete", "before-upgrade", "-n", NS);
            run(cluster, "delete", "centos-copy", "-n", NS, "--purge-storage", "--wait");
        }
        run(cluster, "delete", "centos-vm", "-n", NS, "--purge-storage", "--wait");
    }

    /**
     * Grants of the roles that the flows above do not use, each with what needs it. A grant in
     * neither is one too many; an entry here that the flows use is out of date.
     */
    private static final Map<String, String> NEEDED_ELSEWHERE = Map.ofEntries(
            // snapshots of disks on CSI storage go through KubeVirt's VirtualMachineSnapshot/Restore; the
            // embedded cluster's volumes are node-local, whose snapshots are copied on the node instead
            Map.entry("create snapshot.kubevirt.io/virtualmachinesnapshots (NAMESPACE)", "snapshot take on CSI storage"),
            Map.entry("delete snapshot.kubevirt.io/virtualmachinesnapshots (NAMESPACE)", "snapshot delete on CSI storage"),
            Map.entry("get snapshot.kubevirt.io/virtualmachinesnapshotcontents (NAMESPACE)", "snapshot take on CSI storage"),
            Map.entry("get snapshot.storage.k8s.io/volumesnapshots (NAMESPACE)", "snapshot take on CSI storage"),
            Map.entry("list snapshot.storage.k8s.io/volumesnapshotclasses (CLUSTER)", "snapshot take on CSI storage: its snapshot class"),
            Map.entry("create snapshot.kubevirt.io/virtualmachinerestores (NAMESPACE)", "snapshot restore on CSI storage"),
            Map.entry("get snapshot.kubevirt.io/virtualmachinerestores (NAMESPACE)", "snapshot restore on CSI storage"),
            Map.entry("list snapshot.kubevirt.io/virtualmachinerestores (NAMESPACE)", "snapshot restore on CSI storage"),
            Map.entry("watch snapshot.kubevirt.io/virtualmachinerestores (NAMESPACE)", "snapshot restore on CSI storage"),
            Map.entry("delete snapshot.kubevirt.io/virtualmachinerestores (NAMESPACE)", "snapshot restore on CSI storage"),
            Map.entry("patch cdi.kubevirt.io/datavolumes (NAMESPACE)", "snapshot restore on CSI storage: DataVolumes marked pre-populated"));

    /** Grants only the snapshot flows use; they run where qemu-img is installed. */
    private static final Map<String, String> NEEDS_QEMU_IMG = Map.ofEntries(
            Map.entry("get snapshot.kubevirt.io/virtualmachinesnapshots (NAMESPACE)", "snapshot take, list"),
            Map.entry("list snapshot.kubevirt.io/virtualmachinesnapshots (NAMESPACE)", "snapshot list"),
            Map.entry("watch snapshot.kubevirt.io/virtualmachinesnapshots (NAMESPACE)", "snapshot list (its informer)"),
            Map.entry("create export.kubevirt.io/virtualmachineexports (NAMESPACE)", "snapshot export"),
            Map.entry("get export.kubevirt.io/virtualmachineexports (NAMESPACE)", "snapshot export"),
            Map.entry("list export.kubevirt.io/virtualmachineexports (NAMESPACE)", "snapshot export (its informer)"),
            Map.entry("watch export.kubevirt.io/virtualmachineexports (NAMESPACE)", "snapshot export (its informer)"),
            Map.entry("delete export.kubevirt.io/virtualmachineexports (NAMESPACE)", "snapshot export"),
            Map.entry("create persistentvolumeclaims (NAMESPACE)", "snapshot restore, export: claims of snapshot volumes"),
            Map.entry("patch persistentvolumes (CLUSTER)", "snapshot take: the checksum and sizes written on the snapshot volume"),
            Map.entry("get pods/log (NAMESPACE)", "snapshot take: the checksum the node Job prints"));

    private static boolean inNamespace(ClusterRequest r) {
        return NS.equals(r.namespace());
    }

    /** What the API server checks: a Role in the namespace grants requests there; the ClusterRole grants them anywhere. */
    private static boolean allowed(ClusterRequest r) {
        return SdkPermissions.allows(Scope.CLUSTER, r.group(), resource(r), verb(r))
                || inNamespace(r) && SdkPermissions.allows(Scope.NAMESPACE, r.group(), resource(r), verb(r));
    }

    private static String grant(String group, String resource, String verb) {
        return (verb.isEmpty() ? "" : verb + " ") + (group.isEmpty() ? "" : group + "/") + resource;
    }

    private static void run(EmbeddedEdgeCluster cluster, String... args) {
        Cli.Result r = Cli.on(cluster, args);
        if (!args[0].equals("doctor")) {
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r).isZero();
        }
    }

    private static String resource(ClusterRequest r) {
        return r.subresource() == null ? r.resource() : r.resource() + "/" + r.subresource();
    }

    /** The RBAC verb the API server checks for a request. */
    private static String verb(ClusterRequest r) {
        return switch (r.method().toUpperCase(Locale.ROOT)) {
            case "GET" -> r.watch() ? "watch" : r.name() == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> r.name() == null ? "deletecollection" : "delete";
            default -> r.method().toLowerCase(Locale.ROOT);
        };
    }
}
