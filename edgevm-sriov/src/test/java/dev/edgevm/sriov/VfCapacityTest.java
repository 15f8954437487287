package dev.edgevm.sriov;

import static dev.edgevm.sriov.RunbookSriov.VF;
import static dev.edgevm.sriov.RunbookSriov.VM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.Toleration;
import dev.edgevm.core.UnschedulableException;
import dev.edgevm.core.WaitTimeoutException;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.CheckStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Where SR-IOV VMs fit: free VFs and hugepages per node, taints, and VFs that appear after the device plugin restarts. */
class VfCapacityTest {

    /** Generous: each wait returns as soon as its condition holds; a loaded machine must not fail it. */
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void availability_countsTheVfsOfRunningVms_andFollowsStopsAndStarts() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2)
                .node("node01", n -> n.allocatable(VF, "2").allocatable("hugepages-2Mi", "8Gi"))
                .node("node02", n -> n.allocatable(VF, "1"))
                .start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            EdgeSriov sriov = EdgeSriov.of(edge);
            assertThat(sriov.availability(VF).totalFree()).isEqualTo(3);

            List<DeployedVm> vms = List.of(start(edge, "vm-a"), start(edge, "vm-b"), start(edge, "vm-c"));

            VfAvailability full = sriov.availability(VF);
            assertThat(full.totalFree()).isZero();
            assertThat(full.nodes()).containsEntry("node01", new VfCount(2, 2, 2)).containsEntry("node02", new VfCount(1, 1, 1));
            assertThat(full.nodesWithFree()).isEmpty();

            DeployedVm stopped = vms.get(0);
            String node = stopped.require().node().orElseThrow();
            stopped.stop();
            stopped.await().stopped(WAIT);
            // The VMI reports Succeeded before the kubelet has finished its launcher pod, and the VF is
            // the pod's until then: wait for the pod, not for the VM.
            launcherPodsFinished(cluster, stopped.name());

            VfAvailability one = sriov.availability(VF);
            assertThat(one.totalFree()).isEqualTo(1);
            assertThat(one.nodesWithFree()).containsExactly(node);
            assertThat(usedPerNode(sriov)).isEqualTo(runningPerNode(edge));

            stopped.start();
            stopped.await().running(WAIT);

            assertThat(sriov.availability(VF).totalFree()).isZero();
            assertThat(usedPerNode(sriov)).isEqualTo(runningPerNode(edge));
        }
    }

    @Test
    void applyingAChangedSpec_toTheVmHoldingTheOnlyVf_isNotRefusedForItsOwnVf() {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            SriovWalkthroughTest.runFirstVm(edge);

            DeployedVm applied = edge.vms().apply(RunbookSriov.debian(VM).cpuCores(4).build());

            assertThat(applied.outcome()).isEqualTo(DeployOutcome.UPDATED);
        }
    }

    @Test
    void vfNotBoundToVfioPci_refusesTheVm_untilBoundAndTheDevicePluginRestarted() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(2)
                .node("node01", n -> n.unboundVfs(VF, 1).allocatable("hugepages-2Mi", "8Gi"))
                .start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            EdgeSriov sriov = EdgeSriov.of(edge).configure(c -> c.resource(VF)); // an SR-IOV resource before any network names it
            assertThat(sriov.availability(VF).nodes()).containsEntry("node01", new VfCount(0, 0, 0));
            PreflightException refused = catchThrowableOfType(PreflightException.class, () -> sriov.preflight(RunbookSriov.debian(VM).build()));
            assertThat(refused.findings()).containsExactly("node01: no " + VF, "node02: no " + VF);
            assertThat(refused.fix()).contains("dpdk-devbind.py --bind=vfio-pci").contains("restart the SR-IOV device plugin");
            CheckResult doctor = edge.doctor().run().results().stream().filter(r -> r.check().equals("sriov-resources")).findFirst().orElseThrow();
            assertThat(doctor.status()).isEqualTo(CheckStatus.WARN);
            assertThat(doctor.finding()).isEqualTo("node01 " + VF + ": 0 advertised, 0 allocatable");

            // step 1, on the node: the running device plugin does not see the binding
            RunbookSriov.bindToVfioPci(cluster, "node01", "0000:18:02.0");
            assertThat(sriov.availability(VF).totalFree()).isZero();
            Pod before = devicePlugin(cluster, "node01");

            // steps 2 and 3: restart it and see the VF allocatable
            NodeVfs after = sriov.restartDevicePlugin("node01", WAIT);

            assertThat(after.node()).isEqualTo("node01");
            assertThat(after.resource(VF)).hasValue(new VfCount(1, 1, 0));
            Pod replacement = devicePlugin(cluster, "node01");
            assertThat(replacement.getMetadata().getName()).startsWith("sriov-release-kube-sriov-device-plugin-amd64-")
                    .isNotEqualTo(before.getMetadata().getName());
            DeployedVm vm = edge.vms().deploy(RunbookSriov.debian(VM).runStrategy(RunStrategy.ALWAYS).build());
            assertThat(vm.await().running(WAIT).value().node()).hasValue("node01");
        }
    }

    @Test
    void vmWaitingForAVf_startsOnceTheVfIsBoundAndTheDevicePluginRestarted() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder()
                .node("node01", n -> n.unboundVfs(VF, 1).allocatable("hugepages-2Mi", "8Gi")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            // created past preflight, as kubectl create -f would: unschedulable while the VF is not advertised
            EdgeSriov.of(edge).ensureNetwork(SriovNetwork.of(RunbookSriov.NETWORK, VF));
            for (HasMetadata object : VmManifests.of(RunbookSriov.debian(VM).runStrategy(RunStrategy.ALWAYS).build()).all()) {
                cluster.client().resource(object).inNamespace(RunbookSriov.NS).create();
            }
            UnschedulableException waiting = catchThrowableOfType(UnschedulableException.class,
                    () -> edge.vms().withName(VM).await().running(WAIT));
            assertThat(waiting.getMessage()).contains("1 Insufficient " + VF);

            RunbookSriov.bindToVfioPci(cluster, "node01", "0000:18:02.0");
            EdgeSriov.of(edge).restartDevicePlugin("node01", WAIT);

            // the scheduler tries the launcher pod again once the node advertises the VF (waiters fail fast on
            // ErrorUnschedulable, which the VM may still show for a moment, so watch the VM itself)
            cluster.client().resources(VirtualMachine.class).inNamespace(RunbookSriov.NS).withName(VM)
                    .waitUntilCondition(vm -> vm.getStatus() != null && "Running".equals(vm.getStatus().printableStatus()), 60, TimeUnit.SECONDS);
            assertThat(edge.vms().withName(VM).require().node()).hasValue("node01");
        }
    }

    /**
     * KubeVirt deletes a stopping VM's launcher pod before the guest is down; the pod holds the VF
     * until it has finished, and the scheduler (the real one, and the embedded one) counts it until
     * then. Once the pod is gone the VF is free, and the next VM needing it runs.
     */
    @Test
    void stoppingAVm_freesItsVf_onceItsLauncherPodHasFinished() throws Exception {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            SriovWalkthroughTest.runFirstVm(edge);
            EdgeSriov sriov = EdgeSriov.of(edge);
            assertThat(sriov.availability(VF).totalFree()).isZero();

            edge.vms().withName(VM).stop();
            edge.vms().withName(VM).await().stopped(WAIT);
            launcherPodsGone(cluster, VM);

            assertThat(sriov.availability(VF).nodes()).containsEntry("node01", new VfCount(1, 1, 0));
            DeployedVm next = edge.vms().deploy(RunbookSriov.debian("debian-sriov-vm-2").runStrategy(RunStrategy.ALWAYS).build());
            assertThat(next.await().running(WAIT).value().node()).hasValue("node01");
        }
    }

    /**
     * A VM stopped whose guest is slow to go down (here its node's virt-handler is gone, so the guest
     * is not shut down and its launcher pod stays terminating for the VM's grace period): the pod
     * still holds the VF, as the scheduler counts it, so a VM deployed meanwhile is refused before
     * anything is created, and the refusal names the terminating pod and says to wait. Once the pod
     * is gone the VF is free again.
     */
    @Test
    void aVmNeedingTheVfOfAStoppedVm_whoseLauncherPodIsTerminating_isRefused_namingThePod() throws Exception {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            DeployedVm first = edge.vms().deploy(RunbookSriov.debian(VM).runStrategy(RunStrategy.ALWAYS)
                    .terminationGracePeriod(Duration.ofMinutes(30)).build());
            first.await().running(WAIT);
            String launcher = launcherPod(cluster, VM).getMetadata().getName();
            cluster.client().pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-handler").withField("spec.nodeName", "node01")
                    .withGracePeriod(0).delete();
            cluster.client().pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-handler").withField("spec.nodeName", "node01")
                    .informOnCondition(List::isEmpty).get(2, TimeUnit.MINUTES);

            first.stop();
            cluster.client().pods().inNamespace(RunbookSriov.NS).withName(launcher)
                    .waitUntilCondition(p -> p != null && p.getMetadata().getDeletionTimestamp() != null, 2, TimeUnit.MINUTES);

            EdgeSriov sriov = EdgeSriov.of(edge);
            assertThat(sriov.availability(VF).nodes()).as("the terminating pod still holds the VF")
                    .containsEntry("node01", new VfCount(1, 1, 1));
            cluster.requests().reset();
            PreflightException refused = catchThrowableOfType(PreflightException.class,
                    () -> edge.vms().deploy(RunbookSriov.debian("debian-sriov-vm-2").runStrategy(RunStrategy.ALWAYS).build()));

            assertThat(refused.findings()).contains("node01: 0 of " + VF + " free, needs 1 (allocatable 1, used 1); pod "
                    + RunbookSriov.NS + "/" + launcher + ", which is terminating, still holds 1 of them: free once it has finished");
            assertThat(refused.findings()).contains("node02: no " + VF);
            assertThat(refused.fix()).as("waiting first; binding a VF is for node02")
                    .startsWith("wait until the terminating pods named above have finished").contains("vfio-pci");
            assertThat(cluster.requests().writes()).as("nothing created").isZero();

            // once the pod is gone (here killed, as kubectl delete --grace-period=0 --force would), the VF is free
            cluster.client().pods().inNamespace(RunbookSriov.NS).withName(launcher).withGracePeriod(0).delete();
            launcherPodsGone(cluster, VM);
            assertThat(sriov.availability(VF).nodes()).containsEntry("node01", new VfCount(1, 1, 0));
            sriov.preflight(RunbookSriov.debian("debian-sriov-vm-2").build());
        }
    }

    @Test
    void restartingTheDevicePlugin_underARunningVm_keepsItsVfAccounted() {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            SriovWalkthroughTest.runFirstVm(edge);

            NodeVfs after = EdgeSriov.of(edge).restartDevicePlugin("node01", WAIT);

            assertThat(after.resource(VF)).hasValue(new VfCount(1, 1, 1));
            assertThat(edge.vms().withName(VM).require().printableStatus()).isEqualTo("Running");
        }
    }

    @Test
    void restartingTheDevicePlugin_whoseReplacementCannotStart_timesOutWithWhatItSaw() {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            // a NoExecute taint the plugin's DaemonSet does not tolerate: its replacement stays Pending
            cluster.client().nodes().withName("node01").edit(n -> new NodeBuilder(n).editSpec()
                    .addNewTaint().withKey("maintenance").withValue("nic").withEffect("NoExecute").endTaint().endSpec().build());

            // the replacement can never start, so the wait ends by its timeout however slow the machine;
            // the timeout only leaves the informer time to see the pods at all
            WaitTimeoutException timeout = catchThrowableOfType(WaitTimeoutException.class,
                    () -> EdgeSriov.of(edge).restartDevicePlugin("node01", Duration.ofSeconds(15)));

            assertThat(timeout.awaited()).isEqualTo("the old SR-IOV device plugin pod gone and a new one Running and ready on node01");
            assertThat(timeout.lastState()).doesNotContain("ready,").doesNotContain("Running, ready");
            assertThat(EdgeSriov.of(edge).availability(VF).nodes()).containsEntry("node01", new VfCount(1, 0, 0));
        }
    }

    @Test
    void restartingTheDevicePlugin_whereNoneRuns_namesTheNodeAndTheLabel() {
        try (EmbeddedEdgeCluster cluster = RunbookSriov.cluster().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            NotFoundException missing = catchThrowableOfType(NotFoundException.class,
                    () -> EdgeSriov.of(edge).restartDevicePlugin("node02", WAIT));

            assertThat(missing.getMessage()).contains("app=sriovdp").contains("node02");
        }
    }

    @Test
    void cmkTaintedNode_isExcludedInThePreflightMessage_untilTheVmToleratesTheTaint() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3)
                .node("node03", n -> n.allocatable(VF, "1").taint("cmk", null, "NoSchedule"))
                .start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            cluster.requests().reset();
            PreflightException refused = catchThrowableOfType(PreflightException.class,
                    () -> edge.vms().deploy(RunbookSriov.debian(VM).build()));

            assertThat(refused.findings()).containsExactly("node01: no " + VF, "node02: no " + VF,
                    "node03: has the taint cmk:NoSchedule that the VM does not tolerate");
            assertThat(cluster.requests().writes()).isZero();

            DeployedVm vm = edge.vms().deploy(RunbookSriov.debian(VM).toleration(Toleration.exists("cmk", "NoSchedule"))
                    .runStrategy(RunStrategy.ALWAYS).build());
            assertThat(vm.await().running(WAIT).value().node()).hasValue("node03");
        }
    }

    @Test
    void hugepagesShortage_isReportedWithTheNodeSideFix() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder()
                .node("node01", n -> n.allocatable(VF, "1").allocatable("hugepages-2Mi", "2Gi")) // the runbook's node
                .start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            PreflightException refused = catchThrowableOfType(PreflightException.class,
                    () -> edge.vms().deploy(RunbookSriov.debian(VM).build()));

            assertThat(refused.getMessage()).startsWith("No node can run VM default/" + VM + ": it needs 1 " + VF + " and 4Gi hugepages-2Mi");
            assertThat(refused.findings()).containsExactly("node01: 2Gi of hugepages-2Mi free, needs 4Gi (allocatable 2Gi, used 0)");
            assertThat(refused.fix()).contains("hugepages").doesNotContain("vfio-pci");

            // the runbook's advice: adjust the hugepages the VM asks for
            DeployedVm smaller = edge.vms().deploy(RunbookSriov.debian(VM).memory("2Gi").runStrategy(RunStrategy.ALWAYS).build());
            assertThat(smaller.await().running(WAIT).value().node()).hasValue("node01");
        }
    }

    /**
     * A VF bound on a node whose plugin advertised none: the restart must wait until the node
     * advertises it, not return as soon as the new plugin pod runs (the capacity before was 0, so
     * "as much as before" held at once). Here the test plays the DaemonSet and the kubelet, so the
     * node's VF appears only when the test says: until then the restart cannot return.
     */
    @Test
    void aVfBoundWhereNoneWasAdvertised_isWaitedFor_afterTheNewPluginPodIsReady() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            EdgeSriov sriov = EdgeSriov.of(edge).configure(c -> c.devicePluginSelector(TEST_PLUGIN));
            Pod first = runPlugin(cluster, "plugin-1");

            CompletableFuture<NodeVfs> restart = CompletableFuture.supplyAsync(() -> sriov.restartDevicePlugin("node01", WAIT));
            podGone(cluster, first);
            Pod second = runPlugin(cluster, "plugin-2");
            cluster.client().nodes().withName("node01").editStatus(n -> new NodeBuilder(n).editStatus()
                    .addToCapacity(VF, new Quantity("1")).addToAllocatable(VF, new Quantity("1")).endStatus().build());

            NodeVfs after = restart.get(2, TimeUnit.MINUTES);
            assertThat(after.resource(VF)).as("the node's VF, advertised after the new plugin pod %s ran", second.getMetadata().getName())
                    .hasValue(new VfCount(1, 1, 0));
        }
    }

    @Test
    void aVfExpected_butNeverAdvertised_timesOutOnTheNode_notOnThePod() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().start(); EdgeVm edge = EdgeVm.using(cluster.client())) {
            EdgeSriov sriov = EdgeSriov.of(edge).configure(c -> c.devicePluginSelector(TEST_PLUGIN));
            Pod first = runPlugin(cluster, "plugin-1");

            CompletableFuture<NodeVfs> restart = CompletableFuture.supplyAsync(
                    () -> sriov.restartDevicePlugin("node01", Duration.ofSeconds(15), Map.of(VF, 1L)));
            podGone(cluster, first);
            runPlugin(cluster, "plugin-2");

            WaitTimeoutException timeout = timedOut(restart);
            assertThat(timeout.awaited()).isEqualTo("node node01 to report, in a status written since the restart, at least {"
                    + VF + "=1} allocatable");
        }
    }

    /**
     * Another vendor's device on the node (a GPU, allocatable all along) and a node status written
     * after the restart: neither is the VF just bound, so the restart keeps waiting.
     */
    @Test
    void aVfBoundWhereNoneWasAdvertised_isNotMistakenForAnotherDeviceOfTheNode() throws Exception {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().node("node01", n -> n.allocatable("nvidia.com/gpu", "1")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            EdgeSriov sriov = EdgeSriov.of(edge).configure(c -> c.devicePluginSelector(TEST_PLUGIN));
            Pod first = runPlugin(cluster, "plugin-1");

            CompletableFuture<NodeVfs> restart = CompletableFuture.supplyAsync(() -> sriov.restartDevicePlugin("node01", Duration.ofSeconds(15)));
            podGone(cluster, first);
            runPlugin(cluster, "plugin-2");
            cluster.client().nodes().withName("node01").edit(n -> new NodeBuilder(n).editMetadata().addToLabels("written", "after").endMetadata().build());

            WaitTimeoutException timeout = timedOut(restart);
            assertThat(timeout.awaited()).isEqualTo("node node01 to report, in a status written since the restart,"
                    + " a device resource allocatable that was not before");
            assertThat(timeout.lastState()).contains("nvidia.com/gpu=1");
        }
    }

    private static WaitTimeoutException timedOut(CompletableFuture<NodeVfs> restart) {
        Throwable failed = catchThrowable(() -> restart.get(2, TimeUnit.MINUTES));
        assertThat(failed).isInstanceOf(ExecutionException.class).cause().isInstanceOf(WaitTimeoutException.class);
        return (WaitTimeoutException) failed.getCause();
    }

    @Test
    void preflight_listsThePodsOfOneNodeAtATime_untilOneFits() {
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(3)
                .node("node01", n -> n.allocatable(VF, "1").allocatable("hugepages-2Mi", "8Gi")).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            EdgeSriov sriov = EdgeSriov.of(edge);
            cluster.requests().reset();

            sriov.preflight(RunbookSriov.debian(VM).build());
            long fitsOnTheFirst = podLists(cluster);
            cluster.requests().reset();
            catchThrowableOfType(PreflightException.class, () -> sriov.preflight(RunbookSriov.debian(VM).memory("16Gi").build()));
            long fitsNowhere = podLists(cluster);

            assertThat(fitsOnTheFirst).as("pod lists when node01 fits").isEqualTo(1);
            assertThat(fitsNowhere).as("pod lists when no node fits: one per node").isEqualTo(3);
        }
    }

    private static final String TEST_PLUGIN = "app=test-device-plugin";

    /** A device plugin pod of the test's own, on node01: the embedded kubelet runs it, nothing registers devices for it. */
    private static Pod runPlugin(EmbeddedEdgeCluster cluster, String name) {
        Pod pod = cluster.client().pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels("app", "test-device-plugin").endMetadata().withNewSpec().withNodeName("node01")
                .addNewContainer().withName("plugin").withImage("registry.local/test-device-plugin:1").endContainer().endSpec().build()).create();
        return cluster.client().pods().inNamespace("kube-system").withName(name).waitUntilCondition(p -> p != null && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase()), 2, TimeUnit.MINUTES);
    }

    private static void podGone(EmbeddedEdgeCluster cluster, Pod pod) throws Exception {
        cluster.client().pods().inNamespace("kube-system").withField("metadata.name", pod.getMetadata().getName())
                .informOnCondition(List::isEmpty).get(2, TimeUnit.MINUTES);
    }

    private static long podLists(EmbeddedEdgeCluster cluster) {
        return cluster.requests().list().stream().filter(r -> r.isFor("pods") && r.method().equals("GET") && r.name() == null && !r.watch()).count();
    }

    /**
     * Until every launcher pod of the VM has finished (or gone): then its VF is free. A pod being
     * deleted still holds it until then.
     */
    private static void launcherPodsFinished(EmbeddedEdgeCluster cluster, String vm) {
        try {
            cluster.client().pods().inNamespace(RunbookSriov.NS).withLabel("vm.kubevirt.io/name", vm)
                    .informOnCondition(pods -> pods.stream().allMatch(p -> p.getStatus() != null
                            && ("Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase()))))
                    .get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("the launcher pod of " + vm + " did not finish", e);
        }
    }

    private static void launcherPodsGone(EmbeddedEdgeCluster cluster, String vm) throws Exception {
        cluster.client().pods().inNamespace(RunbookSriov.NS).withLabel("vm.kubevirt.io/name", vm)
                .informOnCondition(List::isEmpty).get(2, TimeUnit.MINUTES);
    }

    private static Pod launcherPod(EmbeddedEdgeCluster cluster, String vm) {
        List<Pod> pods = cluster.client().pods().inNamespace(RunbookSriov.NS).withLabel("vm.kubevirt.io/name", vm).list().getItems();
        assertThat(pods).as("launcher pods of " + vm).hasSize(1);
        return pods.get(0);
    }

    private static DeployedVm start(EdgeVm edge, String name) {
        DeployedVm vm = edge.vms().deploy(RunbookSriov.debian(name).runStrategy(RunStrategy.ALWAYS).build());
        vm.await().running(WAIT);
        return vm;
    }

    private static Map<String, Long> usedPerNode(EdgeSriov sriov) {
        Map<String, Long> used = new HashMap<>();
        sriov.availability(VF).nodes().forEach((node, count) -> {
            if (count.used() > 0) {
                used.put(node, count.used());
            }
        });
        return used;
    }

    private static Map<String, Long> runningPerNode(EdgeVm edge) {
        Map<String, Long> running = new HashMap<>();
        edge.vms().list().stream().filter(s -> s.printableStatus().equals("Running"))
                .forEach(s -> running.merge(s.node().orElseThrow(), 1L, Long::sum));
        return running;
    }

    private static Pod devicePlugin(EmbeddedEdgeCluster cluster, String node) {
        return cluster.client().pods().inNamespace("kube-system").withLabel("app", "sriovdp").list().getItems().stream()
                .filter(p -> node.equals(p.getSpec().getNodeName())).findFirst().orElseThrow();
    }
}
