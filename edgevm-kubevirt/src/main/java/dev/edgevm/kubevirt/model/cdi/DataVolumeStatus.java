package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Observed state of a DataVolume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataVolumeStatus(
        String phase,
        String progress,
        List<DataVolumeCondition> conditions,
        String claimName,
        Integer restartCount) {}
