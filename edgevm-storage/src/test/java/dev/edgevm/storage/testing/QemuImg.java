package dev.edgevm.storage.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The real {@code qemu-img}, run as a process; tests that need it are skipped where it is absent. */
public final class QemuImg {

    private static final Path BINARY = Path.of(System.getProperty("edgevm.qemu-img", "/usr/bin/qemu-img"));
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private QemuImg() {}

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    public static void assumeInstalled() {
        assumeTrue(installed(), "qemu-img is not installed at " + BINARY
                + ": install Debian's qemu-utils to compare the probe with it");
    }

    /**
     * Runs {@code qemu-img args...} in {@code dir}; fails the test with qemu-img's output if it fails.
     * LUKS key setup times a PBKDF run with the thread's CPU clock, which some sandboxes report too
     * coarsely ("Unable to get accurate CPU usage"); that one failure is tried again.
     */
    public static String run(Path dir, String... args) {
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(dir, args);
            } catch (AssertionError e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("accurate CPU usage")) {
                    throw e;
                }
            }
        }
    }

    private static String runOnce(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("qemu-img " + String.join(" ", args) + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("qemu-img " + String.join(" ", args) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run qemu-img", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static JsonNode info(Path file) {
        return JSON.readTree(run(file.getParent(), "info", "--output=json", file.getFileName().toString()));
    }

    public static JsonNode check(Path file) {
        return JSON.readTree(run(file.getParent(), "check", "--output=json", file.getFileName().toString()));
    }
}
