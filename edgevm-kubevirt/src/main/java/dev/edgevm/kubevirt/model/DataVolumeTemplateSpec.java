package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/** A DataVolume the VirtualMachine creates and owns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataVolumeTemplateSpec(
        ObjectMeta metadata,
        dev.edgevm.kubevirt.model.cdi.DataVolumeSpec spec) {}
