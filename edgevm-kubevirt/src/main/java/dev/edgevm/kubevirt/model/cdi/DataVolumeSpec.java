package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;

/** Desired state of a DataVolume: where the data comes from and the storage it goes to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataVolumeSpec(
        DataVolumeSource source,
        StorageSpec storage,
        PersistentVolumeClaimSpec pvc,
        String contentType,
        Boolean preallocation) {}
