package dev.edgevm.kubevirt.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The VM volumes a snapshot includes and those it had to leave out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SnapshotVolumesLists(
        List<String> includedVolumes,
        List<String> excludedVolumes) {}
