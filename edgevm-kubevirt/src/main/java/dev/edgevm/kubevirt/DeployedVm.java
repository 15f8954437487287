package dev.edgevm.kubevirt;

/** The VM a deploy or apply returns: a {@link VmResource} that also says what the call changed. */
public interface DeployedVm extends VmResource {

    DeployOutcome outcome();
}
