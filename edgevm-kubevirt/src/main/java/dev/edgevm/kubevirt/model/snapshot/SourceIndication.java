package dev.edgevm.kubevirt.model.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** One of KubeVirt's indications about a snapshot (Online, NoGuestAgent, Partial, ...) with its explanation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SourceIndication(
        String indication,
        String message) {}
