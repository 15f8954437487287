package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Fraction of a Filesystem volume CDI keeps free, globally and per storage class (e.g. {@code 0.055}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FilesystemOverhead(
        String global,
        Map<String, String> storageClass) {}
