package dev.edgevm.storage.upload.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.kubevirt.model.cdi.CDIConfig;
import dev.edgevm.storage.cdi.internal.CdiResources;
import dev.edgevm.storage.upload.UploadTls;
import java.net.URI;
import java.util.Optional;

/**
 * Where uploads go and how the proxy is trusted: the caller's settings if given, else what CDI
 * publishes (CDIConfig {@code status.uploadProxyURL}, which is often a host without a scheme, and
 * {@code status.uploadProxyCA}, or the proxy's CA bundle ConfigMap).
 */
public record UploadEndpoint(URI uploadUri, UploadTls tls, String describedTrust) {

    /** CDI's asynchronous upload path: the proxy answers once it has the data, CDI processes it after. */
    public static final String ASYNC_PATH = "/v1beta1/upload-async";

    /** @param urlOverride the caller's proxy URL, or null; @param tlsOverride the caller's trust, or null */
    public static UploadEndpoint resolve(URI urlOverride, UploadTls tlsOverride, String cdiNamespace, CdiResources cdi) {
        Optional<CDIConfig> config = urlOverride != null && tlsOverride != null ? Optional.empty() : cdi.config();
        URI base = Optional.ofNullable(urlOverride).orElseGet(() -> config.map(CDIConfig::getStatus).map(s -> s.uploadProxyURL())
                .filter(u -> !u.isBlank()).map(UploadEndpoint::withScheme)
                .orElseThrow(() -> new EdgeVmException("CDI publishes no upload proxy URL (CDIConfig 'config' has no "
                        + "status.uploadProxyURL): set StorageConfig.uploadProxyUrl to the proxy's address, e.g. "
                        + "https://<cdi-proxy-ip>:443 from `kubectl get services -A | grep cdi-uploadproxy`")));
        URI upload = base.resolve(base.getPath() == null || base.getPath().isEmpty() || "/".equals(base.getPath())
                ? ASYNC_PATH : base.getPath().replaceAll("/+$", "") + ASYNC_PATH);
        if (tlsOverride != null) {
            return new UploadEndpoint(upload, tlsOverride, tlsOverride.toString());
        }
        Optional<String> ca = config.map(CDIConfig::getStatus).map(s -> s.uploadProxyCA()).filter(s -> !s.isBlank());
        if (ca.isPresent()) {
            return new UploadEndpoint(upload, UploadTls.trusting(ca.get()), "the CA of CDIConfig status.uploadProxyCA");
        }
        Optional<String> bundle = cdi.caBundle(cdiNamespace);
        if (bundle.isPresent()) {
            return new UploadEndpoint(upload, UploadTls.trusting(bundle.get()),
                    "the CA of ConfigMap " + cdiNamespace + "/" + CdiResources.CA_BUNDLE_CONFIG_MAP);
        }
        throw new EdgeVmException("no CA to verify CDI's upload proxy with: CDIConfig has no status.uploadProxyCA and there is no"
                + " ConfigMap " + cdiNamespace + "/" + CdiResources.CA_BUNDLE_CONFIG_MAP + "; set StorageConfig.uploadTls to"
                + " UploadTls.trusting(caPem), or to UploadTls.systemTrust() for a proxy with a publicly trusted certificate"
                + " (UploadTls.insecure() skips verification, as virtctl --insecure does)");
    }

    private static URI withScheme(String url) {
        String trimmed = url.strip();
        return URI.create(trimmed.contains("://") ? trimmed : "https://" + trimmed);
    }
}
