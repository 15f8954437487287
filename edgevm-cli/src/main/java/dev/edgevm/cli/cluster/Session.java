package dev.edgevm.cli.cluster;

import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.Vms;
import java.util.Objects;

/** One command's connection: the SDK handle, the namespace it works in, and what to close after. */
public final class Session implements AutoCloseable {

    private final EdgeVm edge;
    private final String namespace;
    private final AutoCloseable owned;

    /**
     * @param owned closed after the EdgeVm, e.g. the embedded cluster started for this command; may be null
     */
    public Session(EdgeVm edge, String namespace, AutoCloseable owned) {
        this.edge = Objects.requireNonNull(edge, "edge");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.owned = owned;
    }

    public EdgeVm edge() {
        return edge;
    }

    public String namespace() {
        return namespace;
    }

    /** The VMs of the session's namespace. */
    public Vms vms() {
        return edge.vms().inNamespace(namespace);
    }

    @Override
    public void close() {
        try {
            edge.close();
        } finally {
            if (owned != null) {
                try {
                    owned.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + owned + " failed: " + e.getMessage(), e);
                }
            }
        }
    }
}
