package dev.edgevm.kubevirt.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.kubevirt.model.cdi.CDI;
import dev.edgevm.kubevirt.model.cdi.CDIConfig;
import dev.edgevm.kubevirt.model.cdi.CDIConfigSpec;
import dev.edgevm.kubevirt.model.cdi.CDISpec;
import dev.edgevm.kubevirt.model.cdi.FilesystemOverhead;
import dev.edgevm.kubevirt.model.cdi.NodePlacement;
import dev.edgevm.kubevirt.model.cdi.UploadTokenRequest;
import dev.edgevm.kubevirt.model.cdi.UploadTokenRequestSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CDI's objects in the SDK's wire model validate strictly against CDI's OpenAPI document: the
 * UploadTokenRequest the uploads create (as edgevm-storage sends it), the CDI CR with the workload
 * toleration the CPU-manager fix adds, and CDIConfig's settings as the SDK reads them.
 */
class CdiModelConformanceTest {

    @BeforeAll
    static void schemasArePresent() {
        assumeTrue(ApiSchemas.directory().isPresent(), ApiSchemas::missingMessage);
    }

    @Test
    void uploadTokenRequest() {
        UploadTokenRequest request = new UploadTokenRequest();
        request.setMetadata(new ObjectMetaBuilder().withName("centos-dv").withNamespace("default").build());
        request.setSpec(new UploadTokenRequestSpec("centos-dv"));

        assertThat(ApiSchemas.validate(ApiSchemas.CDI, "v1beta1.UploadTokenRequest", request)).isEmpty();
    }

    @Test
    void cdi_withAWorkloadToleration() {
        CDI cdi = new CDI();
        cdi.setMetadata(new ObjectMetaBuilder().withName("cdi").build());
        cdi.setSpec(new CDISpec(new NodePlacement(null,
                List.of(new TolerationBuilder().withKey("cmk").withOperator("Exists").withEffect("NoSchedule").build()), null), null));

        assertThat(ApiSchemas.validate(ApiSchemas.CDI, "v1beta1.CDI", cdi)).isEmpty();
    }

    @Test
    void cdiConfig() {
        CDIConfig config = new CDIConfig();
        config.setMetadata(new ObjectMetaBuilder().withName("config").build());
        config.setSpec(new CDIConfigSpec("https://cdi-uploadproxy.local", new FilesystemOverhead("0.055", Map.of("local-storage", "0.1")),
                "local-storage"));

        assertThat(ApiSchemas.validate(ApiSchemas.CDI, "v1beta1.CDIConfig", config)).isEmpty();
    }
}
