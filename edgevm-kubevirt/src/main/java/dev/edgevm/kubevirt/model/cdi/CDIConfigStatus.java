package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** CDI settings in effect: upload proxy address and CA, filesystem overhead, scratch class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CDIConfigStatus(
        String uploadProxyURL,
        String uploadProxyCA,
        FilesystemOverhead filesystemOverhead,
        String scratchSpaceStorageClass) {}
