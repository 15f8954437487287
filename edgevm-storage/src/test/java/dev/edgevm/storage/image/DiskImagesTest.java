package dev.edgevm.storage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.core.InvalidSpecException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The probe on files built byte by byte here, so it runs without qemu-img. */
class DiskImagesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "elf,      7f454c46020101,            NOT_AN_IMAGE, an ELF executable",
            "pdf,      255044462d312e370a,        NOT_AN_IMAGE, a PDF document",
            "png,      89504e470d0a1a0a0000000d,  NOT_AN_IMAGE, a PNG picture",
            "jpeg,     ffd8ffe000104a464946,      NOT_AN_IMAGE, a JPEG picture",
            "zip,      504b030414000000,          ARCHIVE,      a zip archive",
            "gzip,     1f8b0800000000000003,      ARCHIVE,      gzip-compressed data",
            "xz,       fd377a585a000004,          ARCHIVE,      xz-compressed data",
            "zstd,     28b52ffd2400,              ARCHIVE,      zstd-compressed data"})
    void knownSignatures_areNamed_butQemuWouldCallThemRaw(String name, String hex, ImageContent content, String detected) throws IOException {
        byte[] head = HexFormat.of().parseHex(hex);
        Path file = dir.resolve(name);
        Files.write(file, ByteBuffer.allocate(4096).put(head).array());

        DiskImageInfo info = DiskImages.probe(file);

        assertThat(info.format()).isEqualTo("raw");
        assertThat(info.content()).isEqualTo(content);
        assertThat(info.detected()).contains(detected);
        assertThat(info.virtualSize()).isEqualTo(4096);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "key.pub | ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBOx user@host\\n | an SSH public key",
            "vm.yaml | apiVersion: kubevirt.io/v1\\nkind: VirtualMachine\\n     | YAML",
            "id_rsa  | -----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAA\\n | a PEM key or certificate",
            "notes   | Grüße, this is UTF-8 text\\n                              | a text file"})
    void textFiles_areNotImages(String name, String text, String kind) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text.replace("\\n", "\n"), StandardCharsets.UTF_8);

        DiskImageInfo info = DiskImages.probe(file);

        assertThat(info.content()).isEqualTo(ImageContent.NOT_AN_IMAGE);
        assertThat(info.detected()).hasValueSatisfying(d -> assertThat(d).startsWith("a text file").contains(kind));
    }

    @Test
    void zeroFilledRaw_isADiskImage_notText() throws IOException {
        Path file = dir.resolve("zeros.img");
        Files.write(file, new byte[1 << 20]);

        DiskImageInfo info = DiskImages.probe(file);

        assertThat(info.content()).isEqualTo(ImageContent.DISK_IMAGE);
        assertThat(info.detected()).isEmpty();
        assertThat(info.virtualSize()).isEqualTo(1 << 20);
    }

    @Test
    void iso9660_isRawToQemu_andAnIsoToUs() throws IOException {
        Path file = dir.resolve("cidata.iso");
        ByteBuffer iso = ByteBuffer.allocate(20 * 2048);
        iso.position(16 * 2048).put((byte) 1).put("CD001".getBytes(StandardCharsets.US_ASCII)).put((byte) 1);
        iso.position(16 * 2048 + 40).put(String.format("%-32s", "cidata").getBytes(StandardCharsets.US_ASCII));
        Files.write(file, iso.array());

        DiskImageInfo info = DiskImages.probe(file);

        assertThat(info.format()).isEqualTo("raw");
        assertThat(info.isIso()).isTrue();
        assertThat(info.isoVolumeLabel()).contains("cidata");
        assertThat(info.virtualSize()).isEqualTo(20 * 2048);
    }

    @Test
    void rawSize_isRoundedUpToWholeSectors_likeQemu() throws IOException {
        Path file = dir.resolve("odd.bin");
        Files.write(file, new byte[1000]);

        assertThat(DiskImages.probe(file).virtualSize()).isEqualTo(1024);
        assertThat(DiskImages.probe(file).fileSize()).isEqualTo(1000);
    }

    @Test
    void hugeSparseRaw_isProbedFromItsHeaderOnly() throws IOException {
        Path file = dir.resolve("huge.img");
        long eightTiB = 8L << 40;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(eightTiB);
        }

        assertThat(DiskImages.probe(file).virtualSize()).isEqualTo(eightTiB);
    }

    @Test
    void qcow2Header_pointingOutsideTheFile_isAnInvalidImage_notACrash() throws IOException {
        ByteBuffer h = ByteBuffer.allocate(512);
        h.putInt(0, 0x514649fb).putInt(4, 3).putLong(8, 1L << 40).putInt(16, 12).putInt(20, 16)
                .putLong(24, 1 << 30).putInt(96, 4).putInt(100, 104);
        Path file = dir.resolve("broken.qcow2");
        Files.write(file, h.array());

        assertThatThrownBy(() -> DiskImages.probe(file))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.violations())
                        .singleElement().satisfies(v -> {
                            assertThat(v.path()).isEqualTo("imagePath");
                            assertThat(v.message()).contains("broken.qcow2").contains("qcow2");
                        }));
    }

    @Test
    void missingFile_isAViolation() {
        assertThatThrownBy(() -> DiskImages.probe(dir.resolve("absent.qcow2")))
                .isInstanceOfSatisfying(InvalidSpecException.class, e ->
                        assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("does not exist")));
    }

    @Test
    void directory_isAViolation() {
        assertThatThrownBy(() -> DiskImages.probe(dir))
                .isInstanceOfSatisfying(InvalidSpecException.class, e ->
                        assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("not a regular file")));
    }
}
