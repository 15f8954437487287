package dev.edgevm.kubevirt.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edgevm.kubevirt.model.Condition;
import java.util.List;

/** Observed state of a restore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineRestoreStatus(
        Boolean complete,
        List<Condition> conditions,
        String restoreTime,
        List<String> deletedDataVolumes,
        List<VolumeRestore> restores) {}
