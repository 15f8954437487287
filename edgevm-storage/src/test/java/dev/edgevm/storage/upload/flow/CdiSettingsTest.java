package dev.edgevm.storage.upload.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Quantity;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.model.cdi.CDIConfig;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.internal.DefaultEdgeStorage;
import dev.edgevm.storage.upload.DataVolumeUpload;
import dev.edgevm.storage.upload.UploadOptions;
import dev.edgevm.storage.upload.UploadTls;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What uploads take from CDI's configuration: the filesystem overhead (global, and per storage
 * class) that decides whether an image fits, and the upload proxy's CA (CDIConfig's status, else
 * CDI's CA bundle ConfigMap); and the warning an insecure upload logs.
 */
class CdiSettingsTest {

    private static final ResourceDefinitionContext CDI = new ResourceDefinitionContext.Builder()
            .withGroup("cdi.kubevirt.io").withVersion("v1beta1").withKind("CDI").withPlural("cdis").withNamespaced(false).build();
    private static final ResourceDefinitionContext CDI_CONFIG = new ResourceDefinitionContext.Builder()
            .withGroup("cdi.kubevirt.io").withVersion("v1beta1").withKind("CDIConfig").withPlural("cdiconfigs").withNamespaced(false)
            .build();
    private static final Quantity SIZE = Quantity.parse("10Mi");

    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;
    private EdgeStorage storage;
    private Path image;

    @TempDir
    Path work;

    @BeforeEach
    void start() throws Exception {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).seed(23).uploadProxyReadyWait(Duration.ofMillis(300)).start();
        edge = EdgeVm.using(cluster.client());
        storage = EdgeStorage.of(edge);
        byte[] bytes = new byte[8 * 1024 * 1024]; // 8 MiB: fits 10Mi under CDI's default overhead of 0.06 (9 MiB usable)
        new Random(23).nextBytes(bytes);
        image = Files.write(work.resolve("disk.img"), bytes);
    }

    @AfterEach
    void stop() {
        edge.close();
        cluster.close();
    }

    @Test
    void theFilesystemOverheadOfCdiConfig_sizesTheVolumes_globalOrPerStorageClass() {
        setOverhead(Map.of("global", "0.5"));
        awaitOverhead("local-storage", "0.5");

        // CDI makes a DataVolume's claim the size plus its overhead; the volume is made to hold that claim.
        DataVolumeUpload global = storage.uploads().upload("global-dv", image, SIZE, UploadOptions.builder().node("node01").build());

        assertThat(capacity(global.volumes().get(0))).isEqualTo("15Mi");
        assertThat(global.bytesSent()).isEqualTo(8 * 1024 * 1024);

        setOverhead(Map.of("global", "0.5", "storageClass", Map.of("local-storage", "0.1")));
        awaitOverhead("local-storage", "0.1");

        DataVolumeUpload perClass = storage.uploads().upload("class-dv", image, SIZE, UploadOptions.builder().node("node01").build());

        assertThat(capacity(perClass.volumes().get(0))).as("the class's own overhead wins over the global one").isEqualTo("11Mi");
        // The size asked for is what the image may fill, whatever the overhead: one larger than it is refused.
        InvalidSpecException tooBig = catchThrowableOfType(InvalidSpecException.class, () -> storage.uploads().upload("small-dv", image,
                Quantity.parse("7Mi"), UploadOptions.builder().node("node01").build()));
        assertThat(tooBig.violations()).extracting(v -> v.path()).containsExactly("size");
        assertThat(tooBig.getMessage()).contains("overhead of 0.1", "request at least");
    }

    private String capacity(String volume) {
        return cluster.client().persistentVolumes().withName(volume).get().getSpec().getCapacity().get("storage").toString();
    }

    @Test
    void withoutACaInCdiConfig_theCaBundleConfigMapIsUsed_andWithoutEitherNothingIsCreated() {
        cluster.client().genericKubernetesResources(CDI_CONFIG).withName("config").editStatus(config -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> status = (Map<String, Object>) config.getAdditionalProperties().get("status");
            status.remove("uploadProxyCA");
            return config;
        });
        cluster.client().resources(CDIConfig.class).withName("config").waitUntilCondition(c -> c.getStatus() != null
                && c.getStatus().uploadProxyCA() == null, 60, TimeUnit.SECONDS);

        assertThat(((DefaultEdgeStorage) storage).endpoint().describedTrust()).contains("ConfigMap cdi/cdi-uploadproxy-signer-bundle");
        DataVolumeUpload done = storage.uploads().upload("bundle-dv", image, SIZE, UploadOptions.builder().node("node01").build());
        assertThat(done.bytesSent()).isEqualTo(8 * 1024 * 1024);

        cluster.client().configMaps().inNamespace("cdi").withName("cdi-uploadproxy-signer-bundle").delete();
        cluster.client().configMaps().inNamespace("cdi").withName("cdi-uploadproxy-signer-bundle")
                .waitUntilCondition(c -> c == null, 60, TimeUnit.SECONDS);
        cluster.requests().reset();

        EdgeVmException noCa = catchThrowableOfType(EdgeVmException.class, () -> storage.uploads().upload("no-ca-dv", image, SIZE,
                UploadOptions.builder().node("node01").build()));

        assertThat(noCa.getMessage()).contains("no CA to verify", "uploadProxyCA", "cdi-uploadproxy-signer-bundle", "StorageConfig.uploadTls");
        assertThat(cluster.requests().writes()).isZero();
    }

    @Test
    void anInsecureUpload_isLoggedAsAWarning() throws Exception {
        storage.configure(c -> c.uploadTls(UploadTls.insecure()));
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        DataVolumeUpload done;
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            done = storage.uploads().upload("insecure-dv", image, SIZE, UploadOptions.builder().node("node01").build());
        } finally {
            System.setErr(stderr);
        }

        assertThat(done.bytesSent()).isEqualTo(8 * 1024 * 1024);
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("WARN", "disk.img", "WITHOUT verifying the server's certificate");
    }

    @SuppressWarnings("unchecked")
    private void setOverhead(Map<String, Object> overhead) {
        cluster.client().genericKubernetesResources(CDI).withName("cdi").edit(cr -> {
            Map<String, Object> spec = (Map<String, Object>) cr.getAdditionalProperties().get("spec");
            Map<String, Object> config = new LinkedHashMap<>((Map<String, Object>) spec.getOrDefault("config", Map.of()));
            config.put("filesystemOverhead", overhead);
            spec.put("config", config);
            return cr;
        });
    }

    private void awaitOverhead(String storageClass, String value) {
        cluster.client().resources(CDIConfig.class).withName("config").waitUntilCondition(c -> c.getStatus() != null
                && c.getStatus().filesystemOverhead() != null && c.getStatus().filesystemOverhead().storageClass() != null
                && value.equals(c.getStatus().filesystemOverhead().storageClass().get(storageClass)), 60, TimeUnit.SECONDS);
    }
}
