package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.VmWaiter;
import dev.edgevm.kubevirt.WaitResult;
import dev.edgevm.kubevirt.internal.wait.Acceptor;
import dev.edgevm.kubevirt.internal.wait.Recheck;
import dev.edgevm.kubevirt.internal.wait.VmAcceptors;
import dev.edgevm.kubevirt.internal.wait.Waiter;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/** Waits on one VM, evaluating its acceptors whenever the VM or its instance changes in the shared informers. */
final class DefaultVmWaiter implements VmWaiter {

    private final DefaultEdgeVm edge;
    private final String namespace;
    private final String name;
    private final String replacedInstance;

    /** @param replacedInstance the uid of the instance a restart through this handle replaced */
    DefaultVmWaiter(DefaultEdgeVm edge, String namespace, String name, Optional<String> replacedInstance) {
        this.edge = edge;
        this.namespace = namespace;
        this.name = name;
        this.replacedInstance = replacedInstance.orElse(null);
    }

    @Override
    public WaitResult<VmStatus> running(Duration timeout) {
        return await("VirtualMachine " + namespace + "/" + name + " to be Running",
                VmAcceptors.running(Optional.ofNullable(replacedInstance)), timeout);
    }

    @Override
    public WaitResult<VmStatus> stopped(Duration timeout) {
        return await("VirtualMachine " + namespace + "/" + name + " to be Stopped", VmAcceptors.stopped(), timeout);
    }

    @Override
    public WaitResult<VmStatus> paused(Duration timeout) {
        return await("VirtualMachine " + namespace + "/" + name + " to be Paused", VmAcceptors.paused(), timeout);
    }

    @Override
    public WaitResult<VmStatus> deleted(Duration timeout) {
        return await("VirtualMachine " + namespace + "/" + name + " to be deleted", VmAcceptors.deleted(), timeout);
    }

    @Override
    public WaitResult<String> ipAddress(Duration timeout) {
        WaitResult<VmStatus> r = await("VirtualMachine " + namespace + "/" + name + " to have an IP address",
                VmAcceptors.ipAddress(Optional.ofNullable(replacedInstance)), timeout);
        return new WaitResult<>(r.value().ipAddress().orElseThrow(), r.attempts(), r.elapsed());
    }

    private WaitResult<VmStatus> await(String what, List<Acceptor<VmStatus>> acceptors, Duration timeout) {
        Observation observation = new Observation();
        return new Waiter<>(what, acceptors, edge.clock()).await(timeout, observation::current, (onChange, within) -> {
            edge.informers().awaitStarted(within, namespace, List.of(VirtualMachine.class, VirtualMachineInstance.class));
            AutoCloseable vm = edge.onChange(VirtualMachine.class, namespace, name, onChange);
            AutoCloseable vmi = edge.onChange(VirtualMachineInstance.class, namespace, name, onChange);
            Runnable readAndEvaluate = () -> {
                observation.readIfNeeded();
                onChange.run();
            };
            AutoCloseable recheck = Recheck.every(readAndEvaluate, edge.background());
            if (observation.unknownToTheInformer()) {
                observation.readSoon(readAndEvaluate);
            }
            return () -> {
                recheck.close();
                vm.close();
                vmi.close();
            };
        });
    }

    /**
     * The VM's state as a wait judges it. {@link #current} only looks at memory, never sends a
     * request: it runs on watch threads, for every change. The informers' cache is the source
     * while their watch is open; a VM the informer has not shown is read from the server, on a
     * background thread, and read again every {@link Recheck#EVERY} until it shows (it may go while
     * the informer reconnects, and then no event ever comes). Two exceptions: a VM this client
     * created a moment ago is waited for while the informer is connected (it lags behind under
     * load, and a fleet of waiters must not read a fleet of VMs); and while the informer is
     * disconnected, its cache is stale, so the VM is read every {@link Recheck#EVERY} too.
     */
    private final class Observation {
        private final AtomicBoolean reading = new AtomicBoolean();
        private volatile boolean seenInCache;
        private volatile VmStatus fetched;
        private volatile EdgeVmException failed;

        VmStatus current() {
            VirtualMachine vm = edge.cached(VirtualMachine.class, namespace, name).orElse(null);
            boolean watching = watching();
            if (failed != null) {
                throw failed;
            }
            if (vm != null) {
                seenInCache = true;
                if (watching) {
                    fetched = null; // the informer follows the server again: its cache is newer than any read
                }
                if (fetched == null) {
                    return VmStatusReader.read(namespace, name, vm, edge.cached(VirtualMachineInstance.class, namespace, name).orElse(null));
                }
                return fetched;
            }
            if (seenInCache && (watching || fetched == null)) {
                return VmStatus.absent(namespace, name); // the informer showed it, then its deletion
            }
            return fetched != null ? fetched : VmStatus.builder(namespace, name).build(); // "no status yet"
        }

        /** Whether both informers' watches are open, so their caches follow the server. */
        private boolean watching() {
            return edge.informers().isWatching(VirtualMachine.class, namespace)
                    && edge.informers().isWatching(VirtualMachineInstance.class, namespace);
        }

        /** A VM the informer does not have and this client did not just create: only the server knows it. */
        boolean unknownToTheInformer() {
            return edge.cached(VirtualMachine.class, namespace, name).isEmpty() && !seenInCache
                    && !edge.createdButUnseen(VirtualMachine.class, namespace, name);
        }

        void readSoon(Runnable readAndEvaluate) {
            try {
                edge.background().execute(readAndEvaluate);
            } catch (RejectedExecutionException closed) {
                // the client is closing; the wait ends with it
            }
        }

        /** Reads the VM from the server where the informer cannot tell (see above); one read at a time. */
        void readIfNeeded() {
            boolean watching = watching();
            if ((watching && !unknownToTheInformer()) || !reading.compareAndSet(false, true)) {
                return;
            }
            try {
                fetched = new DefaultVmResource(edge, namespace, name).find().orElse(VmStatus.absent(namespace, name));
            } catch (EdgeVmException e) {
                failed = e; // what every retry met: the wait fails with it
            } finally {
                reading.set(false);
            }
        }
    }
}
