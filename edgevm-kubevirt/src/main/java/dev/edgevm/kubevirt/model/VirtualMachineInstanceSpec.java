package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** What a VirtualMachineInstance runs and where. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineInstanceSpec(
        DomainSpec domain,
        List<Network> networks,
        List<Volume> volumes,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Affinity affinity,
        Long terminationGracePeriodSeconds,
        String hostname,
        String evictionStrategy) {}
