package dev.edgevm.kubevirt.model.multus;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** The CNI configuration, a JSON document as a string. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NetworkAttachmentDefinitionSpec(
        String config) {}
