package dev.edgevm.cli.cluster;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks {@code --kubeconfig} and {@code --context} before anything is contacted. The Kubernetes
 * client falls back to the kubeconfig's current context when the one asked for does not exist; a
 * mistyped context would then reach another cluster, where {@code delete --purge-storage} wipes disks.
 */
public final class KubeconfigContexts {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KubeconfigContexts() {}

    /**
     * @param kubeconfig the {@code --kubeconfig} file, or null for the client's own search
     *     ({@code $KUBECONFIG}, {@code ~/.kube/config})
     * @param context the {@code --context} name, or null for the current one
     * @throws ParameterException (exit 2) naming the missing file, or the context and the ones there are
     */
    public static void check(CommandLine command, Path kubeconfig, String context) {
        if (kubeconfig != null && !Files.isRegularFile(kubeconfig)) {
            throw new ParameterException(command, "--kubeconfig: '" + kubeconfig + "' "
                    + (Files.exists(kubeconfig) ? "is not a file" : "does not exist"));
        }
        if (context == null) {
            return;
        }
        List<Path> files = kubeconfig != null ? List.of(kubeconfig) : searched(io.fabric8.kubernetes.client.Config.getKubeconfigFilenames());
        if (files.isEmpty()) {
            throw new ParameterException(command, "--context: there is no kubeconfig to find context '" + context
                    + "' in ($KUBECONFIG, ~/.kube/config); give one with --kubeconfig FILE");
        }
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            names.addAll(contexts(command, file));
        }
        if (!names.contains(context)) {
            throw new ParameterException(command, "--context: no context '" + context + "' in " + String.join(", ", files.stream()
                    .map(Path::toString).toList()) + (names.isEmpty() ? ", which has no contexts" : "; its contexts: " + String.join(", ", names)));
        }
    }

    private static List<Path> searched(Collection<String> names) {
        return names.stream().filter(Objects::nonNull).map(Path::of).filter(Files::isRegularFile).toList();
    }

    private static List<String> contexts(CommandLine command, Path file) {
        Config config;
        try {
            config = SERIALIZATION.unmarshal(Files.readString(file, StandardCharsets.UTF_8), Config.class);
        } catch (IOException | RuntimeException e) {
            throw new ParameterException(command, "--kubeconfig: '" + file + "' cannot be read as a kubeconfig: " + e.getMessage());
        }
        return config == null || config.getContexts() == null ? List.of()
                : config.getContexts().stream().map(NamedContext::getName).filter(Objects::nonNull).toList();
    }
}
