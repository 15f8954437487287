package dev.edgevm.core;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** Builds OpenSSH public key lines for tests: the blob layout is the same as real keys have. */
public final class TestKeys {

    private TestKeys() {}

    public static String ed25519(String comment) {
        return line("ssh-ed25519", "ssh-ed25519", comment);
    }

    /** A line whose declared type and embedded type differ. */
    public static String line(String declaredType, String embeddedType, String comment) {
        ByteArrayOutputStream blob = new ByteArrayOutputStream();
        writeString(blob, embeddedType.getBytes(StandardCharsets.US_ASCII));
        byte[] key = new byte[32];
        new Random(embeddedType.hashCode()).nextBytes(key);
        writeString(blob, key);
        return declaredType + " " + Base64.getEncoder().encodeToString(blob.toByteArray()) + (comment == null ? "" : " " + comment);
    }

    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
