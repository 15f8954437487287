package dev.edgevm.benchmarks.upload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the benchmark uploads to, and a fresh token for each upload: the upload proxy of an
 * embedded cluster running in a JVM of its own ({@link EmbeddedUploadTarget}), or an endpoint
 * given by URL and CA that takes any token.
 */
final class UploadEndpoint implements AutoCloseable {

    private final URI url;
    private final Path ca;
    private final Process cluster;
    private final BufferedReader lines;
    private final PrintStream commands;

    private UploadEndpoint(URI url, Path ca, Process cluster, BufferedReader lines, PrintStream commands) {
        this.url = url;
        this.ca = ca;
        this.cluster = cluster;
        this.lines = lines;
        this.commands = commands;
    }

    /** An embedded cluster in a child JVM; its heap is not the benchmark's. */
    static UploadEndpoint embedded(Path ca) throws IOException {
        Process p = new ProcessBuilder(javaBinary(), "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                EmbeddedUploadTarget.class.getName(), ca.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        URI url = URI.create(expect(lines, "URL "));
        return new UploadEndpoint(url, ca, p, lines, new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** An existing endpoint that accepts any token. */
    static UploadEndpoint at(URI url, Path ca) {
        return new UploadEndpoint(url, ca, null, null, null);
    }

    URI url() {
        return url;
    }

    Path ca() {
        return ca;
    }

    /** A token good for one upload of {@code bytes}: a new DataVolume's on the embedded cluster. */
    String nextToken(long bytes) {
        if (cluster == null) {
            return "bench-token-not-secret";
        }
        commands.println("NEXT " + bytes);
        try {
            return expect(lines, "TOKEN ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String expect(BufferedReader lines, String prefix) throws IOException {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith(prefix)) {
                return line.substring(prefix.length());
            }
        }
        throw new IOException("the embedded cluster stopped before answering " + prefix.trim());
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (cluster != null) {
            commands.close();
            if (!cluster.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)) {
                cluster.destroy();
            }
        }
    }
}
