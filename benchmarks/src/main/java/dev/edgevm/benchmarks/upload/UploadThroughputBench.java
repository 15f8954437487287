package dev.edgevm.benchmarks.upload;

import dev.edgevm.benchmarks.Args;
import dev.edgevm.benchmarks.Machine;
import dev.edgevm.benchmarks.Measurement;
import dev.edgevm.benchmarks.Stats;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.storage.upload.ImageUploader;
import dev.edgevm.storage.upload.UploadRequest;
import dev.edgevm.storage.upload.UploadResult;
import dev.edgevm.storage.upload.UploadTls;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Upload throughput of the SDK's {@link ImageUploader} against {@code curl -T FILE -X POST} on the
 * same file, the same HTTPS endpoint and the same kind of token (a fresh DataVolume's, from an
 * UploadTokenRequest) in the same run. Each round uploads with the SDK, with curl restricted to the
 * one TLS 1.3 suite the SDK offers (AES-128-GCM: the like-for-like reference) and with curl as it
 * comes (AES-256-GCM against this server), starting with another of them each round so drift on
 * a shared machine favours none; the figures are medians of the rounds and of the per-round
 * ratios. Every upload is timed around the whole call, connecting and the TLS handshake included:
 * the SDK by this JVM's clock, curl by its own {@code time_total}, which leaves out starting the
 * process. Run this JVM with {@code -Xmx64m}: the SDK's peak heap is reported against that limit.
 *
 * <p>Arguments: {@code [--sizes 256m,2g] [--rounds N] [--warmup N] [--baselines] [--url URL --ca PEMFILE]}.
 * By default the endpoint is the upload proxy of an embedded cluster in a JVM of its own.
 * {@code --baselines} adds the JDK's {@code HttpClient} and a plain {@code SSLSocket}, to show
 * where the time goes.
 */
public final class UploadThroughputBench {

    private UploadThroughputBench() {}

    public static void main(String[] args) throws Exception {
        if (!Curl.installed()) {
            System.err.println("curl is not installed: the upload benchmark measures against it (apt-get install -y curl)");
            System.exit(2);
        }
        Args options = new Args(args);
        List<Long> sizes = new ArrayList<>();
        for (String s : options.text("--sizes", "256m,2g").split(",")) {
            sizes.add(parseSize(s));
        }
        int rounds = options.integer("--rounds", 5);
        int warmup = options.integer("--warmup", 2);
        boolean baselines = options.flag("--baselines");
        Path work = Files.createTempDirectory("edgevm-upload-bench");
        try (UploadEndpoint endpoint = options.text("--url", null) != null
                ? UploadEndpoint.at(URI.create(options.text("--url", null)), Path.of(options.text("--ca", null)))
                : UploadEndpoint.embedded(work.resolve("ca.pem"));
             ImageUploader uploader = ImageUploader.create()) {
            System.out.printf(Locale.ROOT, "endpoint %s; %s %s, max heap %.0f MiB%n", endpoint.url(),
                    System.getProperty("java.vm.name"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / 1048576.0);
            Baselines jdk = baselines ? new Baselines(endpoint.ca()) : null;
            for (long size : sizes) {
                Path file = randomFile(work.resolve("image-" + size + ".raw"), size);
                try {
                    measure(new Round(endpoint, uploader, jdk, file, size), size, rounds, warmup);
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        } finally {
            Files.deleteIfExists(work.resolve("ca.pem"));
            Files.deleteIfExists(work);
        }
    }

    /** The clients every round times, the SDK and its two references; the JDK baselines are added with --baselines. */
    private static final List<String> CLIENTS = List.of("sdk", "curl", "curl-aes128");

    private static void measure(Round round, long size, int rounds, int warmup) throws Exception {
        String benchmark = "Upload " + human(size);
        System.out.printf(Locale.ROOT, "%s: %d warm-up + %d rounds%n", benchmark, warmup, rounds);
        for (int i = 0; i < warmup; i++) {
            for (String client : CLIENTS) {
                round.run(client);
            }
        }
        resetPeakHeap();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, String> suites = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
            // Each round starts with another client, so drift on a shared machine favours none of them.
            List<String> order = new ArrayList<>(CLIENTS);
            Collections.rotate(order, r);
            if (round.jdk() != null) {
                order.addAll(List.of("jdk-httpclient", "jdk-sslsocket"));
            }
            Map<String, Timed> timed = new LinkedHashMap<>();
            for (String client : order) {
                timed.put(client, round.run(client));
            }
            timed.forEach((client, t) -> {
                rates.computeIfAbsent(client, k -> new ArrayList<>()).add(t.bytesPerSecond());
                suites.put(client, t.suite());
            });
            print("round " + r, timed);
        }
        List<Double> likeForLike = ratios(rates.get("sdk"), rates.get("curl-aes128"));
        List<Double> againstDefault = ratios(rates.get("sdk"), rates.get("curl"));
        double peakMiB = peakHeap() / 1048576.0;
        double maxMiB = Runtime.getRuntime().maxMemory() / 1048576.0;
        System.out.printf(Locale.ROOT, "%s: sdk/curl per-round ratios, same suite %s, curl's default suite %s; suites %s; peak heap %.1f of %.0f"
                + " MiB; load %s%n", benchmark, Stats.medianAndSpread("%.2f", likeForLike), Stats.medianAndSpread("%.2f", againstDefault),
                suites, peakMiB, maxMiB, Machine.loadAverages());
        // Each round's clients ran back to back under the same load: the paired ratio is the robust figure.
        String timing = "GB/s timed around the whole upload (connect, TLS handshake, body, answer), median (min to max) of " + rounds
                + " rounds; ratio: median (min to max) per-round";
        double ratio = Stats.median(likeForLike);
        new Measurement(benchmark, "throughput, same cipher suite (" + suites.get("sdk") + "), " + timing,
                gbps(rates.get("sdk")), gbps(rates.get("curl-aes128")) + " (curl -T, " + suites.get("curl-aes128") + ")",
                Stats.medianAndSpread("%.2f", likeForLike), ">= 0.90", ratio >= 0.9 ? "met" : "MISSED").emit();
        new Measurement(benchmark, "throughput against curl's default suite, " + timing,
                gbps(rates.get("sdk")), gbps(rates.get("curl")) + " (curl -T, " + suites.get("curl") + ")",
                Stats.medianAndSpread("%.2f", againstDefault), "-", "-").emit();
        Measurement.absolute(benchmark, "SDK peak heap MiB", Measurement.fmt("%.1f", peakMiB), "-",
                "runs in -Xmx64m", maxMiB <= 64.5).emit();
    }

    private static List<Double> ratios(List<Double> sdk, List<Double> reference) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < sdk.size(); i++) {
            ratios.add(sdk.get(i) / reference.get(i));
        }
        return ratios;
    }

