package dev.edgevm.kubevirt.model.cdi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** Asks CDI for a short-lived token that lets one upload into one claim. */
@Group("upload.cdi.kubevirt.io")
@Version("v1beta1")
@Kind("UploadTokenRequest")
@Plural("uploadtokenrequests")
@JsonIgnoreProperties(ignoreUnknown = true)
public final class UploadTokenRequest extends CustomResource<UploadTokenRequestSpec, UploadTokenRequestStatus> implements Namespaced {

    public static final String API_VERSION = "upload.cdi.kubevirt.io/v1beta1";

    /** CDI's API declares {@code status} required; a request carries it empty, as virtctl's does. */
    @Override
    protected UploadTokenRequestStatus initStatus() {
        return new UploadTokenRequestStatus(null);
    }
}
