package dev.edgevm.embedded.internal.disk;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Image formats told apart by their first bytes, as CDI's importer does before deciding whether
 * a stream can be written as it is (raw) or must go through scratch space and {@code qemu-img}.
 */
public enum DiskImageFormat {
  RAW("raw"),
  QCOW2("qcow2"),
  VMDK("vmdk"),
  VDI("vdi"),
  VHDX("vhdx"),
  VPC("vpc"),
  GZIP(null),
  XZ(null);

  /** How many leading bytes {@link #detect} wants to see (VDI's signature sits at 64). */
  public static final int SNIFF_LENGTH = 72;

  private final String qemuName;

  DiskImageFormat(String qemuName) {
    this.qemuName = qemuName;
  }

  /** The {@code -f} name qemu-img knows this format by; null for compression wrappers. */
  public String qemuName() {
    return qemuName;
  }

  /** Whether the data must be converted before it is a raw disk. */
  public boolean needsConversion() {
    return this != RAW && qemuName != null;
  }

  public static DiskImageFormat detect(byte[] head, int length) {
    if (startsWith(head, length, 0, new byte[] {'Q', 'F', 'I', (byte) 0xfb})) {
      return QCOW2;
    }
    if (startsWith(head, length, 0, "KDMV".getBytes(StandardCharsets.US_ASCII))) {
      return VMDK;
    }
    if (startsWith(head, length, 0, "vhdxfile".getBytes(StandardCharsets.US_ASCII))) {
      return VHDX;
    }
    if (startsWith(head, length, 0, "conectix".getBytes(StandardCharsets.US_ASCII))) {
      return VPC;
    }
    if (startsWith(head, length, 64, new byte[] {0x7f, 0x10, (byte) 0xda, (byte) 0xbe})) {
      return VDI;
    }
    if (startsWith(head, length, 0, new byte[] {0x1f, (byte) 0x8b})) {
      return GZIP;
    }
    if (startsWith(head, length, 0, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0})) {
      return XZ;
    }
    return RAW;
  }

  private static boolean startsWith(byte[] data, int length, int offset, byte[] magic) {
    return length >= offset + magic.length
        && Arrays.equals(data, offset, offset + magic.length, magic, 0, magic.length);
  }
}
