package dev.edgevm.storage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violation;
import dev.edgevm.storage.testing.QemuImg;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UploadPreflightTest {

    private static final long GI = 1L << 30;
    private static final UploadPreflight FIFTEEN_GI = UploadPreflight.forVolume(Quantity.parse("15Gi"), FilesystemOverhead.cdiDefault());

    @TempDir
    Path dir;

    @Test
    void rawImage_thatFits_passes_andTheProbeResultIsReturned() throws IOException {
        Path image = sparse("disk.img", 10 * GI);

        DiskImageInfo info = FIFTEEN_GI.check(image);

        assertThat(info.format()).isEqualTo("raw");
        assertThat(info.virtualSize()).isEqualTo(10 * GI);
    }

    @Test
    void image_largerThanTheVolumeLessOverhead_isRefused_withTheSizeToRequest() throws IOException {
        // 14.5 GiB fits 15Gi without overhead but not after CDI keeps 6% for the filesystem.
        Path image = sparse("disk.img", 14 * GI + GI / 2);

        List<Violation> violations = FIFTEEN_GI.violations(image);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("size");
            assertThat(v.message()).contains("disk.img").contains("0.06").contains("16Gi");
        });
        assertThat(UploadPreflight.forVolume(Quantity.parse("15Gi"), FilesystemOverhead.none()).violations(image)).isEmpty();
    }

    @Test
    void usableBytes_isCdisUsableSpaceOfTheRequest() {
        assertThat(FIFTEEN_GI.usableBytes()).isEqualTo(FilesystemOverhead.cdiDefault().usableSpace(15 * GI));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "program,  7f454c46020101,   an ELF executable",
            "doc.pdf,  255044462d312e37, a PDF document",
            "pic.png,  89504e470d0a1a0a, a PNG picture"})
    void foreignFiles_areRefused_namingWhatTheyAre(String name, String hex, String what) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, ByteBuffer.allocate(8192).put(HexFormat.of().parseHex(hex)).array());

        assertThat(FIFTEEN_GI.violations(file)).singleElement().satisfies(v -> {
            assertThat(v.path()).isEqualTo("imagePath");
            assertThat(v.message()).contains("'" + name + "'").contains(what).contains("not a disk image");
        });
    }

    @Test
    void sshKey_isRefused() throws IOException {
        Path key = dir.resolve("id_ed25519.pub");
        Files.writeString(key, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBOx user@host\n");

        assertThat(FIFTEEN_GI.violations(key)).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("SSH public key").contains("not a disk image"));
    }

    @Test
    void emptyFile_isRefused() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.img"));

        assertThat(FIFTEEN_GI.violations(empty)).singleElement().satisfies(v -> assertThat(v.message()).contains("is empty"));
    }

    @Test
    void rawWithAPartialSector_isRefused() throws IOException {
        Path file = dir.resolve("truncated.img");
        Files.write(file, new byte[3 * 512 + 100]);

        assertThat(FIFTEEN_GI.violations(file)).singleElement().satisfies(v -> assertThat(v.message()).contains("512-byte sectors"));
    }

    @Test
    void gzip_isRefused_withTheCommandThatMakesItUploadable() throws IOException {
        Path file = dir.resolve("disk.img.gz");
        Files.write(file, ByteBuffer.allocate(4096).put(HexFormat.of().parseHex("1f8b0800")).array());

        assertThat(FIFTEEN_GI.violations(file)).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("gzip").contains("gunzip").contains("qemu-img convert -c -O qcow2"));
    }

    @Test
    void iso_isAccepted_asRaw() throws IOException {
        Path file = dir.resolve("install.iso");
        ByteBuffer iso = ByteBuffer.allocate(20 * 2048);
        iso.position(16 * 2048).put((byte) 1).put("CD001".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.write(file, iso.array());

        assertThat(FIFTEEN_GI.check(file).isIso()).isTrue();
    }

    @Test
    void overlayEncryptedAndSplitImages_areRefused_eachProblemNamed() {
        QemuImg.assumeInstalled();
        QemuImg.run(dir, "create", "-q", "-f", "qcow2", "base.qcow2", "1G");
        QemuImg.run(dir, "create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "overlay.qcow2");
        QemuImg.run(dir, "create", "-q", "-f", "qcow2", "--object", "secret,id=s,data=passphrase-for-tests",
                "-o", "encrypt.format=luks,encrypt.key-secret=s,encrypt.iter-time=500", "secret.qcow2", "1G");
        QemuImg.run(dir, "create", "-q", "-f", "vmdk", "-o", "subformat=twoGbMaxExtentSparse", "split.vmdk", "3G");
        QemuImg.run(dir, "create", "-q", "-f", "qed", "old.qed", "1G");

        assertThat(FIFTEEN_GI.violations(dir.resolve("base.qcow2"))).isEmpty();
        assertThat(FIFTEEN_GI.violations(dir.resolve("overlay.qcow2"))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("backing file 'base.qcow2'"));
        assertThat(FIFTEEN_GI.violations(dir.resolve("secret.qcow2"))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("encrypted (luks)"));
        assertThat(FIFTEEN_GI.violations(dir.resolve("split.vmdk"))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("split-s001.vmdk").contains("split-s002.vmdk"));
        assertThat(FIFTEEN_GI.violations(dir.resolve("old.qed"))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("qed").contains("CDI accepts only"));
    }

    @Test
    void check_throwsOneExceptionListingEveryProblem() {
        QemuImg.assumeInstalled();
        QemuImg.run(dir, "create", "-q", "-f", "qcow2", "base.qcow2", "40G");
        QemuImg.run(dir, "create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "overlay.qcow2");

        assertThatThrownBy(() -> FIFTEEN_GI.check(dir.resolve("overlay.qcow2")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.subject()).isEqualTo("upload of overlay.qcow2");
                    assertThat(e.violations()).extracting(Violation::path).containsExactly("imagePath", "size");
                });
    }

    private Path sparse(String name, long size) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
        return file;
    }
}
