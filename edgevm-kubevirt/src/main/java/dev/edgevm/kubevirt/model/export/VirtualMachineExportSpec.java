package dev.edgevm.kubevirt.model.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;

/** What to export (a PersistentVolumeClaim, VirtualMachine or VirtualMachineSnapshot), the token Secret, the lifetime ({@code 1h}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineExportSpec(
        TypedLocalObjectReference source,
        String tokenSecretRef,
        String ttlDuration) {}
