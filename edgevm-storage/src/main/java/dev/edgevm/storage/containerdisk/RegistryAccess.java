package dev.edgevm.storage.containerdisk;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.storage.upload.internal.TlsContexts;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a registry: which credentials (from a Docker config file, given explicitly, or
 * none), which CA to verify it with, and whether it may be insecure. A registry is reached over
 * TLS verified against the JVM's trust store, or against the CA given with {@link #trusting},
 * unless {@link #allowInsecure()} was asked for, which also permits plain HTTP.
 */
public final class RegistryAccess {

    private final Path dockerConfig;
    private final boolean useDefaultDockerConfig;
    private final String username;
    private final String password;
    private final boolean insecure;
    private final String caPem;

    private RegistryAccess(Path dockerConfig, boolean useDefaultDockerConfig, String username, String password, boolean insecure,
                           String caPem) {
        this.dockerConfig = dockerConfig;
        this.useDefaultDockerConfig = useDefaultDockerConfig;
        this.username = username;
        this.password = password;
        this.insecure = insecure;
        this.caPem = caPem;
    }

    /** Credentials from {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}, as {@code docker login} left them. */
    public static RegistryAccess dockerConfig() {
        return new RegistryAccess(null, true, null, null, false, null);
    }

    /** Credentials from the given Docker config file ({@code auths}, {@code credHelpers}, {@code credsStore}). */
    public static RegistryAccess dockerConfig(Path configJson) {
        return new RegistryAccess(Objects.requireNonNull(configJson, "configJson"), false, null, null, false, null);
    }

    /** A user name and password (or token) given explicitly. */
    public static RegistryAccess credentials(String username, String password) {
        return new RegistryAccess(null, false, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), false, null);
    }

    /** No credentials: a registry that allows anonymous pushes. */
    public static RegistryAccess anonymous() {
        return new RegistryAccess(null, false, null, null, false, null);
    }

    /** The same access, also allowing plain HTTP and certificates that cannot be verified. */
    public RegistryAccess allowInsecure() {
        return new RegistryAccess(dockerConfig, useDefaultDockerConfig, username, password, true, caPem);
    }

    /**
     * The same access, verifying the registry's certificate against this CA (PEM) instead of the
     * JVM's trust store: a registry with a certificate of a private CA.
     *
     * @throws InvalidSpecException if {@code caPem} holds no certificate
     */
    public RegistryAccess trusting(String caPem) {
        String problem = TlsContexts.problemWithPem(caPem);
        if (problem != null) {
            throw InvalidSpecException.of("RegistryAccess", "caPem", problem);
        }
        return new RegistryAccess(dockerConfig, useDefaultDockerConfig, username, password, insecure, caPem);
    }

    /** The CA the registry is verified with, when given. */
    public Optional<String> caPem() {
        return Optional.ofNullable(caPem);
    }

    public boolean insecure() {
        return insecure;
    }

    public Optional<Path> dockerConfigFile() {
        return Optional.ofNullable(dockerConfig);
    }

    public boolean usesDefaultDockerConfig() {
        return useDefaultDockerConfig;
    }

    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The password; never shown by {@link #toString()}. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    @Override
    public String toString() {
        String how = username != null ? "credentials of " + username : dockerConfig != null ? "Docker config " + dockerConfig
                : useDefaultDockerConfig ? "default Docker config" : "anonymous";
        return "RegistryAccess{" + how + (caPem != null ? ", trusting a given CA" : "") + (insecure ? ", insecure" : "") + "}";
    }
}
