package dev.edgevm.kubevirt.model.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.edgevm.kubevirt.model.Condition;
import java.util.List;

/** Observed state of an export: phase (Pending, Ready, Terminated, Skipped), conditions, links once Ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineExportStatus(
        String phase,
        List<Condition> conditions,
        VirtualMachineExportLinks links,
        String serviceName,
        String tokenSecretRef,
        String ttlExpirationTime,
        String virtualMachineName) {}
