package dev.edgevm.core.disk;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A disk of a VM and where its data comes from: a {@link ContainerDisk} (ephemeral, from an image),
 * a {@link ClaimDisk} (an existing PVC), an {@link UploadedDisk} (a local image file uploaded into a
 * new DataVolume) or a {@link BlankDisk} (an empty DataVolume).
 */
public interface Disk {

    /** The disk's name in the VM; when absent the VM spec names it ({@code rootdisk}, {@code disk1}, ...). */
    Optional<String> name();

    DiskBus bus();

    /** The boot order (1 boots first); needed on every bootable disk when a VM has several. */
    OptionalInt bootOrder();

    /** Whether the disk holds an operating system image the VM may boot from. */
    boolean bootable();
}
