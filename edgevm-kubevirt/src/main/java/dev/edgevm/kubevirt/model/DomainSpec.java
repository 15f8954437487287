package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The virtual hardware of an instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DomainSpec(
        Cpu cpu,
        Memory memory,
        ResourceRequirements resources,
        Devices devices) {}
