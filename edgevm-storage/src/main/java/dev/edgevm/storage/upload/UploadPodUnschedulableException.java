package dev.edgevm.storage.upload;

import dev.edgevm.core.WaitFailedException;
import dev.edgevm.storage.cdi.NodeTaint;
import java.util.List;

/**
 * CDI's upload pod cannot be placed on a node, so the upload can never start: the runbook's
 * "CDI image upload fails when CMK is enabled". Names the pod, the node taints CDI's pods do not
 * tolerate (from the nodes, not guessed from text), the scheduler's own message, and the fix.
 */
public final class UploadPodUnschedulableException extends WaitFailedException {

    private final String pod;
    private final List<NodeTaint> taints;
    private final String schedulerMessage;
    private final String fix;

    public UploadPodUnschedulableException(String pod, List<NodeTaint> taints, String schedulerMessage, String fix) {
        super("the upload pod " + pod + " to be scheduled", "Unschedulable", describe(taints, schedulerMessage, fix));
        this.pod = pod;
        this.taints = List.copyOf(taints);
        this.schedulerMessage = schedulerMessage;
        this.fix = fix;
    }

    /** The upload pod, {@code namespace/name}. */
    public String pod() {
        return pod;
    }

    /** The taints that keep the pod off the nodes it could use; empty when something else does. */
    public List<NodeTaint> taints() {
        return taints;
    }

    /** The scheduler's message from the pod's PodScheduled condition. */
    public String schedulerMessage() {
        return schedulerMessage;
    }

    public String fix() {
        return fix;
    }

    private static String describe(List<NodeTaint> taints, String schedulerMessage, String fix) {
        StringBuilder sb = new StringBuilder();
        if (!taints.isEmpty()) {
            sb.append("CDI's upload pods do not tolerate ");
            for (int i = 0; i < taints.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(taints.get(i));
            }
            sb.append(" (scheduler: ").append(schedulerMessage).append(")");
        } else {
            sb.append(schedulerMessage);
        }
        return sb.append(". Fix: ").append(fix).toString();
    }
}
