package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A condition of a DataVolume (Bound, Ready, Running). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataVolumeCondition(
        String type,
        String status,
        String reason,
        String message,
        String lastTransitionTime,
        String lastHeartbeatTime) {}
