package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A network from a Multus NetworkAttachmentDefinition ({@code namespace/name} or {@code name}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record MultusNetwork(
        String networkName,
        @JsonProperty("default") Boolean defaultNetwork) {}
