package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A NIC; exactly one of masquerade, bridge or sriov says how it is bound. Its network has the same name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Interface(
        String name,
        Empty masquerade,
        Empty bridge,
        Empty sriov,
        String macAddress,
        Integer bootOrder) {}
