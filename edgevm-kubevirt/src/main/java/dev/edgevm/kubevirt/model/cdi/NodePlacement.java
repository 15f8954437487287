package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Where CDI puts pods: node selector, tolerations, affinity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record NodePlacement(
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Affinity affinity) {}
