package dev.edgevm.storage.containerdisk;

import dev.edgevm.core.EdgeVmException;

/**
 * Building, writing or pushing a container disk failed: the registry refused the credentials,
 * asked for TLS it could not verify, or could not be reached; or the tarball could not be written.
 */
public final class ContainerDiskException extends EdgeVmException {

    private final boolean retryable;

    public ContainerDiskException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }
}
