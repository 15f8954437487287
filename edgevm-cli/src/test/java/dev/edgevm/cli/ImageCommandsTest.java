package dev.edgevm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.cli.demo.DemoImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code image info} and {@code containerdisk build}: local files only, no cluster. */
class ImageCommandsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void imageInfoJson_agreesWithQemuImg() throws Exception {
        assumeTrue(DemoImage.qemuImg().isPresent(), "qemu-img is not on the PATH (Debian package qemu-utils): cannot make a qcow2 to probe");
        String qemuImg = DemoImage.qemuImg().get().toString();
        Path qcow2 = dir.resolve("centos.qcow2");
        run(qemuImg, "create", "-q", "-f", "qcow2", qcow2.toString(), "15G");

        Cli.Result r = Cli.run("image", "info", qcow2.toString(), "-o", "json");

        JsonNode ours = JSON.readTree(r.out());
        JsonNode qemu = JSON.readTree(run(qemuImg, "info", "--output=json", qcow2.toString()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(ours.get("format").asString()).isEqualTo(qemu.get("format").asString()).isEqualTo("qcow2");
        assertThat(ours.get("virtualSize").asLong()).isEqualTo(qemu.get("virtual-size").asLong()).isEqualTo(15L << 30);
        assertThat(ours.get("backingFile").isNull()).isTrue();
        assertThat(ours.get("encrypted").asBoolean()).isFalse();
        assertThat(ours.get("compressed").asBoolean()).isFalse();
    }

    @Test
    void imageInfoText_ofARawImage() throws IOException {
        Path raw = sparseRaw("disk.img", 1 << 20);

        Cli.Result r = Cli.run("image", "info", raw.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("file format: raw\n").contains("virtual size: 1 MiB (1048576 bytes)\n")
                .contains("backing file: none\n").contains("encrypted: no\n");
    }

    @Test
    void imageInfoOfAMissingFile_isAnInvalidInput() {
        Cli.Result r = Cli.run("image", "info", dir.resolve("nope.qcow2").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("  - FILE: '" + dir.resolve("nope.qcow2") + "' does not exist").doesNotContain("\tat ")
                .doesNotContain("imagePath");
    }

    @Test
    void containerDiskBuild_writesATarballWithTheDiskUnderSlashDisk() throws IOException {
        Path raw = sparseRaw("cirros.img", 1 << 20);
        Path tar = dir.resolve("cirros.tar");

        Cli.Result r = Cli.run("containerdisk", "build", "--image", raw.toString(), "--tag", "registry.local:5000/vms/cirros:1", "--tar", tar.toString());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Wrote registry.local:5000/vms/cirros:1 to " + tar)
                .contains("reference registry.local:5000/vms/cirros@sha256:")
                .contains("Use it with: edgevm deploy --container-disk registry.local:5000/vms/cirros@sha256:");
        assertThat(layerEntries(tar)).anyMatch(name -> name.startsWith("disk/") || name.startsWith("./disk/"));
    }

    @Test
    void containerDiskBuild_needsExactlyOneDestination() throws IOException {
        Path raw = sparseRaw("cirros.img", 1 << 20);

        Cli.Result none = Cli.run("containerdisk", "build", "--image", raw.toString(), "--tag", "r/x:1");
        Cli.Result both = Cli.run("containerdisk", "build", "--image", raw.toString(), "--tag", "r/x:1", "--push", "--tar", "x.tar");

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required argument").contains("--push").contains("--tar");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void containerDiskOfATextFile_isRefusedBeforeAnythingIsWritten() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a disk\n".repeat(100));
        Path tar = dir.resolve("out.tar");

        Cli.Result r = Cli.run("containerdisk", "build", "--image", text.toString(), "--tag", "r/x:1", "--tar", tar.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Invalid container disk of notes.txt").contains("  - --image: 'notes.txt'").doesNotContain("imagePath");
        assertThat(tar).doesNotExist();
    }

    @Test
    void containerDiskPushToNoRegistry_failsWithExitCode1() throws IOException {
        Path raw = sparseRaw("cirros.img", 1 << 20);

        Cli.Result r = Cli.run("containerdisk", "build", "--image", raw.toString(), "--tag", "127.0.0.1:1/vms/cirros:1", "--push", "--insecure");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("warning: --insecure").contains("error: ").doesNotContain("\tat ");
    }

    private Path sparseRaw(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }

    /** Names of the files in the image's layers, read from the tarball (OCI layout or docker archive). */
    private static List<String> layerEntries(Path tar) throws IOException {
        List<String> names = new ArrayList<>();
        for (byte[] blob : TarEntries.read(Files.readAllBytes(tar)).values()) {
            if (blob.length > 2 && (blob[0] & 0xff) == 0x1f && (blob[1] & 0xff) == 0x8b) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
                    names.addAll(TarEntries.read(in.readAllBytes()).keySet());
                }
            }
        }
        return names;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
