package dev.edgevm.embedded.internal.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskImagesTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void volumeSpace_followsCdisArithmetic() {
    // GetUsableSpace: ceil(size / 1.06) rounded down to 1 MiB; GetRequiredSpace: ceil(aligned * 1.06)
    assertThat(VolumeSpace.usable(0.06, 15L * 1024 * MIB)).isEqualTo(14490 * MIB);
    assertThat(VolumeSpace.usable(0.0, 100 * MIB + 5)).isEqualTo(100 * MIB);
    assertThat(VolumeSpace.required(0.06, 1024 * MIB)).isEqualTo(1138166334L);
    assertThat(VolumeSpace.required(0.0, MIB + 1)).isEqualTo(2 * MIB);
  }

  @Test
  void formats_areToldApartByTheirMagic() {
    assertThat(detect(new byte[] {'Q', 'F', 'I', (byte) 0xfb, 0, 0, 0, 3})).isEqualTo(DiskImageFormat.QCOW2);
    assertThat(detect("KDMV....".getBytes(StandardCharsets.US_ASCII))).isEqualTo(DiskImageFormat.VMDK);
    assertThat(detect("vhdxfile".getBytes(StandardCharsets.US_ASCII))).isEqualTo(DiskImageFormat.VHDX);
    assertThat(detect(new byte[] {0x1f, (byte) 0x8b, 8, 0})).isEqualTo(DiskImageFormat.GZIP);
    byte[] vdi = new byte[72];
    vdi[64] = 0x7f;
    vdi[65] = 0x10;
    vdi[66] = (byte) 0xda;
    vdi[67] = (byte) 0xbe;
    assertThat(detect(vdi)).isEqualTo(DiskImageFormat.VDI);
    assertThat(detect(new byte[512])).isEqualTo(DiskImageFormat.RAW);
    assertThat(DiskImageFormat.RAW.needsConversion()).isFalse();
    assertThat(DiskImageFormat.QCOW2.needsConversion()).isTrue();
    assertThat(DiskImageFormat.GZIP.needsConversion()).isFalse();
  }

  private static DiskImageFormat detect(byte[] head) {
    return DiskImageFormat.detect(head, head.length);
  }

  @Test
  void qcow2Header_readsWhatQemuImgWrote(@TempDir Path dir) throws Exception {
    assumeTrue(QemuImg.find().isPresent(), "qemu-img is not installed: cannot make a qcow2 image to read");
    Path base = dir.resolve("base.qcow2");
    Path overlay = dir.resolve("overlay.qcow2");
    run("qemu-img", "create", "-f", "qcow2", base.toString(), "3G");
    run("qemu-img", "create", "-f", "qcow2", "-b", base.toString(), "-F", "qcow2", overlay.toString());

    assertThat(Qcow2Header.read(base).virtualSize()).isEqualTo(3L * 1024 * MIB);
    assertThat(Qcow2Header.read(base).hasBackingFile()).isFalse();
    assertThat(Qcow2Header.read(overlay).hasBackingFile()).isTrue();
  }

  @Test
  void sparseCopy_keepsHolesAndBytes(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("disk.img");
    SparseFiles.create(source, 64 * MIB);
    try (var channel = java.nio.channels.FileChannel.open(source, java.nio.file.StandardOpenOption.WRITE)) {
      channel.write(java.nio.ByteBuffer.wrap("data".getBytes(StandardCharsets.US_ASCII)), 32 * MIB);
    }
    Path target = dir.resolve("copy/disk.img");

    SparseCopy.copyFile(source, target);

    assertThat(Files.size(target)).isEqualTo(64 * MIB);
    assertThat(Files.mismatch(source, target)).isEqualTo(-1);
    Process stat = new ProcessBuilder("stat", "-c", "%b", target.toString()).start();
    long blocks = Long.parseLong(new String(stat.getInputStream().readAllBytes()).trim());
    assertThat(blocks * 512).as("allocated bytes").isLessThan(MIB);
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }
}
