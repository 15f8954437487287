package dev.edgevm.kubevirt.model.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One exported volume and the formats it can be downloaded in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineExportVolume(
        String name,
        List<VirtualMachineExportVolumeFormat> formats) {}
