package dev.edgevm.storage.faults;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.pool.PoolLabels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the cluster holds after the suite's operations, read with the cluster's own client while
 * no faults are injected: every object of the kinds a stateful deploy makes, and the pool's
 * volumes with their claims and node directories.
 */
final class FaultAudit {

    private FaultAudit() {}

    /** The objects found, with the VM each belongs to, and the pool's volumes. */
    record Findings(List<Owned> objects, List<PersistentVolume> volumes) {

        /** The objects that belong to these VMs. */
        List<Owned> objectsOf(List<String> vms) {
            return objects.stream().filter(o -> vms.contains(o.vm())).collect(Collectors.toList());
        }

        /** Claims that two pool volumes are pre-bound to. */
        List<String> volumesOnTwoClaims() {
            return duplicates(volumes, pv -> pv.getSpec().getClaimRef() == null ? null
                    : pv.getSpec().getClaimRef().getNamespace() + "/" + pv.getSpec().getClaimRef().getName());
        }

        /** Node directories that two volumes point at. */
        List<String> placesUsedTwice() {
            return duplicates(volumes, pv -> label(pv, PoolLabels.NODE) + ":"
                    + (pv.getSpec().getLocal() == null ? pv.getMetadata().getName() : pv.getSpec().getLocal().getPath()));
        }
    }

