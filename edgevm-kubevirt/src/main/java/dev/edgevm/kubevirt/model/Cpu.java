package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** CPU topology. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Cpu(
        Integer cores,
        Integer sockets,
        Integer threads) {}
