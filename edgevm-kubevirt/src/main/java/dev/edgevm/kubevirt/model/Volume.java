package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a disk's data comes from; exactly one source is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Volume(
        String name,
        ContainerDiskSource containerDisk,
        PersistentVolumeClaimVolumeSource persistentVolumeClaim,
        DataVolumeSource dataVolume,
        CloudInitNoCloudSource cloudInitNoCloud) {}
