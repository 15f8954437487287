package dev.edgevm.kubevirt.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.BlankDisk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.core.Toleration;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.render.RunbookVms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every object the SDK renders validates strictly against the real KubeVirt and CDI OpenAPI documents. */
class RenderedObjectsConformanceTest {

    private static final Path IMAGE = imageFile();

    @BeforeAll
    static void schemasArePresent() {
        assumeTrue(ApiSchemas.directory().isPresent(), ApiSchemas::missingMessage);
    }

    private static Path imageFile() {
        try {
            Path image = Files.createTempFile("edgevm-conformance", ".qcow2");
            image.toFile().deleteOnExit();
            return Files.write(image, new byte[4096]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<VmSpec> specs() {
        return Stream.of(
                RunbookVms.statelessCirros(),
                RunbookVms.statefulCentos(),
                RunbookVms.sriovDebian(),
                VmSpec.builder().name("everything").namespace("edge").memory("1Gi").cpuCores(2).cpuSockets(1).cpuThreads(2)
                        .label("tier", "edge").annotation("example.com/owner", "ops")
                        .node("node01").nodeSelector("disktype", "ssd")
                        .toleration(Toleration.exists("cmk", "NoSchedule"))
                        .rootDisk(UploadedDisk.of(IMAGE).size("15Gi").bootOrder(1))
                        .disk(BlankDisk.of("scratch", "2Gi"))
                        .terminationGracePeriod(Duration.ofSeconds(30))
                        .build());
    }

    @ParameterizedTest
    @MethodSource("specs")
    void virtualMachine_isValidKubeVirt(VmSpec spec) {
        List<String> problems = ApiSchemas.validate(ApiSchemas.KUBEVIRT, "v1.VirtualMachine", VmManifests.of(spec).virtualMachine());
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void uploadDataVolumes_areValidCdi(VmSpec spec) {
        for (DataVolume dv : VmManifests.of(spec).uploadDataVolumes()) {
            assertThat(ApiSchemas.validate(ApiSchemas.CDI, "v1beta1.DataVolume", dv)).isEmpty();
        }
    }

    @Test
    void strictValidation_rejectsAnUnknownField() {
        DataVolume dv = VmManifests.of(specs().skip(3).findFirst().orElseThrow()).uploadDataVolumes().get(0);
        dv.getMetadata().getAdditionalProperties().put("notAField", "x");
        assertThat(ApiSchemas.validate(ApiSchemas.CDI, "v1beta1.DataVolume", dv)).isNotEmpty();
    }
}
