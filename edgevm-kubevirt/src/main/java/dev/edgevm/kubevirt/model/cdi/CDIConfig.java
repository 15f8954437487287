package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** CDI settings, including where the upload proxy is and which CA signs it. */
@Group("cdi.kubevirt.io")
@Version("v1beta1")
@Kind("CDIConfig")
@Plural("cdiconfigs")
@JsonIgnoreProperties(ignoreUnknown = true)
public final class CDIConfig extends CustomResource<CDIConfigSpec, CDIConfigStatus> {

    public static final String API_VERSION = "cdi.kubevirt.io/v1beta1";
}
