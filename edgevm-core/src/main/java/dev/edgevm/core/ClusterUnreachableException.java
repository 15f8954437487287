package dev.edgevm.core;

/** No answer from the cluster: connection refused or dropped, TLS failure, DNS, timeouts on the wire. */
public final class ClusterUnreachableException extends EdgeVmException {

    public ClusterUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
