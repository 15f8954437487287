package dev.edgevm.sriov.internal;

import dev.edgevm.kubevirt.spi.DeployContext;
import dev.edgevm.kubevirt.spi.DeployExtension;
import dev.edgevm.sriov.EdgeSriov;
import dev.edgevm.sriov.SriovNetwork;

/**
 * Deploying a VM with SR-IOV NICs or hugepages: refuse it before anything exists when no node can
 * take it, then create each missing NetworkAttachmentDefinition (and check existing ones match).
 */
public final class SriovDeployExtension implements DeployExtension {

    @Override
    public void preflight(DeployContext context) {
        if (!context.spec().sriovNics().isEmpty() || context.spec().hugepages().isPresent()) {
            EdgeSriov.of(context.edge()).preflight(context.spec());
        }
    }

    @Override
    public void prepare(DeployContext context) {
        NetworkAttachments nads = ((DefaultEdgeSriov) EdgeSriov.of(context.edge())).networkAttachments();
        String vmNamespace = context.spec().namespace().orElse(context.edge().namespace());
        for (SriovNetwork network : SriovNetwork.neededBy(context.spec())) {
            String namespace = network.namespace().orElse(vmNamespace);
            if (nads.find(namespace, network.name()).isPresent()) {
                continue; // preflight checked the existing network; a missing one without resource was refused
            }
            NetworkAttachments.Ensured ensured = nads.create(network, namespace);
            if (ensured.created()) {
                context.created("created NetworkAttachmentDefinition " + namespace + "/" + network.name(),
                        () -> nads.delete(namespace, network.name()));
            }
        }
    }
}
