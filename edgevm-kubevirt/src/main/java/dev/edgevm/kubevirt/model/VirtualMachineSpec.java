package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Desired state of a VirtualMachine. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineSpec(
        String runStrategy,
        Boolean running,
        VirtualMachineInstanceTemplateSpec template,
        List<DataVolumeTemplateSpec> dataVolumeTemplates) {}
