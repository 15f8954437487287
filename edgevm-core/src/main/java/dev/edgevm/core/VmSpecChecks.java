package dev.edgevm.core;

import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.Disk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.core.network.MacAddress;
import dev.edgevm.core.network.Network;
import dev.edgevm.core.network.PodNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/** The cross-field rules of {@link VmSpec}, one method per area so each stays readable. */
final class VmSpecChecks {

    private VmSpecChecks() {}

    static void cpu(Violations v, int cores, OptionalInt sockets, OptionalInt threads) {
        v.require(cores >= 1, "cpuCores", "must be at least 1, was " + cores);
        sockets.ifPresent(s -> v.require(s >= 1, "cpuSockets", "must be at least 1, was " + s));
        threads.ifPresent(t -> v.require(t >= 1, "cpuThreads", "must be at least 1, was " + t));
    }

    static void memory(Violations v, Quantity memory, PageSize hugepages, Quantity minimum) {
        if (memory == null) {
            v.add("memory", Violations.MISSING + " (e.g. 2056M or 4Gi)");
            return;
        }
        if (!memory.isPositive()) {
            v.add("memory", "must be positive, was " + memory);
        } else if (memory.compareTo(minimum) < 0) {
            v.add("memory", memory + " is too small for a VM; give at least " + minimum);
        }
        if (hugepages != null && memory.isPositive() && !memory.isMultipleOf(hugepages.size())) {
            v.add("memory", memory + " is not a multiple of the " + hugepages + " hugepage size;"
                    + " round it to whole pages (e.g. " + roundUp(memory, hugepages) + ")");
        }
    }

    private static Quantity roundUp(Quantity memory, PageSize page) {
        long pageBytes = page.size().bytes();
        long pages = (memory.bytes() + pageBytes - 1) / pageBytes;
        return Quantity.ofBytes(pages * pageBytes);
    }

    static void placement(Violations v, String node, Map<String, String> nodeSelector, List<Toleration> tolerations) {
        if (node != null) {
            v.require(KubernetesNames.isDns1123Subdomain(node), "node", "'" + node + "' is not a valid node name");
        }
        nodeSelector.forEach((k, val) -> {
            KubernetesNames.checkQualifiedName(v, "nodeSelector[" + k + "]", k);
            KubernetesNames.checkLabelValue(v, "nodeSelector[" + k + "]", val);
        });
        for (int i = 0; i < tolerations.size(); i++) {
            v.require(tolerations.get(i) != null, "tolerations[" + i + "]", "must not be null");
        }
    }

    static void disks(Violations v, String vm, Disk root, List<Disk> others, List<String> names, String vmNode) {
        List<Disk> all = new ArrayList<>();
        all.add(root);
        all.addAll(others);
        Set<String> seen = new HashSet<>();
        Map<Integer, String> bootOrders = new HashMap<>();
        List<String> bootableWithoutOrder = new ArrayList<>();
        int bootable = 0;
        for (int i = 0; i < all.size(); i++) {
            Disk d = all.get(i);
            String path = i == 0 ? "rootDisk" : "disks[" + names.get(i) + "]";
            if (d == null) {
                v.add(path, "must not be null");
                continue;
            }
            if (!seen.add(names.get(i))) {
                v.add(path + ".name", "the name '" + names.get(i) + "' is used by another disk; disk names must be unique");
            }
            if (!KubernetesNames.isDns1123Label(names.get(i))) {
                continue; // the disk's own check reported it
            }
            if (VmSpec.CLOUD_INIT_DISK.equals(names.get(i))) {
                v.add(path + ".name", "'" + VmSpec.CLOUD_INIT_DISK + "' is the name of the disk that carries cloud-init;"
                        + " give this disk another name");
            }
            OptionalInt order = d.bootOrder();
            if (order.isPresent()) {
                String other = bootOrders.put(order.getAsInt(), names.get(i));
                if (other != null) {
                    v.add(path + ".bootOrder", "boot order " + order.getAsInt() + " is also used by disk '" + other + "'");
                }
            }
            if (d.bootable()) {
                bootable++;
                if (order.isEmpty()) {
                    bootableWithoutOrder.add(names.get(i));
                }
            }
            if (d instanceof UploadedDisk u && vmNode != null && u.node().isPresent() && !u.node().get().equals(vmNode)) {
                v.add(path + ".node", "the disk's volume is on node '" + u.node().get() + "' but the VM is pinned to '"
                        + vmNode + "'; a local volume can only be used on its own node");
            }
        }
        claims(v, vm, all, names);
        if (bootable > 1 && !bootableWithoutOrder.isEmpty()) {
            v.add("disks", bootable + " disks can boot but " + String.join(", ", bootableWithoutOrder)
                    + (bootableWithoutOrder.size() == 1 ? " has" : " have") + " no bootOrder; give each bootable disk a bootOrder");
        }
    }

