package dev.edgevm.storage.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.storage.testing.QemuImg;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Images made by the real {@code qemu-img}, probed in Java, compared field by field with
 * {@code qemu-img info --output=json} (and {@code qemu-img check} for compressed clusters).
 */
class QemuImgAgreementTest {

    private static final String SECRET = "--object=secret,id=sec0,data=not-a-real-passphrase";

    @TempDir
    static Path dir;

    @BeforeAll
    static void sources() throws IOException {
        if (!QemuImg.installed()) {
            return;
        }
        // 3 MiB of incompressible data then zeros, then a compressible stretch: some clusters
        // compress and some do not, so the compressed-cluster count is a real count.
        byte[] data = new byte[8 << 20];
        new Random(42).nextBytes(data);
        for (int i = 3 << 20; i < data.length; i++) {
            data[i] = (byte) (i % 7 == 0 ? i : 'a');
        }
        Files.write(dir.resolve("source.raw"), data);
        QemuImg.run(dir, "create", "-f", "qcow2", "base.qcow2", "1G");
    }

    static Stream<Arguments> images() {
        return Stream.of(
                image("raw.img", "create", "-f", "raw", "raw.img", "100M"),
                image("q-v2.qcow2", "create", "-f", "qcow2", "-o", "compat=0.10", "q-v2.qcow2", "1G"),
                image("q-v3.qcow2", "create", "-f", "qcow2", "-o", "compat=1.1", "q-v3.qcow2", "3G"),
                image("overlay.qcow2", "create", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "overlay.qcow2"),
                image("luks.qcow2", "create", "-f", "qcow2", SECRET,
                        "-o", "encrypt.format=luks,encrypt.key-secret=sec0,encrypt.iter-time=500", "luks.qcow2", "64M"),
                image("aes.qcow2", "create", "-f", "qcow2", SECRET,
                        "-o", "encrypt.format=aes,encrypt.key-secret=sec0", "aes.qcow2", "64M"),
                image("zstd.qcow2", "create", "-f", "qcow2", "-o", "compression_type=zstd", "zstd.qcow2", "50M"),
                image("compressed.qcow2", "convert", "-c", "-O", "qcow2", "source.raw", "compressed.qcow2"),
                image("compressed-zstd.qcow2", "convert", "-c", "-O", "qcow2", "-o", "compression_type=zstd",
                        "source.raw", "compressed-zstd.qcow2"),
                image("compressed-v2.qcow2", "convert", "-c", "-O", "qcow2", "-o", "compat=0.10",
                        "source.raw", "compressed-v2.qcow2"),
                image("plain.qcow2", "convert", "-O", "qcow2", "source.raw", "plain.qcow2"),
                image("large-clusters.qcow2", "create", "-f", "qcow2",
                        "-o", "cluster_size=2M,refcount_bits=64,lazy_refcounts=on,extended_l2=on", "large-clusters.qcow2", "2T"),
                image("external.qcow2", "create", "-f", "qcow2", "-o", "data_file=external.data,data_file_raw=on",
                        "external.qcow2", "10M"),
                image("sparse.vmdk", "create", "-f", "vmdk", "sparse.vmdk", "200M"),
                image("stream.vmdk", "convert", "-O", "vmdk", "-o", "subformat=streamOptimized", "source.raw", "stream.vmdk"),
                image("split.vmdk", "create", "-f", "vmdk", "-o", "subformat=twoGbMaxExtentSparse", "split.vmdk", "3G"),
                image("flat.vmdk", "create", "-f", "vmdk", "-o", "subformat=monolithicFlat", "flat.vmdk", "10M"),
                image("disk.vhdx", "create", "-f", "vhdx", "disk.vhdx", "300M"),
                image("fixed.vhdx", "create", "-f", "vhdx", "-o", "subformat=fixed", "fixed.vhdx", "5M"),
                image("disk.vdi", "create", "-f", "vdi", "disk.vdi", "123M"),
                image("static.vdi", "create", "-f", "vdi", "-o", "static=on", "static.vdi", "3M"),
                image("chs.vhd", "create", "-f", "vpc", "chs.vhd", "500M"),
                image("sized.vhd", "create", "-f", "vpc", "-o", "force_size=on", "sized.vhd", "500M"),
                image("fixed.vhd", "create", "-f", "vpc", "-o", "subformat=fixed", "fixed.vhd", "10M"),
                image("disk.qed", "create", "-f", "qed", "disk.qed", "77M"),
                image("overlay.qed", "create", "-f", "qed", "-b", "base.qcow2", "-F", "qcow2", "overlay.qed"));
    }

