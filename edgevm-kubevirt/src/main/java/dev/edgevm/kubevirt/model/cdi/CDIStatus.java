package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Observed state of the CDI deployment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CDIStatus(
        String phase,
        List<io.fabric8.kubernetes.api.model.Condition> conditions,
        String observedVersion) {}
