package dev.edgevm.core.disk;

import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violations;

/** Checks every kind of disk shares. */
final class DiskChecks {

    private DiskChecks() {}

    static void common(Violations v, Disk disk) {
        disk.name().ifPresent(n -> KubernetesNames.checkLabelName(v, "name", n));
        if (disk.bus() == null) {
            v.add("bus", "must not be null; use virtio, sata or scsi");
        }
        disk.bootOrder().ifPresent(o -> v.require(o >= 1, "bootOrder", "must be 1 or more, was " + o));
    }

    static void size(Violations v, Quantity size) {
        if (size == null) {
            v.add("size", Violations.MISSING + " (e.g. 15Gi)");
        } else if (!size.isPositive()) {
            v.add("size", "must be positive, was " + size);
        } else if (size.amount().stripTrailingZeros().scale() > 0) {
            v.add("size", size + " is not a whole number of bytes");
        }
    }

    static void storageClass(Violations v, String storageClass) {
        if (storageClass != null && !KubernetesNames.isDns1123Subdomain(storageClass)) {
            v.add("storageClass", "'" + storageClass + "' is not a valid storage class name (a DNS-1123 subdomain)");
        }
    }
}
