package dev.edgevm.kubevirt.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An empty object, {@code {}}: how the API says "this option, no settings" (an interface bound with
 * {@code masquerade: {}}, a DataVolume with {@code source: {upload: {}}}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Empty() {

    public static final Empty INSTANCE = new Empty();
}
