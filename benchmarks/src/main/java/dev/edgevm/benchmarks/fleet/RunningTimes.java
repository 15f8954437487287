package dev.edgevm.benchmarks.fleet;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An observer beside the client under test: plain fabric8 informers on VMs and VMIs, on a client
 * of their own, noting for each VMI the first state seen in phase Running and for each VM the
 * first with printableStatus Running: the resourceVersion of that state, which {@link ServerClock}
 * turns into when the server stored it. The informers watch every
 * namespace, so their requests (a path without a namespace) are told apart from those of the
 * client under test, whose informers watch one namespace: {@link #isOwnRequest}.
 */
final class RunningTimes implements AutoCloseable {

    private final Map<String, Long> vmiRunning = new ConcurrentHashMap<>();
    private final Map<String, Long> vmRunning = new ConcurrentHashMap<>();
    private final CountDownLatch allVmis;
    private final CountDownLatch allVms;
    private final SharedIndexInformer<VirtualMachineInstance> vmis;
    private final SharedIndexInformer<VirtualMachine> vms;

    RunningTimes(KubernetesClient client, int expected) {
        this.allVmis = new CountDownLatch(expected);
        this.allVms = new CountDownLatch(expected);
        this.vmis = client.resources(VirtualMachineInstance.class).inAnyNamespace()
                .inform(noting(vmiRunning, allVmis, vmi -> vmi.getStatus() != null && "Running".equals(vmi.getStatus().phase())));
        this.vms = client.resources(VirtualMachine.class).inAnyNamespace()
                .inform(noting(vmRunning, allVms, vm -> vm.getStatus() != null && "Running".equals(vm.getStatus().printableStatus())));
    }

    /** Whether the observer sent this request: a read of VMs or VMIs across all namespaces. */
    static boolean isOwnRequest(ClusterRequest r) {
        return r.namespace() == null && ("virtualmachines".equals(r.resource()) || "virtualmachineinstances".equals(r.resource()));
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> noting(Map<String, Long> seen, CountDownLatch all, Predicate<T> running) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                note(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                note(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                // deletions do not happen during the benchmark
            }

            private void note(T obj) {
                if (running.test(obj)
                        && seen.putIfAbsent(obj.getMetadata().getName(), Long.parseLong(obj.getMetadata().getResourceVersion())) == null) {
                    all.countDown();
                }
            }
        };
    }

    /** Waits until every VMI and every VM was seen Running. */
    boolean awaitAllRunning(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        return allVmis.await(timeout, unit) && allVms.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    /**
     * The resourceVersion of the change after which the VM was Running as a running-waiter accepts
     * it (its VMI in phase Running and its printableStatus Running): the later of the two; empty
     * if either was not seen.
     */
    OptionalLong runningVersion(String vm) {
        Long vmi = vmiRunning.get(vm);
        Long machine = vmRunning.get(vm);
        return vmi == null || machine == null ? OptionalLong.empty() : OptionalLong.of(Math.max(vmi, machine));
    }


    @Override
    public void close() {
        vmis.close();
        vms.close();
    }
}
