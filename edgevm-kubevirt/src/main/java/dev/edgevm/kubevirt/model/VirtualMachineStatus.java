package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Observed state of a VirtualMachine. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineStatus(
        String printableStatus,
        Boolean ready,
        Boolean created,
        List<Condition> conditions,
        List<StateChangeRequest> stateChangeRequests,
        String runStrategy,
        Long observedGeneration,
        Long desiredGeneration,
        String snapshotInProgress,
        String restoreInProgress) {}
