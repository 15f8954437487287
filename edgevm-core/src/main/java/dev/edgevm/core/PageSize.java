package dev.edgevm.core;

import java.util.Arrays;
import java.util.Optional;

/** A hugepage size a VM's memory can be backed by; the node must offer {@code hugepages-<size>}. */
public enum PageSize {
    MI_2("2Mi"),
    GI_1("1Gi");

    private final String wireName;

    PageSize(String wireName) {
        this.wireName = wireName;
    }

    /** As KubeVirt and the node's resources spell it: {@code 2Mi}, {@code 1Gi}. */
    public String wireName() {
        return wireName;
    }

    /** The node resource that counts these pages, e.g. {@code hugepages-2Mi}. */
    public String resourceName() {
        return "hugepages-" + wireName;
    }

    public Quantity size() {
        return Quantity.parse(wireName);
    }

    public static Optional<PageSize> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
