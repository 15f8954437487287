package dev.edgevm.kubevirt.model.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Links reachable inside the cluster (the export Service) and from outside (an Ingress or Route). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineExportLinks(
        VirtualMachineExportLink internal,
        VirtualMachineExportLink external) {}
