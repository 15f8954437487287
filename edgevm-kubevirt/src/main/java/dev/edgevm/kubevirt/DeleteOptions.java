package dev.edgevm.kubevirt;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How far {@link VmResource#delete(DeleteOptions)} goes: by default the VM and what deploy created
 * for it (its cloud-init Secret); with {@link #purgeStorage(boolean)} also its DataVolumes, claims,
 * volumes and the disk files on the node; with {@link #waitUpTo(Duration)} it returns only once the
 * VM is gone.
 */
public final class DeleteOptions {

    private static final DeleteOptions DEFAULTS = new DeleteOptions(false, null);

    private final boolean purgeStorage;
    private final Duration wait;

    private DeleteOptions(boolean purgeStorage, Duration wait) {
        this.purgeStorage = purgeStorage;
        this.wait = wait;
    }

    public static DeleteOptions defaults() {
        return DEFAULTS;
    }

    public DeleteOptions purgeStorage(boolean purge) {
        return new DeleteOptions(purge, wait);
    }

    /** @throws IllegalArgumentException if {@code timeout} is negative */
    public DeleteOptions waitUpTo(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        return new DeleteOptions(purgeStorage, timeout);
    }

    public boolean purgeStorage() {
        return purgeStorage;
    }

    public Optional<Duration> waitTimeout() {
        return Optional.ofNullable(wait);
    }
}
