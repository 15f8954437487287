package dev.edgevm.storage.upload.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.model.cdi.UploadTokenRequest;
import dev.edgevm.kubevirt.model.cdi.UploadTokenRequestSpec;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/**
 * Upload tokens from CDI's {@code upload.cdi.kubevirt.io} UploadTokenRequest: created for a claim,
 * answered with {@code status.token}, stored nowhere. A token is valid for five minutes.
 */
public final class ClusterTokens implements TokenSource {

    private final ClusterAccess cluster;

    public ClusterTokens(ClusterAccess cluster) {
        this.cluster = cluster;
    }

    @Override
    public String token(String namespace, String claim) {
        UploadTokenRequest request = new UploadTokenRequest();
        request.setMetadata(new ObjectMetaBuilder().withName(claim).withNamespace(namespace).build());
        request.setSpec(new UploadTokenRequestSpec(claim));
        ObjectRef ref = ObjectRef.of("UploadTokenRequest", namespace, claim);
        UploadTokenRequest answer = cluster.call("create", ref,
                () -> cluster.client().resources(UploadTokenRequest.class).inNamespace(namespace).resource(request).create());
        if (answer == null || answer.getStatus() == null || answer.getStatus().token() == null || answer.getStatus().token().isBlank()) {
            throw new EdgeVmException("CDI answered the " + ref + " without a token");
        }
        return answer.getStatus().token();
    }
}
