package dev.edgevm.kubevirt.doctor.internal;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The pods an operator runs in its namespace, as {@code kubectl get pods -n kubevirt} shows them
 * in the runbook: every component has a pod, and every pod is Running and ready.
 */
final class OperatorPods {

    private final String namespace;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Integer> running = new LinkedHashMap<>();

    private OperatorPods(String namespace) {
        this.namespace = namespace;
    }

    /** Looks at {@code pods} of {@code namespace}, expecting each of {@code components} (pod name prefixes) to have one. */
    static OperatorPods examine(String namespace, List<Pod> pods, List<String> components) {
        OperatorPods result = new OperatorPods(namespace);
        components.forEach(c -> result.running.put(c, 0));
        for (Pod pod : pods) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if ("Succeeded".equals(phase)) {
                continue; // a finished job's pod
            }
            Optional<String> component = components.stream().filter(c -> pod.getMetadata().getName().startsWith(c + "-")).findFirst();
            Optional<String> trouble = trouble(pod);
            if (trouble.isPresent()) {
                result.problems.add(pod.getMetadata().getName() + " " + trouble.get());
            } else {
                component.ifPresent(c -> result.running.merge(c, 1, Integer::sum));
            }
        }
        result.running.forEach((c, n) -> {
            if (n == 0) {
                result.problems.add("no running " + c + " pod");
            }
        });
        return result;
    }

    boolean healthy() {
        return problems.isEmpty();
    }

    List<String> problems() {
        return problems;
    }

    /** E.g. {@code virt-api 2, virt-controller 2, virt-handler 1, virt-operator 2 Running in kubevirt}. */
    String summary() {
        return running.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + " Running in " + namespace;
    }

    /** The command that shows more about the problems. */
    String howToLook() {
        return "kubectl -n " + namespace + " get pods; kubectl -n " + namespace + " describe pod <name>";
    }

    private static Optional<String> trouble(Pod pod) {
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Unknown" : pod.getStatus().getPhase();
        List<ContainerStatus> containers = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
                ? List.of() : pod.getStatus().getContainerStatuses();
        Optional<String> waiting = containers.stream()
                .filter(c -> c.getState() != null && c.getState().getWaiting() != null && c.getState().getWaiting().getReason() != null)
                .map(c -> c.getState().getWaiting().getReason()).findFirst();
        if (!"Running".equals(phase)) {
            return Optional.of(phase + waiting.map(w -> " (" + w + ")").orElse(""));
        }
        boolean ready = !containers.isEmpty() && containers.stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
        return ready ? Optional.empty() : Optional.of("Running but not ready" + waiting.map(w -> " (" + w + ")").orElse(""));
    }
}
