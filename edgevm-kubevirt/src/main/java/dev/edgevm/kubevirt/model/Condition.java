package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A condition of a KubeVirt object (VirtualMachine, instance, snapshot, restore). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Condition(
        String type,
        String status,
        String reason,
        String message,
        String lastTransitionTime,
        String lastProbeTime) {}
