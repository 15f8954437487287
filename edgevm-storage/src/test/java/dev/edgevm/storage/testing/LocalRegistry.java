package dev.edgevm.storage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) on 127.0.0.1 with storage in a
 * temporary directory: plain HTTP, or TLS with a certificate of a test CA, optionally with
 * htpasswd authentication. Tests that need it are skipped where it is not installed.
 */
public final class LocalRegistry implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final int START_ATTEMPTS = 5;

    /** How the registry is reached: TLS from this CA's certificate, and a user, when given. */
    public record Options(TestPki tls, String user, String password) {
        public static Options plain() {
            return new Options(null, null, null);
        }

        public static Options tls(TestPki ca) {
            return new Options(ca, null, null);
        }

        /** TLS and htpasswd authentication (the registry accepts credentials only over TLS). */
        public Options withUser(String name, String secret) {
            return new Options(tls, name, secret);
        }
    }

    private final Process process;
    private final int port;
    private final Options options;
    private final HttpClient http;

    private LocalRegistry(Process process, int port, Options options) {
        this.process = process;
        this.port = port;
        this.options = options;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (options.tls() != null) {
            b.sslContext(options.tls().clientContext());
        }
        this.http = b.build();
    }

    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY), "docker-registry is not installed at " + BINARY
                + ": install Debian's docker-registry package to test pushing container disks");
    }

    public static LocalRegistry start(Path dir) throws IOException, InterruptedException {
        return start(dir, Options.plain());
    }

    /**
     * Starts the registry on a free port. The port is found by binding and closing it, so another
     * process may take it before the registry binds it: then the registry exits, and it is started
     * again on another port.
     */
    public static LocalRegistry start(Path dir, Options options) throws IOException, InterruptedException {
        assumeInstalled();
        Files.createDirectories(dir);
        List<String> config = new ArrayList<>(List.of("version: 0.1", "log:", "  level: error", "storage:", "  filesystem:",
                "    rootdirectory: " + Files.createDirectories(dir.resolve("registry-storage"))));
        if (options.user() != null) {
            String hash = OpenBSDBCrypt.generate("2y", options.password().toCharArray(), new java.security.SecureRandom().generateSeed(16), 5);
            Path htpasswd = Files.writeString(dir.resolve("htpasswd"), options.user() + ":" + hash + "\n");
            config.addAll(List.of("auth:", "  htpasswd:", "    realm: edgevm-test", "    path: " + htpasswd));
        }
        IOException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> http = new ArrayList<>(List.of("http:", "  addr: 127.0.0.1:" + port));
            if (options.tls() != null) {
                TestPki.ServerPem pem = options.tls().serverPem();
                http.addAll(List.of("  tls:", "    certificate: " + Files.writeString(dir.resolve("server.crt"), pem.certificateChain()),
                        "    key: " + Files.writeString(dir.resolve("server.key"), pem.privateKey())));
            }
            List<String> lines = new ArrayList<>(config);
            lines.addAll(http);
            lines.add("");
            Path file = Files.writeString(dir.resolve("registry.yml"), String.join("\n", lines));
            Path log = dir.resolve("registry-" + attempt + ".log");
            Process process = new ProcessBuilder(BINARY.toString(), "serve", file.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalRegistry registry = new LocalRegistry(process, port, options);
            try {
                registry.awaitReady();
                return registry;
            } catch (IOException e) {
                registry.close();
                if (!Files.readString(log).contains("address already in use")) {
                    throw new IOException(e.getMessage() + ": " + Files.readString(log), e);
                }
                last = e; // the port was taken in between: another one
            }
        }
        throw last;
    }

    /** {@code 127.0.0.1:<port>}, the registry part of image references. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    /** GET on the registry API, with an Accept header (and the user's credentials, if it has one); the body as bytes. */
    public HttpResponse<byte[]> get(String path, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create((options.tls() == null ? "http://" : "https://") + host() + path))
                .header("Accept", accept);
        if (options.user() != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (options.user() + ":" + options.password()).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                if (get("/v2/", "application/json").statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // the registry is still starting
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IOException("docker-registry did not start (exit " + (process.isAlive() ? "none" : process.exitValue()) + ")");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