    /**
     * Every DataVolume and claim a VM's disks use must belong to one disk: two disks in one
     * DataVolume (an explicit dataVolumeName equal to another disk's {@code <vm>-<disk>}), or a
     * claim disk naming a DataVolume the spec creates, would share one volume.
     */
    private static void claims(Violations v, String vm, List<Disk> all, List<String> names) {
        if (vm == null) {
            return;
        }
        Map<String, Integer> dataVolumes = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            Disk d = all.get(i);
            if (d == null) {
                continue;
            }
            int disk = i;
            VmSpec.dataVolumeName(vm, names.get(i), d).ifPresent(dv -> {
                Integer other = dataVolumes.putIfAbsent(dv, disk);
                if (other == null || names.get(other).equals(names.get(disk))) {
                    return; // a duplicate disk name is reported as such
                }
                // The disk that chose its DataVolume's name is the one to rename.
                int blamed = explicitDataVolume(d) ? disk : explicitDataVolume(all.get(other)) ? other : disk;
                int kept = blamed == disk ? other : disk;
                v.add(path(blamed, names) + ".dataVolumeName", "the DataVolume '" + dv + "' is also the DataVolume of disk '"
                        + names.get(kept) + "'; give this disk another dataVolumeName");
            });
        }
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof ClaimDisk c && dataVolumes.containsKey(c.claimName())) {
                v.add(path(i, names) + ".claimName", "the claim '" + c.claimName() + "' is the DataVolume of disk '"
                        + names.get(dataVolumes.get(c.claimName())) + "'; a volume can back only one disk");
            }
        }
    }

    private static boolean explicitDataVolume(Disk d) {
        return d instanceof UploadedDisk u && u.dataVolumeName().isPresent();
    }

    private static String path(int disk, List<String> names) {
        return disk == 0 ? "rootDisk" : "disks[" + names.get(disk) + "]";
    }

    static void networks(Violations v, List<Network> networks, Function<Network, Optional<MacAddress>> macOf) {
        Set<String> names = new HashSet<>();
        Map<MacAddress, String> macs = new HashMap<>();
        int podNetworks = 0;
        for (int i = 0; i < networks.size(); i++) {
            Network n = networks.get(i);
            if (n == null) {
                v.add("networks[" + i + "]", "must not be null");
                continue;
            }
            String path = "networks[" + n.name() + "]";
            if (!names.add(n.name())) {
                v.add(path + ".name", "the name '" + n.name() + "' is used by another NIC; NIC names must be unique");
                continue;
            }
            if (n instanceof PodNetwork) {
                podNetworks++;
            }
            Optional<MacAddress> mac = KubernetesNames.isDns1123Label(n.name()) ? macOf.apply(n) : Optional.empty();
            if (mac.isPresent()) {
                String other = macs.put(mac.get(), n.name());
                if (other != null) {
                    v.add(path + ".macAddress", "the MAC address is also used by NIC '" + other + "'");
                }
            }
        }
        v.require(podNetworks <= 1, "networks", "a VM can have at most one pod network NIC, found " + podNetworks);
    }
}
