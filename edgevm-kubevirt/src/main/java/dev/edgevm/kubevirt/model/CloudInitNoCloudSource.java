package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

/** Cloud-init NoCloud data, inline or from Secrets ({@code secretRef} holds the user data). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CloudInitNoCloudSource(
        String userData,
        String userDataBase64,
        LocalObjectReference secretRef,
        String networkData,
        String networkDataBase64,
        LocalObjectReference networkDataSecretRef) {}