    private static Arguments image(String name, String... qemuImgArgs) {
        return Arguments.of(name, qemuImgArgs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void probe_agreesWithQemuImgInfo(String name, String[] qemuImgArgs) {
        Path file = created(name, qemuImgArgs);

        DiskImageInfo probed = DiskImages.probe(file);
        JsonNode info = QemuImg.info(file);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(probed.format()).as("format").isEqualTo(info.get("format").asString());
        soft.assertThat(probed.virtualSize()).as("virtual-size").isEqualTo(info.get("virtual-size").asLong());
        if (info.has("cluster-size") && probed.clusterSize().isPresent()) {
            soft.assertThat(probed.clusterSize().getAsInt()).as("cluster-size").isEqualTo(info.get("cluster-size").asInt());
        }
        soft.assertThat(probed.backingFile().orElse(null)).as("backing-filename")
                .isEqualTo(text(info, "backing-filename"));
        if (probed.format().equals("qcow2")) {
            soft.assertThat(probed.backingFormat().orElse(null)).as("backing-filename-format")
                    .isEqualTo(text(info, "backing-filename-format"));
        }
        soft.assertThat(probed.encrypted()).as("encrypted").isEqualTo(info.path("encrypted").asBoolean(false));
        soft.assertThat(probed.dirty()).as("dirty-flag").isEqualTo(info.path("dirty-flag").asBoolean(false));
        JsonNode specific = info.path("format-specific").path("data");
        if (probed.format().equals("qcow2")) {
            soft.assertThat(probed.compat().orElse(null)).as("compat").isEqualTo(text(specific, "compat"));
            soft.assertThat(probed.compressionType().orElse(null)).as("compression-type")
                    .isEqualTo(text(specific, "compression-type"));
            soft.assertThat(1 << probed.refcountOrder().getAsInt()).as("refcount-bits")
                    .isEqualTo(specific.get("refcount-bits").asInt());
            soft.assertThat(probed.corrupt()).as("corrupt").isEqualTo(specific.path("corrupt").asBoolean(false));
            soft.assertThat(probed.lazyRefcounts()).as("lazy-refcounts").isEqualTo(specific.path("lazy-refcounts").asBoolean(false));
            soft.assertThat(probed.extendedL2()).as("extended-l2").isEqualTo(specific.path("extended-l2").asBoolean(false));
            soft.assertThat(probed.dataFile().orElse(null)).as("data-file").isEqualTo(text(specific, "data-file"));
            soft.assertThat(probed.encryption().map(Encryption::qemuName).orElse(null)).as("encrypt.format")
                    .isEqualTo(text(specific.path("encrypt"), "format"));
            if (!probed.encrypted() && probed.dataFile().isEmpty()) {
                long qemuCompressed = QemuImg.check(file).path("compressed-clusters").asLong(0);
                soft.assertThat(probed.compressedClusters()).as("compressed-clusters").hasValue(qemuCompressed);
                soft.assertThat(probed.compressed()).as("compressed").contains(qemuCompressed > 0);
            }
        }
        if (probed.format().equals("vmdk")) {
            soft.assertThat(probed.subformat().orElse(null)).as("create-type").isEqualTo(text(specific, "create-type"));
            boolean anyCompressed = false;
            for (JsonNode extent : specific.path("extents")) {
                anyCompressed |= extent.path("compressed").asBoolean(false);
            }
            if (probed.extentFiles().isEmpty()) {
                soft.assertThat(probed.compressed()).as("extents[].compressed").contains(anyCompressed);
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void selfContained_onlyWhenQemuImgNamesNoOtherFile(String name, String[] qemuImgArgs) {
        Path file = created(name, qemuImgArgs);
        JsonNode info = QemuImg.info(file);
        boolean otherFiles = info.path("format-specific").path("data").has("data-file");
        for (JsonNode extent : info.path("format-specific").path("data").path("extents")) {
            otherFiles |= !extent.get("filename").asString().equals(name);
        }
        assertThat(DiskImages.probe(file).selfContained()).isEqualTo(!otherFiles);
    }

    // Both tests look at the same files; each is made once (LUKS key derivation takes a while).
    private static Path created(String name, String[] qemuImgArgs) {
        QemuImg.assumeInstalled();
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            QemuImg.run(dir, qemuImgArgs);
        }
        return file;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
