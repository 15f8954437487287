package dev.edgevm.kubevirt.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edgevm.kubevirt.model.Condition;
import java.util.List;

/** Observed state of a snapshot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineSnapshotStatus(
        Boolean readyToUse,
        String phase,
        SnapshotError error,
        List<Condition> conditions,
        String virtualMachineSnapshotContentName,
        String creationTime,
        String sourceUID,
        List<String> indications,
        List<SourceIndication> sourceIndications,
        SnapshotVolumesLists snapshotVolumes) {}
