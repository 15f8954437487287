package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A CDI DataVolume: a claim and the import, upload or clone that fills it. */
@Group("cdi.kubevirt.io")
@Version("v1beta1")
@Kind("DataVolume")
@Plural("datavolumes")
@ShortNames({"dv", "dvs"})
@JsonIgnoreProperties(ignoreUnknown = true)
public final class DataVolume extends CustomResource<DataVolumeSpec, DataVolumeStatus> implements Namespaced {

    public static final String API_VERSION = "cdi.kubevirt.io/v1beta1";
}
