package dev.edgevm.kubevirt.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a restore put one VM volume: the claim (and DataVolume) made from the volume snapshot. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VolumeRestore(
        String volumeName,
        String persistentVolumeClaim,
        String volumeSnapshotName,
        String dataVolumeName) {}
