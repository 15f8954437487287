package dev.edgevm.benchmarks.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The obvious Java clients, measured next to the SDK to show where the time goes: the JDK's
 * {@code HttpClient} with {@code BodyPublishers.ofFile}, and a plain {@code SSLSocket} writing the
 * file in 1 MiB pieces. Both negotiate what the JDK prefers (AES-256-GCM with a JDK server).
 */
final class Baselines {

    private final SSLContext context;
    private final HttpClient httpClient;

    Baselines(Path caPem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(caPem)))) {
            store.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        httpClient = HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** {@code HttpClient.send} with {@code BodyPublishers.ofFile}, timed around the whole call. */
    UploadThroughputBench.Timed httpClient(URI url, Path file, String token) throws Exception {
        long size = Files.size(file);
        long start = System.nanoTime();
        HttpResponse<String> response = httpClient.send(HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IOException("HttpClient upload answered " + response.statusCode());
        }
        return new UploadThroughputBench.Timed(size, nanos, size * 1e9 / nanos, "JDK default");
    }

    /** An {@code SSLSocket} fed 1 MiB writes from a {@code FileChannel}, timed from connecting to the answer. */
    UploadThroughputBench.Timed sslSocket(URI url, Path file, String token) throws IOException {
        long size = Files.size(file);
        long start = System.nanoTime();
        Socket raw = new Socket();
        raw.setTcpNoDelay(true);
        raw.connect(new InetSocketAddress(url.getHost(), url.getPort()));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, url.getHost(), url.getPort(), true);
             FileChannel in = FileChannel.open(file)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
            for (long position = 0; position < size; ) {
                chunk.clear();
                int n = in.read(chunk, position);
                out.write(chunk.array(), 0, n);
                position += n;
            }
            out.flush();
            InputStream answer = socket.getInputStream();
            byte[] status = answer.readNBytes(12);
            if (!new String(status, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                throw new IOException("SSLSocket upload answered " + new String(status, StandardCharsets.US_ASCII));
            }
        }
        long nanos = System.nanoTime() - start;
        return new UploadThroughputBench.Timed(size, nanos, size * 1e9 / nanos, "JDK default");
    }
}
