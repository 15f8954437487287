package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** CDI settings users may override. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CDIConfigSpec(
        String uploadProxyURLOverride,
        FilesystemOverhead filesystemOverhead,
        String scratchSpaceStorageClass) {}