    private static String gbps(List<Double> bytesPerSecond) {
        return Stats.medianAndSpread("%.3f", bytesPerSecond.stream().map(b -> b / 1e9).toList());
    }

    /**
     * One upload, timed by one wall clock around the whole call: connecting, the TLS handshake and
     * the server's answer included. {@code bodyBytesPerSecond} is the client's own rate of the
     * body alone (the SDK's {@code UploadResult}, curl's {@code speed_upload}), for the log.
     */
    record Timed(long bytes, long nanos, double bodyBytesPerSecond, String suite) {
        double bytesPerSecond() {
            return bytes * 1e9 / nanos;
        }
    }

    /** The uploads of one round, each with a fresh token. */
    private record Round(UploadEndpoint endpoint, ImageUploader uploader, Baselines jdk, Path file, long size) {

        Timed run(String client) throws Exception {
            return switch (client) {
                case "sdk" -> sdk();
                case "curl" -> curl(null);
                case "curl-aes128" -> curl(Curl.AES_128);
                case "jdk-httpclient" -> jdk.httpClient(endpoint.url(), file, endpoint.nextToken(size));
                case "jdk-sslsocket" -> jdk.sslSocket(endpoint.url(), file, endpoint.nextToken(size));
                default -> throw new IllegalArgumentException(client);
            };
        }

        private Timed sdk() throws IOException {
            UploadRequest request = UploadRequest.builder().uri(endpoint.url()).token(endpoint.nextToken(size)).file(file)
                    .tls(UploadTls.trusting(Files.readString(endpoint.ca()))).build();
            long start = System.nanoTime();
            UploadResult result = uploader.upload(request, ProgressListener.none());
            long nanos = System.nanoTime() - start;
            return new Timed(result.bytesSent(), nanos, result.bytesPerSecond(), result.protocol() + " " + result.cipherSuite());
        }

        private Timed curl(String suite) throws IOException, InterruptedException {
            Curl.Upload u = Curl.upload(file, endpoint.url(), endpoint.ca(), endpoint.nextToken(size), suite);
            return new Timed(u.bytes(), Math.round(u.totalSeconds() * 1e9), u.bodyBytesPerSecond(), u.suite());
        }
    }

    private static void print(String label, Map<String, Timed> round) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-8s", label));
        round.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.3f GB/s (body %.3f)", k, v.bytesPerSecond() / 1e9,
                v.bodyBytesPerSecond() / 1e9)));
        sb.append(String.format(Locale.ROOT, "  sdk/curl-aes128 %.2f", round.get("sdk").bytesPerSecond() / round.get("curl-aes128").bytesPerSecond()));
        System.out.println(sb);
    }

    private static Path randomFile(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (long done = 0; done < size; ) {
                chunk.clear();
                while (chunk.remaining() >= 8) {
                    chunk.putLong(random.nextLong());
                }
                chunk.flip();
                chunk.limit((int) Math.min(chunk.limit(), size - done));
                done += out.write(chunk);
            }
        }
        return file;
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static String human(long bytes) {
        return bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    private static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : t.endsWith("k") ? 1L << 10 : 1;
        return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
    }
}
