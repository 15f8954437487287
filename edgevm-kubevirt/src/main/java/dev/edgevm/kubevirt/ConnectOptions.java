package dev.edgevm.kubevirt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where {@link EdgeVm#connect(java.util.function.Consumer)} connects: a kubeconfig file and
 * context (by default fabric8's rules: {@code $KUBECONFIG}, {@code ~/.kube/config}, or the
 * in-cluster service account), the default namespace, and the retry policy.
 */
public final class ConnectOptions {

    private final Path kubeconfig;
    private final String context;
    private final String namespace;
    private final RetryConfig retry;

    private ConnectOptions(Builder b) {
        this.kubeconfig = b.kubeconfig;
        this.context = b.context;
        this.namespace = b.namespace;
        this.retry = b.retry;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Path> kubeconfig() {
        return Optional.ofNullable(kubeconfig);
    }

    public Optional<String> context() {
        return Optional.ofNullable(context);
    }

    public Optional<String> namespace() {
        return Optional.ofNullable(namespace);
    }

    public RetryConfig retry() {
        return retry;
    }

    public static final class Builder {
        private Path kubeconfig;
        private String context;
        private String namespace;
        private RetryConfig retry = RetryConfig.defaults();

        private Builder() {}

        public Builder kubeconfig(Path file) {
            this.kubeconfig = Objects.requireNonNull(file, "file");
            return this;
        }

        public Builder context(String name) {
            this.context = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder namespace(String name) {
            this.namespace = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder retry(RetryConfig config) {
            this.retry = Objects.requireNonNull(config, "config");
            return this;
        }

        public ConnectOptions build() {
            return new ConnectOptions(this);
        }
    }
}
