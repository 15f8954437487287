package dev.edgevm.storage.upload.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.cdi.internal.CdiResources;
import dev.edgevm.storage.pool.PoolLabels;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the storage side makes of CDI and volume objects a real cluster should not answer with,
 * but a half-installed CDI or a broken one can: a CDIConfig without the upload proxy's URL or CA,
 * an UploadTokenRequest without a token, DataVolumes, claims and volumes without status, JSON cut
 * short. Each is read as far as it goes, or refused with one of the SDK's exceptions saying what
 * is missing; never a NullPointerException or a bare parser exception.
 *
 * <p>The server keeps what is created (CRUD), except for the paths a test sets an answer for.
 */
class MalformedCdiAnswersTest {

    private static final String CDI_CONFIG = "/apis/cdi.kubevirt.io/v1beta1/cdiconfigs/config";
    private static final String TOKEN_REQUESTS = "/apis/upload.cdi.kubevirt.io/v1beta1/namespaces/default/uploadtokenrequests";
    private static final RetryConfig QUICK = RetryConfig.builder().maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();

    private KubernetesMockServer server;
    private KubernetesClient client;
    private EdgeVm edge;

    @BeforeEach
    void startServer() {
        Map<ServerRequest, Queue<ServerResponse>> answers = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), answers, new KubernetesMixedDispatcher(answers), false);
        server.init();
        client = server.createClient();
        edge = EdgeVm.using(client, QUICK);
    }

    @AfterEach
    void stopServer() {
        edge.close();
        client.close();
        server.destroy();
    }

    private CdiResources cdi() {
        return new CdiResources((ClusterAccess) edge);
    }

    // ---- CDIConfig: where uploads go, and how the proxy is trusted

    @Test
    void aCdiConfigWithoutStatus_publishesNoProxy_andAnUploadSaysWhatToSet() {
        server.expect().get().withPath(CDI_CONFIG).andReturn(200, "{\"apiVersion\":\"cdi.kubevirt.io/v1beta1\",\"kind\":\"CDIConfig\","
                + "\"metadata\":{\"name\":\"config\"},\"spec\":{}}").always();

        assertThat(EdgeStorage.of(edge).cdi().uploadProxyUrl()).isEmpty();
        Throwable failure = catchThrowable(() -> UploadEndpoint.resolve(null, null, "cdi", cdi()));

        assertThat(failure).isInstanceOf(EdgeVmException.class).hasMessageContaining("status.uploadProxyURL")
                .hasMessageContaining("StorageConfig.uploadProxyUrl");
    }

    @Test
    void aCdiConfigWithAProxyUrlButNoCa_andNoCaBundle_saysHowToTrustTheProxy() {
        server.expect().get().withPath(CDI_CONFIG).andReturn(200, "{\"apiVersion\":\"cdi.kubevirt.io/v1beta1\",\"kind\":\"CDIConfig\","
                + "\"metadata\":{\"name\":\"config\"},\"status\":{\"uploadProxyURL\":\"cdi-uploadproxy.cdi.svc\"}}").always();

        Throwable failure = catchThrowable(() -> UploadEndpoint.resolve(null, null, "cdi", cdi()));

        assertThat(failure).isInstanceOf(EdgeVmException.class).hasMessageContaining("uploadProxyCA")
                .hasMessageContaining("StorageConfig.uploadTls");
    }

    @Test
    void aTruncatedCdiConfig_isReportedAsAnUnreadableAnswer() {
        server.expect().get().withPath(CDI_CONFIG).andReturn(200, "{\"apiVersion\":\"cdi.kubevirt.io/v1beta1\",\"kind\":\"CDIConfig\","
                + "\"metadata\":{\"name\":\"con").always();

        assertUnreadable(catchThrowable(() -> UploadEndpoint.resolve(null, null, "cdi", cdi())), "CDIConfig config");
    }

    // ---- UploadTokenRequest: the token the proxy wants

    @Test
    void anUploadTokenRequestAnsweredWithoutAToken_isRefusedNamingIt() {
        // CRUD stores the request and answers with it as sent: no status, so no token.
        Throwable failure = catchThrowable(() -> new ClusterTokens((ClusterAccess) edge).token("default", "centos-dv"));

        assertThat(failure).isInstanceOf(EdgeVmException.class).hasMessageContaining("UploadTokenRequest default/centos-dv")
                .hasMessageContaining("without a token");
    }

    @Test
    void anUploadTokenRequestAnsweredWithABlankToken_isRefusedNamingIt() {
        server.expect().post().withPath(TOKEN_REQUESTS).andReturn(201, "{\"apiVersion\":\"upload.cdi.kubevirt.io/v1beta1\","
                + "\"kind\":\"UploadTokenRequest\",\"metadata\":{\"name\":\"centos-dv\",\"namespace\":\"default\"},"
                + "\"status\":{\"token\":\" \"}}").always();

        assertThat(catchThrowable(() -> new ClusterTokens((ClusterAccess) edge).token("default", "centos-dv")))
                .isInstanceOf(EdgeVmException.class).hasMessageContaining("without a token");
    }

    @Test
    void aTruncatedUploadTokenAnswer_isReportedAsAnUnreadableAnswer() {
        server.expect().post().withPath(TOKEN_REQUESTS).andReturn(201, "{\"apiVersion\":\"upload.cdi.kubevirt.io/v1beta1\","
                + "\"kind\":\"UploadTokenRequest\",\"status\":{\"tok").always();

        assertUnreadable(catchThrowable(() -> new ClusterTokens((ClusterAccess) edge).token("default", "centos-dv")),
                "UploadTokenRequest default/centos-dv");
    }

    // ---- DataVolumes and claims without status: what the upload flow reads of them

    @Test
    void aDataVolumeAndClaimWithoutStatusOrAnnotations_haveNoPhaseAndNoReadyPod() {
        DataVolume dv = Serialization.unmarshal("{\"apiVersion\":\"cdi.kubevirt.io/v1beta1\",\"kind\":\"DataVolume\","
                + "\"metadata\":{\"name\":\"centos-dv\",\"namespace\":\"default\"}}", DataVolume.class);
        PersistentVolumeClaim pvc = Serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\","
                + "\"metadata\":{\"name\":\"centos-dv\",\"namespace\":\"default\"}}", PersistentVolumeClaim.class);

        assertThat(UploadClaim.phase(dv)).isNotNull().isNotIn("Succeeded", "Failed");
        assertThat(UploadClaim.podReady(pvc)).isFalse();
        assertThat(UploadClaim.podName(pvc, "centos-dv")).isEqualTo("cdi-upload-centos-dv");
        assertThat(UploadClaim.restarts(pvc, dv)).isZero();
        assertThat(UploadClaim.failure(pvc, dv)).isNotNull();
        assertThat(UploadClaim.failure(null, null)).isNotNull();
    }

    // ---- volumes without status, or without the parts the pool reads

    @Test
    void poolVolumesWithoutStatus_areListedAsPending_andForeignOnesWithoutAPath_areLeftOut() {
        client.persistentVolumes().resource(Serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolume\","
                + "\"metadata\":{\"name\":\"node01-vol0\",\"labels\":{\"" + EdgeVmLabels.MANAGED_BY + "\":\"" + EdgeVmLabels.MANAGED_BY_VALUE + "\",\"" + PoolLabels.NODE + "\":\"node01\",\"" + PoolLabels.INDEX + "\":\"0\","
                + "\"" + PoolLabels.OWNER + "\":\"centos-vm\",\"" + PoolLabels.OWNER_NAMESPACE + "\":\"default\"}},"
                + "\"spec\":{\"capacity\":{\"storage\":\"10Gi\"},\"local\":{\"path\":\"/var/vd/vol0\"}}}", PersistentVolume.class)).create();
        client.persistentVolumes().resource(Serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolume\","
                + "\"metadata\":{\"name\":\"by-hand\"},\"spec\":{}}", PersistentVolume.class)).create();

        List<PoolVolume> volumes = EdgeStorage.of(edge).pool().volumesOf(VolumeOwner.of("default", "centos-vm"));

        assertThat(volumes).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("node01-vol0");
            assertThat(v.phase()).isEqualTo("Pending"); // what a volume is before the cluster has said anything of it
            assertThat(v.released()).isFalse();
        });
        assertThat(EdgeStorage.of(edge).pool().usage()).isNotNull();
    }

    /** One of the SDK's exceptions, saying the answer (not the connection) was the problem, and not retried. */
    private static void assertUnreadable(Throwable failure, String object) {
        assertThat(failure).as("what the call threw").isInstanceOf(EdgeVmException.class).isNotInstanceOf(ClusterUnreachableException.class)
                .hasMessageContaining(object).hasMessageContaining("the cluster's answer cannot be read (");
        assertThat(((EdgeVmException) failure).retryable()).isFalse();
    }
}
