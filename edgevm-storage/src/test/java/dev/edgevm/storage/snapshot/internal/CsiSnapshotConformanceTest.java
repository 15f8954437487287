package dev.edgevm.storage.snapshot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.kubevirt.conformance.ApiSchemas;
import dev.edgevm.kubevirt.model.snapshot.VirtualMachineSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The VirtualMachineSnapshot the SDK writes for a CSI snapshot validates strictly against KubeVirt's
 * OpenAPI document, its {@code failureDeadline} included, written as Kubernetes writes durations.
 */
class CsiSnapshotConformanceTest {

    @Test
    void theVirtualMachineSnapshot_withItsFailureDeadline_validatesAgainstKubeVirtsSchema() {
        assumeTrue(ApiSchemas.directory().isPresent(), ApiSchemas::missingMessage);

        VirtualMachineSnapshot snapshot = CsiSnapshots.render("default", "centos-vm", "before-upgrade", Duration.ofMinutes(5));

        assertThat(snapshot.getSpec().failureDeadline()).isEqualTo("5m0s");
        assertThat(ApiSchemas.validate(ApiSchemas.KUBEVIRT, "v1beta1.VirtualMachineSnapshot", snapshot)).isEmpty();
    }

    @Test
    void durations_areWrittenInGosFormat_wholeSecondsRoundedUp() throws Exception {
        assertThat(CsiSnapshots.kubernetesDuration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(CsiSnapshots.kubernetesDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(CsiSnapshots.kubernetesDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(CsiSnapshots.kubernetesDuration(Duration.ofHours(25).plusSeconds(7))).isEqualTo("25h0m7s");
        assertThat(CsiSnapshots.kubernetesDuration(Duration.ofMillis(1500))).as("never shorter than asked").isEqualTo("2s");
        // read back by another parser of Go's format
        for (Duration d : new Duration[] {Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofSeconds(3725)}) {
            assertThat(io.fabric8.kubernetes.api.model.Duration.parse(CsiSnapshots.kubernetesDuration(d)).getDuration()).isEqualTo(d);
        }
    }
}
