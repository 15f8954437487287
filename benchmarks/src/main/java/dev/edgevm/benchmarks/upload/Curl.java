package dev.edgevm.benchmarks.upload;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference client: {@code curl -T FILE -X POST} with the Bearer token, verifying the server
 * against the CA. {@code -T} streams the file; {@code --data-binary @file} would read it all into
 * memory first. Timed by curl itself ({@code %{time_total}}: from the start of the transfer,
 * connecting and the TLS handshake included, to the end of the answer), so starting the curl
 * process is not counted; {@code %{speed_upload}} is curl's rate of the body alone.
 */
final class Curl {

    /** Where curl's verbose output names the negotiated protocol and suite. */
    private static final Pattern SUITE = Pattern.compile("SSL connection using (\\S+) / (\\S+)");

    /** The one TLS 1.3 suite the SDK offers, to compare like with like. */
    static final String AES_128 = "TLS_AES_128_GCM_SHA256";

    /**
     * One upload: the bytes curl sent, the seconds from the start of its transfer to the end of
     * the answer, the body's rate, and the negotiated protocol and cipher suite.
     */
    record Upload(long bytes, double totalSeconds, double bodyBytesPerSecond, String suite) {
        double bytesPerSecond() {
            return bytes / totalSeconds;
        }
    }

    private Curl() {}

    static boolean installed() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One upload; {@code suite} null lets curl choose (AES-256-GCM with this server), else restricts TLS 1.3 to it. */
    static Upload upload(Path file, URI url, Path ca, String token, String suite) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-v", "-f", "-o", "/dev/null",
                "-w", "%{size_upload} %{time_total} %{speed_upload}",
                "-T", file.toString(), "-X", "POST", "-H", "Authorization: Bearer " + token,
                "--cacert", ca.toString(), url.toString()));
        if (suite != null) {
            command.addAll(List.of("--tls13-ciphers", suite));
        }
        int exit;
        // The verbose trace (with the token in it) is read for the suite, never printed.
        Path trace = Files.createTempFile("curl-trace", ".txt");
        String out;
        String verbose;
        try {
            Process p = new ProcessBuilder(command).redirectError(trace.toFile()).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            exit = p.waitFor();
            verbose = Files.readString(trace, StandardCharsets.ISO_8859_1);
        } finally {
            Files.deleteIfExists(trace);
        }
        if (exit != 0) {
            throw new IOException("curl failed: " + verbose.lines().filter(l -> l.startsWith("curl:")).findFirst().orElse(out));
        }
        String[] f = out.split(" ");
        Matcher negotiated = SUITE.matcher(verbose);
        return new Upload(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                negotiated.find() ? negotiated.group(1) + " " + negotiated.group(2) : "unknown suite");
    }
}
