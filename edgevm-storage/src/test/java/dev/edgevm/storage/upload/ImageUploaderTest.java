package dev.edgevm.storage.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.core.Progress;
import dev.edgevm.storage.testing.LoopbackUploadServer;
import dev.edgevm.storage.testing.LoopbackUploadServer.DropAfter;
import dev.edgevm.storage.testing.LoopbackUploadServer.Received;
import dev.edgevm.storage.testing.LoopbackUploadServer.RejectAfterBody;
import dev.edgevm.storage.testing.LoopbackUploadServer.RejectAtOnce;
import dev.edgevm.storage.testing.LoopbackUploadServer.StallAfter;
import dev.edgevm.storage.testing.TestPki;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageUploaderTest {

    private static final String TOKEN = "eyJhbGciOiJQUzI1NiJ9.test-token";
    private static final TestPki PKI = TestPki.newAuthority("edgevm-test-ca");

    private static LoopbackUploadServer server;
    private static ImageUploader uploader;

    @TempDir
    static Path dir;
    private static Path image;
    private static String imageSha256;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackUploadServer.start(PKI, true);
        uploader = ImageUploader.create();
        byte[] data = new byte[5 * 1024 * 1024 + 12345]; // not a whole number of chunks or records
        new Random(1).nextBytes(data);
        image = Files.write(dir.resolve("disk.img"), data);
        imageSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @AfterAll
    static void stop() throws Exception {
        uploader.close();
        server.close();
    }

    @Test
    void upload_deliversEveryByte_asCdiExpectsTheRequest() throws Exception {
        UploadResult result = uploader.upload(request(image, UploadTls.trusting(server.caPem())), p -> { });

        Received received = server.takeReceived();
        assertThat(received.sha256()).isEqualTo(imageSha256);
        assertThat(received.bodyBytes()).isEqualTo(Files.size(image));
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.path()).isEqualTo("/v1beta1/upload-async");
        assertThat(received.headers()).containsEntry("authorization", "Bearer " + TOKEN)
                .containsEntry("content-type", "application/octet-stream")
                .containsEntry("content-length", Long.toString(Files.size(image)))
                .containsEntry("expect", "100-continue");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.bytesSent()).isEqualTo(Files.size(image));
        assertThat(result.cipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void progress_isMonotonic_andEndsAtTheTotal() throws Exception {
        List<Progress> events = new CopyOnWriteArrayList<>();

        uploader.upload(request(image, UploadTls.trusting(server.caPem())), events::add);
        server.takeReceived();

        List<Progress> transfers = events.stream().filter(p -> p.bytesDone().isPresent()).toList();
        assertThat(transfers).isNotEmpty();
        long previous = -1;
        for (Progress p : transfers) {
            assertThat(p.bytesDone().getAsLong()).isGreaterThanOrEqualTo(previous);
            assertThat(p.bytesTotal()).hasValue(Files.size(image));
            previous = p.bytesDone().getAsLong();
        }
        Progress last = transfers.get(transfers.size() - 1);
        assertThat(last.bytesDone()).hasValue(Files.size(image));
        assertThat(last.fraction()).contains(1.0);
        assertThat(last.phase()).isEqualTo("uploaded");
        assertThat(events.get(0).phase()).isEqualTo("connecting");
    }

    @Test
    void cancel_closesTheConnection_andEndsTheUploadThread() throws Exception {
        Path big = sparse("big.img", 256L << 20);
        server.then(new StallAfter(1 << 20));
        CountDownLatch sending = new CountDownLatch(1);

        UploadHandle handle = uploader.start(request(big, UploadTls.trusting(server.caPem())), p -> {
            if (p.bytesDone().orElse(0) > 0) {
                sending.countDown();
            }
        });
        assertThat(server.takeReceived().bodyBytes()).isEqualTo(1 << 20); // the server stopped reading
        Thread thread = uploadThreads().get(0);

        assertThat(handle.cancel()).isTrue();

        thread.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(thread.isAlive()).as("upload thread still running after cancel").isFalse();
        assertThat(handle.result()).isCancelled();
        assertThatThrownBy(handle::await).isInstanceOf(CancellationException.class);
    }

    @Test
    void cancel_duringTheHandshake_doesNotWaitForTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            UploadRequest request = UploadRequest.builder()
                    .uri(URI.create("https://127.0.0.1:" + silent.getLocalPort() + "/v1beta1/upload-async"))
                    .token(TOKEN).file(image).tls(UploadTls.trusting(server.caPem()))
                    .connectTimeout(java.time.Duration.ofMinutes(10)).build();
            UploadHandle handle = uploader.start(request, p -> { });
            try (java.net.Socket accepted = silent.accept()) { // connected; the server never answers the ClientHello
                Thread thread = uploadThreads().get(0);

                handle.cancel();

                thread.join(TimeUnit.SECONDS.toMillis(30));
                assertThat(thread.isAlive()).as("upload thread still connecting after cancel").isFalse();
                assertThat(handle.result()).isCancelled();
            }
        }
    }

    @Test
    void serverWithACertificateFromAnotherCa_isNotTrusted() {
        String otherCa = TestPki.newAuthority("someone-else").caPem();

        assertThatThrownBy(() -> uploader.upload(request(image, UploadTls.trusting(otherCa)), p -> { }))
                .isInstanceOfSatisfying(UploadTrustException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.bytesSent()).isZero();
                });
    }

    @Test
    void serverRefusingAes128_getsTheJdkDefaults_andTheUploadStillWorks() throws Exception {
        try (LoopbackUploadServer strict = LoopbackUploadServer.start(PKI, true, "TLS_AES_256_GCM_SHA384")) {
            UploadResult result = uploader.upload(UploadRequest.builder().uri(strict.uploadUri()).token(TOKEN).file(image)
                    .tls(UploadTls.trusting(strict.caPem())).build(), p -> { });

            assertThat(result.cipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
            assertThat(strict.takeReceived().sha256()).isEqualTo(imageSha256);
        }
    }

    @Test
    void insecure_acceptsAServerItCannotVerify() throws Exception {
        UploadResult result = uploader.upload(request(image, UploadTls.insecure()), p -> { });

        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(server.takeReceived().sha256()).isEqualTo(imageSha256);
    }

    @Test
    void refusedToken_isAnsweredBeforeTheBody_andNotRetryable() throws Exception {
        server.then(new RejectAtOnce(401, ""));

        assertThatThrownBy(() -> uploader.upload(request(image, UploadTls.trusting(server.caPem())), p -> { }))
                .isInstanceOfSatisfying(UploadRejectedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(401);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.bytesSent()).isZero();
                    assertThat(e.getMessage()).doesNotContain(TOKEN);
                });
        assertThat(server.takeReceived().bodyBytes()).isZero();
    }

    @Test
    void uploadPodNotReady_is503WithCdisReason_andRetryable() throws Exception {
        server.then(new RejectAtOnce(503, "rejecting Upload Request for PVC centos-dv that doesn't exist"));

        assertThatThrownBy(() -> uploader.upload(request(image, UploadTls.trusting(server.caPem())), p -> { }))
                .isInstanceOfSatisfying(UploadRejectedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(503);
                    assertThat(e.body()).isEqualTo("rejecting Upload Request for PVC centos-dv that doesn't exist");
                    assertThat(e.retryable()).isTrue();
                });
        server.takeReceived();
    }

    @Test
    void errorAfterTheBody_carriesStatusAndBody() throws Exception {
        server.then(new RejectAfterBody(400, "Invalid format raw0 for image"));
        long size = Files.size(image);

        assertThatThrownBy(() -> uploader.upload(request(image, UploadTls.trusting(server.caPem())), p -> { }))
                .isInstanceOfSatisfying(UploadRejectedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.body()).isEqualTo("Invalid format raw0 for image");
                    assertThat(e.bytesSent()).isEqualTo(size);
                });
        server.takeReceived();
    }

    @Test
    void droppedConnection_midUpload_isRetryable_andSaysHowFarItGot() throws Exception {
        Path big = sparse("dropped.img", 64L << 20);
        server.then(new DropAfter(2 << 20));

        assertThatThrownBy(() -> uploader.upload(request(big, UploadTls.trusting(server.caPem())), p -> { }))
                .isInstanceOfSatisfying(UploadConnectionException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.bytesSent()).isGreaterThanOrEqualTo(2 << 20).isLessThan(64L << 20);
                });
        assertThat(server.takeReceived().bodyBytes()).isEqualTo(2 << 20);
    }

    @Test
    void nobodyListening_isAConnectionFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        UploadRequest request = UploadRequest.builder().uri(URI.create("https://127.0.0.1:" + port + "/v1beta1/upload-async"))
                .token(TOKEN).file(image).tls(UploadTls.trusting(server.caPem())).build();

        assertThatThrownBy(() -> uploader.upload(request, p -> { }))
                .isInstanceOfSatisfying(UploadConnectionException.class, e -> assertThat(e.retryable()).isTrue());
    }

    private static UploadRequest request(Path file, UploadTls tls) {
        return UploadRequest.builder().uri(server.uploadUri()).token(TOKEN).file(file).tls(tls).build();
    }

    private static Path sparse(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }

    private static List<Thread> uploadThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("edgevm-upload-")).toList();
    }
}