    /**
     * Reads the cluster until {@code settled} holds or {@code timeout} passes, reading again on
     * every change a watch reports: deletions finish asynchronously (the garbage collector
     * removes a DataVolume's claim after it, a wipe Job's pod ends after the volume is freed).
     */
    static Findings settle(EmbeddedEdgeCluster cluster, Predicate<Findings> settled, Duration timeout) throws InterruptedException {
        KubernetesClient client = cluster.client();
        Semaphore changes = new Semaphore(0);
        Watcher<HasMetadata> onChange = new Watcher<>() {
            @Override
            public void eventReceived(Action action, HasMetadata resource) {
                changes.release();
            }

            @Override
            public void onClose(WatcherException cause) {
                changes.release();
            }
        };
        List<Watch> watches = new ArrayList<>();
        try {
            watches.add(client.resources(VirtualMachine.class).inAnyNamespace().watch(cast(onChange)));
            watches.add(client.resources(VirtualMachineInstance.class).inAnyNamespace().watch(cast(onChange)));
            watches.add(client.resources(DataVolume.class).inAnyNamespace().watch(cast(onChange)));
            watches.add(client.persistentVolumeClaims().inAnyNamespace().watch(cast(onChange)));
            watches.add(client.secrets().inAnyNamespace().watch(cast(onChange)));
            watches.add(client.persistentVolumes().watch(cast(onChange)));
            watches.add(client.pods().inAnyNamespace().watch(cast(onChange)));
            watches.add(client.batch().v1().jobs().inAnyNamespace().watch(cast(onChange)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                changes.drainPermits();
                Findings findings = of(cluster);
                if (settled.test(findings) || !changes.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return findings;
                }
            }
        } finally {
            watches.forEach(Watch::close);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> Watcher<T> cast(Watcher<HasMetadata> watcher) {
        return (Watcher<T>) (Watcher<?>) watcher;
    }

    /** One object, the VM it belongs to, and what state it is in (to read in a failure message). */
    record Owned(String kind, String name, String vm, String state) {
        @Override
        public String toString() {
            return kind + "/" + name + " (" + state + ")";
        }
    }

    static Findings of(EmbeddedEdgeCluster cluster) {
        KubernetesClient client = cluster.client();
        List<Owned> objects = new ArrayList<>();
        add(objects, "VirtualMachine", client.resources(VirtualMachine.class).inAnyNamespace().list().getItems(), o -> o.getMetadata().getName());
        add(objects, "VirtualMachineInstance", client.resources(VirtualMachineInstance.class).inAnyNamespace().list().getItems(),
                o -> o.getMetadata().getName());
        add(objects, "DataVolume", client.resources(DataVolume.class).inAnyNamespace().list().getItems(), FaultAudit::vmOfDisk);
        add(objects, "PersistentVolumeClaim", client.persistentVolumeClaims().inAnyNamespace().list().getItems(), FaultAudit::vmOfDisk);
        add(objects, "Secret", client.secrets().inAnyNamespace().list().getItems().stream().filter(FaultAudit::ofTheSuite)
                .collect(Collectors.toList()), FaultAudit::vmOfSecret);
        List<PersistentVolume> volumes = client.persistentVolumes().withLabel(PoolLabels.NODE).list().getItems();
        add(objects, "PersistentVolume", volumes, o -> label(o, PoolLabels.OWNER));
        add(objects, "Pod", client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> p.getMetadata().getName().startsWith("cdi-upload-") || p.getMetadata().getName().startsWith("edgevm-wipe-")
                        || p.getMetadata().getName().startsWith("virt-launcher-"))
                .collect(Collectors.toList()), FaultAudit::vmOfDisk);
        add(objects, "Job", client.batch().v1().jobs().inAnyNamespace().list().getItems(), FaultAudit::vmOfDisk);
        return new Findings(objects, volumes);
    }

    private static <T extends HasMetadata> void add(List<Owned> out, String kind, List<T> items, Function<T, String> vm) {
        items.forEach(o -> out.add(new Owned(kind, o.getMetadata().getName(), vm.apply(o), state(o))));
    }

    /** Phase, claim, deletion, finalizers and owners: what explains why an object is still there. */
    private static String state(HasMetadata o) {
        List<String> parts = new ArrayList<>();
        if (o instanceof PersistentVolume pv) {
            parts.add(pv.getStatus() == null ? "no status" : pv.getStatus().getPhase());
            if (pv.getSpec().getClaimRef() != null) {
                parts.add("claim " + pv.getSpec().getClaimRef().getName());
            }
        } else if (o instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim pvc) {
            parts.add(pvc.getStatus() == null ? "no status" : pvc.getStatus().getPhase());
        } else if (o instanceof io.fabric8.kubernetes.api.model.Pod pod) {
            parts.add(pod.getStatus() == null ? "no status" : pod.getStatus().getPhase());
        } else if (o instanceof DataVolume dv) {
            parts.add(dv.getStatus() == null ? "no status" : dv.getStatus().phase());
        }
        if (o.getMetadata().getDeletionTimestamp() != null) {
            parts.add("deleting");
        }
        if (o.getMetadata().getFinalizers() != null && !o.getMetadata().getFinalizers().isEmpty()) {
            parts.add("finalizers " + o.getMetadata().getFinalizers());
        }
        if (!owners(o).isEmpty()) {
            parts.add("owners " + owners(o).stream().map(r -> r.getKind() + "/" + r.getName()).toList());
        }
        return String.join(", ", parts);
    }

    /** The suite's VMs are db-N; their disks and helpers are named after them (db-N-rootdisk, cdi-upload-db-N-rootdisk, ...). */
    private static final Pattern SUITE_VM = Pattern.compile("(db-\\d+)");

    private static String vmOfDisk(HasMetadata o) {
        Matcher m = SUITE_VM.matcher(o.getMetadata().getName());
        return m.find() ? m.group(1) : o.getMetadata().getName();
    }

    /**
     * A Secret the SDK made for one of the suite's VMs, whichever way it would show: labelled as
     * the SDK's, named {@code <vm>-cloudinit} (or anything else after a VM), or owned by a VM.
     */
    private static boolean ofTheSuite(Secret secret) {
        return EdgeVmLabels.MANAGED_BY_VALUE.equals(label(secret, EdgeVmLabels.MANAGED_BY))
                || SUITE_VM.matcher(secret.getMetadata().getName()).find()
                || owners(secret).stream().anyMatch(r -> "VirtualMachine".equals(r.getKind()));
    }

    private static String vmOfSecret(Secret secret) {
        String labelled = label(secret, EdgeVmLabels.VM);
        if (labelled != null) {
            return labelled;
        }
        return owners(secret).stream().filter(r -> "VirtualMachine".equals(r.getKind())).map(OwnerReference::getName).findFirst()
                .orElseGet(() -> vmOfDisk(secret));
    }

    private static List<OwnerReference> owners(HasMetadata o) {
        return o.getMetadata().getOwnerReferences() == null ? List.of() : o.getMetadata().getOwnerReferences();
    }

    private static String label(HasMetadata o, String key) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static List<String> duplicates(List<PersistentVolume> volumes, Function<PersistentVolume, String> key) {
        return volumes.stream().map(key).filter(k -> k != null)
                .collect(Collectors.groupingBy(k -> k, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().collect(Collectors.toList());
    }
}
