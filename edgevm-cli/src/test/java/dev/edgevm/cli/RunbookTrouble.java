package dev.edgevm.cli;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Breaks a cluster the ways the runbook's troubleshooting section describes. */
final class RunbookTrouble {

    private RunbookTrouble() {}

    /**
     * Item 4: virt-operator removed before the KubeVirt object, then the namespace deleted; the
     * KubeVirt object's finalizer, which only the operator removes, keeps the namespace Terminating.
     */
    static void removeKubevirtInTheWrongOrder(KubernetesClient client) throws Exception {
        client.pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-operator").withGracePeriod(0).delete();
        client.pods().inNamespace("kubevirt").withLabel("kubevirt.io", "virt-operator")
                .informOnCondition(List::isEmpty).get(30, TimeUnit.SECONDS);
        client.namespaces().withName("kubevirt").delete();
        client.namespaces().withName("kubevirt")
                .waitUntilCondition(RunbookTrouble::terminating, 30, TimeUnit.SECONDS);
    }

    private static boolean terminating(Namespace ns) {
        return ns != null && ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase());
    }
}
