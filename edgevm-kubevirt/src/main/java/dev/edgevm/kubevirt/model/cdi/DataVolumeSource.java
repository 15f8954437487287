package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edgevm.kubevirt.model.Empty;

/** The data source of a DataVolume; exactly one is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataVolumeSource(
        Empty upload,
        Empty blank,
        DataVolumeSourcePvc pvc) {}
