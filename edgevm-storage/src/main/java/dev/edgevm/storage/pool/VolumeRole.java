package dev.edgevm.storage.pool;

import java.util.Arrays;
import java.util.Optional;

/** What a pool volume holds; recorded in its {@code edgevm.dev/volume-role} label. */
public enum VolumeRole {

    /** A VM's disk: the claim of its DataVolume, {@code disk.img} in the volume's directory. */
    DATA("data"),

    /** CDI's scratch space for one upload (claim {@code <dataVolume>-scratch}); freed once the upload is done. */
    SCRATCH("scratch"),

    /** A snapshot of a data volume, kept on the same node. */
    SNAPSHOT("snapshot");

    private final String label;

    VolumeRole(String label) {
        this.label = label;
    }

    /** The label value, e.g. {@code scratch}. */
    public String label() {
        return label;
    }

    public static Optional<VolumeRole> ofLabel(String value) {
        return Arrays.stream(values()).filter(r -> r.label.equals(value)).findFirst();
    }
}
