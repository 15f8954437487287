package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Configuration of the CDI deployment; {@code workload} places the pods CDI creates (upload, import). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CDISpec(
        NodePlacement workload,
        NodePlacement infra) {}
