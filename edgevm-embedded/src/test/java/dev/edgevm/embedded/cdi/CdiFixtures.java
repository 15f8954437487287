package dev.edgevm.embedded.cdi;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** What the CDI tests do through the API as a client would: plain fabric8 and java.net.http. */
final class CdiFixtures {

  static final ResourceDefinitionContext DATA_VOLUMES = new ResourceDefinitionContext.Builder()
      .withGroup("cdi.kubevirt.io").withVersion("v1beta1").withKind("DataVolume").withPlural("datavolumes")
      .withNamespaced(true).build();
  static final ResourceDefinitionContext CDIS = new ResourceDefinitionContext.Builder()
      .withGroup("cdi.kubevirt.io").withVersion("v1beta1").withKind("CDI").withPlural("cdis")
      .withNamespaced(false).build();
  static final ResourceDefinitionContext CDI_CONFIGS = new ResourceDefinitionContext.Builder()
      .withGroup("cdi.kubevirt.io").withVersion("v1beta1").withKind("CDIConfig").withPlural("cdiconfigs")
      .withNamespaced(false).build();
  static final ResourceDefinitionContext TOKEN_REQUESTS = new ResourceDefinitionContext.Builder()
      .withGroup("upload.cdi.kubevirt.io").withVersion("v1beta1").withKind("UploadTokenRequest")
      .withPlural("uploadtokenrequests").withNamespaced(true).build();

  private CdiFixtures() {
  }

  static PersistentVolume localVolume(String name, String node, String path, String size, String claim) {
    return Kube.localVolume(name, node, path, size, claim);
  }

  /** A DataVolume with {@code source: {upload: {}}} (or blank) and a {@code pvc} section. */
  static GenericKubernetesResource dataVolume(String name, String source, String size) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("cdi.kubevirt.io/v1beta1").withKind("DataVolume")
        .withNewMetadata().withName(name).withNamespace("default").endMetadata()
        .addToAdditionalProperties("spec", Map.of(
            "source", Map.of(source, Map.of()),
            "pvc", Map.of("accessModes", java.util.List.of("ReadWriteOnce"),
                "resources", Map.of("requests", Map.of("storage", size)),
                "storageClassName", "local-storage")))
        .build();
  }

  /**
   * An upload DataVolume of 64Mi, optionally of a content type, on volumes pre-made for its claim
   * and its scratch claim at {@code <dir>0} and {@code <dir>1} of the node; returns once UploadReady.
   */
  static void uploadReady(KubernetesClient client, String name, String node, String dir, String contentType) {
    client.persistentVolumes().resource(localVolume(name + "-pv0", node, dir + "0", "64Mi", name)).create();
    client.persistentVolumes().resource(localVolume(name + "-pv1", node, dir + "1", "64Mi", name + "-scratch"))
        .create();
    GenericKubernetesResource dataVolume = dataVolume(name, "upload", "64Mi");
    if (contentType != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = new java.util.HashMap<>((Map<String, Object>) dataVolume.getAdditionalProperties()
          .get("spec"));
      spec.put("contentType", contentType);
      dataVolume.getAdditionalProperties().put("spec", spec);
    }
    client.genericKubernetesResources(DATA_VOLUMES).inNamespace("default").resource(dataVolume).create();
    awaitDataVolume(client, name, dv -> "UploadReady".equals(phase(dv)));
  }

  static GenericKubernetesResource awaitDataVolume(KubernetesClient client, String name,
      Predicate<GenericKubernetesResource> condition) {
    return client.genericKubernetesResources(DATA_VOLUMES).inNamespace("default").withName(name)
        .waitUntilCondition(dv -> dv != null && condition.test(dv), Waits.SECONDS, TimeUnit.SECONDS);
  }

  static String phase(GenericKubernetesResource dataVolume) {
    Object status = dataVolume.getAdditionalProperties().get("status");
    return status instanceof Map ? (String) ((Map<?, ?>) status).get("phase") : null;
  }

  static String uploadToken(KubernetesClient client, String claim) {
    GenericKubernetesResource request = new GenericKubernetesResourceBuilder()
        .withApiVersion("upload.cdi.kubevirt.io/v1beta1").withKind("UploadTokenRequest")
        .withNewMetadata().withName("token-for-" + claim).withNamespace("default").endMetadata()
        .addToAdditionalProperties("spec", Map.of("pvcName", claim))
        .build();
    GenericKubernetesResource response = client.genericKubernetesResources(TOKEN_REQUESTS).inNamespace("default")
        .resource(request).create();
    return (String) ((Map<?, ?>) response.getAdditionalProperties().get("status")).get("token");
  }

  static HttpClient trustingClient(EmbeddedEdgeCluster cluster) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (Certificate certificate : factory.generateCertificates(
        new ByteArrayInputStream(cluster.certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII)))) {
      trust.setCertificateEntry("ca" + i++, certificate);
    }
    TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    managers.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, managers.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }

  static HttpResponse<String> upload(HttpClient http, EmbeddedEdgeCluster cluster, String path, String authorization,
      byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.uploadProxyUrl() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
