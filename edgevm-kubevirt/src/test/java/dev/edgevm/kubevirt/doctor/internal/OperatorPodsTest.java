package dev.edgevm.kubevirt.doctor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the doctor reads an operator's pods, as {@code kubectl get pods} would show them. */
class OperatorPodsTest {

    private static final List<String> COMPONENTS = List.of("virt-api", "virt-handler");

    @Test
    void runningReadyPodsOfEveryComponent_areHealthy() {
        OperatorPods pods = OperatorPods.examine("kubevirt", List.of(pod("virt-api-5f6457f4cb-8m9cb", "Running", true, null),
                pod("virt-handler-jdsdx", "Running", true, null)), COMPONENTS);

        assertThat(pods.healthy()).isTrue();
        assertThat(pods.summary()).isEqualTo("virt-api 1, virt-handler 1 Running in kubevirt");
    }

    @Test
    void crashingContainer_isNamedWithItsReason_andItsComponentCountsAsMissing() {
        OperatorPods pods = OperatorPods.examine("kubevirt", List.of(pod("virt-api-5f6457f4cb-8m9cb", "Running", true, null),
                pod("virt-handler-jdsdx", "Running", false, "CrashLoopBackOff")), COMPONENTS);

        assertThat(pods.problems()).containsExactly("virt-handler-jdsdx Running but not ready (CrashLoopBackOff)",
                "no running virt-handler pod");
    }

    @Test
    void pendingPod_showsItsPhaseAndWhy_andFinishedPodsAreIgnored() {
        OperatorPods pods = OperatorPods.examine("cdi", List.of(pod("virt-api-1", "Pending", false, "ImagePullBackOff"),
                pod("virt-api-2", "Succeeded", false, null), pod("virt-handler-x", "Running", true, null)), COMPONENTS);

        assertThat(pods.problems()).containsExactly("virt-api-1 Pending (ImagePullBackOff)", "no running virt-api pod");
    }

    private static Pod pod(String name, String phase, boolean ready, String waiting) {
        ContainerStatusBuilder container = new ContainerStatusBuilder().withName("main").withReady(ready);
        if (waiting != null) {
            container.withNewState().withNewWaiting().withReason(waiting).endWaiting().endState();
        }
        return new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().withPhase(phase).withContainerStatuses(container.build()).endStatus().build();
    }
}
