package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A disk device; its volume has the same name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Disk(
        String name,
        DiskTarget disk,
        Integer bootOrder,
        String serial) {}
