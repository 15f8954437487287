package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A NIC as the instance reports it: name, MAC and addresses. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record VirtualMachineInstanceNetworkInterface(
        String name,
        String ipAddress,
        List<String> ipAddresses,
        String mac,
        String interfaceName,
        String infoSource) {}
