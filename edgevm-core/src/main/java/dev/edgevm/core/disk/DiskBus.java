package dev.edgevm.core.disk;

/** The bus a disk is attached to in the guest. Virtio is fastest and what cloud images expect. */
public enum DiskBus {
    VIRTIO("virtio"),
    SATA("sata"),
    SCSI("scsi");

    private final String wireName;

    DiskBus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
