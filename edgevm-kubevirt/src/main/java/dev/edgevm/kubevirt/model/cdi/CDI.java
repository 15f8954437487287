package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The cluster-wide CDI deployment. */
@Group("cdi.kubevirt.io")
@Version("v1beta1")
@Kind("CDI")
@Plural("cdis")
@ShortNames({"cdi", "cdis"})
@JsonIgnoreProperties(ignoreUnknown = true)
public final class CDI extends CustomResource<CDISpec, CDIStatus> {

    public static final String API_VERSION = "cdi.kubevirt.io/v1beta1";
}
