package dev.edgevm.embedded.internal.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few ASN.1 DER encodings an X.509 certificate needs (X.690): enough to write the cluster's
 * certificates with the JDK alone, which starts far faster than a general ASN.1 library.
 */
final class Der {

  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
  private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

  private Der() {
  }

  static byte[] sequence(byte[]... elements) {
    return tagged(0x30, concat(elements));
  }

  /** A context-specific, constructed, explicitly tagged element: {@code [n] EXPLICIT}. */
  static byte[] explicit(int number, byte[] element) {
    return tagged(0xa0 | number, element);
  }

  /** A context-specific, primitive, implicitly tagged value: {@code [n] IMPLICIT}. */
  static byte[] implicit(int number, byte[] contents) {
    return tagged(0x80 | number, contents);
  }

  static byte[] integer(BigInteger value) {
    return tagged(0x02, value.toByteArray());
  }

  static byte[] bool(boolean value) {
    return tagged(0x01, new byte[] {(byte) (value ? 0xff : 0x00)});
  }

  static byte[] octetString(byte[] contents) {
    return tagged(0x04, contents);
  }

  /** A BIT STRING whose last {@code unusedBits} bits are padding. */
  static byte[] bitString(byte[] bits, int unusedBits) {
    byte[] contents = new byte[bits.length + 1];
    contents[0] = (byte) unusedBits;
    System.arraycopy(bits, 0, contents, 1, bits.length);
    return tagged(0x03, contents);
  }

  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      base128(out, Long.parseLong(arcs[i]));
    }
    return tagged(0x06, out.toByteArray());
  }

  /** UTCTime until 2049, GeneralizedTime from 2050, as RFC 5280 4.1.2.5 asks. */
  static byte[] time(ZonedDateTime time) {
    ZonedDateTime utc = time.withZoneSameInstant(ZoneOffset.UTC);
    return utc.getYear() < 2050
        ? tagged(0x17, UTC_TIME.format(utc).getBytes(StandardCharsets.US_ASCII))
        : tagged(0x18, GENERALIZED_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] tagged(int tag, byte[] contents) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
    out.write(tag);
    int length = contents.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
        out.write(length >>> shift);
      }
    }
    out.writeBytes(contents);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static void base128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int group = groups - 1; group >= 0; group--) {
      int bits = (int) ((value >>> (group * 7)) & 0x7f);
      out.write(group == 0 ? bits : bits | 0x80);
    }
  }
}
