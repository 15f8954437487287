package dev.edgevm.kubevirt;

import java.util.Optional;

/**
 * A condition of a VM or of its instance, as the cluster reports it.
 *
 * @param source {@code VirtualMachine} or {@code VirtualMachineInstance}
 */
public record VmCondition(String source, String type, String status, String reason, String message) {

    public boolean isTrue() {
        return "True".equals(status);
    }

    public Optional<String> reasonIfAny() {
        return Optional.ofNullable(reason).filter(r -> !r.isEmpty());
    }

    @Override
    public String toString() {
        return source + " " + type + "=" + status + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")")
                + (message == null || message.isEmpty() ? "" : ": " + message);
    }
}
