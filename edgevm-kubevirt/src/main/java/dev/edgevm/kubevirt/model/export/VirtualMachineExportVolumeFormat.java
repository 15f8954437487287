package dev.edgevm.kubevirt.model.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A download URL of a volume in one format: {@code raw}, {@code gzip}, {@code dir}, {@code tar.gz}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineExportVolumeFormat(
        String format,
        String url) {}
