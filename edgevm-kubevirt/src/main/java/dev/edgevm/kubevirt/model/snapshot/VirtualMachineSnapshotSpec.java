package dev.edgevm.kubevirt.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.TypedLocalObjectReference;

/** What to snapshot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineSnapshotSpec(
        TypedLocalObjectReference source,
        String deletionPolicy,
        String failureDeadline) {}
