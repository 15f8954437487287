package dev.edgevm.cli.demo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * The runbook's {@code ssh-keygen} and {@code cat ~/.ssh/id_rsa.pub} (stateful steps 6 and 7): a
 * fresh Ed25519 key pair for the demo, of which only the public key is kept, as an
 * {@code authorized_keys} line. Nothing logs into the simulated guest, so the private key is dropped.
 */
final class DemoKey {

    private static final String TYPE = "ssh-ed25519";

    private DemoKey() {}

    /** {@code ssh-ed25519 AAAA... root@controller}. */
    static String publicKeyLine(String comment) {
        try {
            byte[] encoded = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
            // X.509 SubjectPublicKeyInfo of Ed25519: a fixed 12-byte header, then the 32-byte key.
            byte[] key = Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length);
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            sshString(blob, TYPE.getBytes(StandardCharsets.US_ASCII));
            sshString(blob, key);
            return TYPE + " " + Base64.getEncoder().encodeToString(blob.toByteArray()) + " " + comment;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no Ed25519 key generator: " + e.getMessage(), e);
        }
    }

    /** An SSH wire-format string: a big-endian length, then the bytes. */
    private static void sshString(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
