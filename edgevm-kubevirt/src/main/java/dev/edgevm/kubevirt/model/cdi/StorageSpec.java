package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirements;
import java.util.List;

/** Storage of a DataVolume; CDI fills in defaults and adds filesystem overhead. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StorageSpec(
        List<String> accessModes,
        String volumeMode,
        VolumeResourceRequirements resources,
        String storageClassName,
        String volumeName) {}
