package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Observed state of a running (or starting, or finished) instance. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineInstanceStatus(
        String phase,
        String reason,
        String nodeName,
        List<Condition> conditions,
        List<VirtualMachineInstanceNetworkInterface> interfaces,
        String launcherContainerImageVersion) {}
