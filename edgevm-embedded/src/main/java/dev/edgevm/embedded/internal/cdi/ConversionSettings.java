package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.disk.QemuImg;
import java.util.Optional;

/** The qemu-img CDI's image processing runs, given on the cluster builder; none for a machine without one. */
public final class ConversionSettings {

  private final QemuImg qemuImg;

  private ConversionSettings(QemuImg qemuImg) {
    this.qemuImg = qemuImg;
  }

  public static ConversionSettings with(QemuImg qemuImg) {
    return new ConversionSettings(qemuImg);
  }

  public static ConversionSettings withoutQemuImg() {
    return new ConversionSettings(null);
  }

  public Optional<QemuImg> qemuImg() {
    return Optional.ofNullable(qemuImg);
  }
}
