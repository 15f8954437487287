package dev.edgevm.core.cloudinit;

import dev.edgevm.core.InvalidSpecException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An OpenSSH public key as written in {@code authorized_keys} or {@code ~/.ssh/id_*.pub}:
 * {@code <type> <base64 key data> [comment]}. Parsing checks that the data decodes and that the
 * type embedded in it matches the declared one, the usual sign of a key pasted wrongly.
 * {@link #toString()} shows only the type and fingerprint.
 */
public final class SshPublicKey {

    private static final Set<String> TYPES = Set.of("ssh-rsa", "ssh-ed25519", "ssh-dss",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");

    private final String type;
    private final byte[] blob;
    private final String comment;

    private SshPublicKey(String type, byte[] blob, String comment) {
        this.type = type;
        this.blob = blob;
        this.comment = comment;
    }

    public static SshPublicKey parse(String line) {
        return tryParse(line).orElseThrow(() -> InvalidSpecException.of("SSH public key", "", problem(line)));
    }

    public static Optional<SshPublicKey> tryParse(String line) {
        return problem(line) == null ? Optional.of(read(line)) : Optional.empty();
    }

    /** Why {@code line} is not a usable public key, or null if it is one. Never repeats the key data. */
    public static String problem(String line) {
        if (line == null || line.isBlank()) {
            return "must not be empty; give a public key line such as the content of ~/.ssh/id_ed25519.pub";
        }
        String[] parts = line.strip().split("\\s+", 3);
        if (line.contains("PRIVATE KEY")) {
            return "this is a private key; give the public key (the .pub file)";
        }
        if (!TYPES.contains(parts[0])) {
            // The unknown token is not repeated: in a pasted line without a type it is the key data itself.
            return "the line does not start with a known key type; expected one of ssh-ed25519, ssh-rsa,"
                    + " ecdsa-sha2-nistp256/384/521, sk-ssh-ed25519@openssh.com (key options before the type are not supported)";
        }
        if (parts.length < 2) {
            return "the " + parts[0] + " key has no key data after its type";
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return "the " + parts[0] + " key data is not valid base64";
        }
        String embedded = embeddedType(blob);
        if (embedded == null) {
            return "the " + parts[0] + " key data is truncated or not an SSH key";
        }
        if (!embedded.equals(parts[0])) {
            return "the key is declared as " + parts[0] + " but its data is a " + shorten(embedded) + " key";
        }
        return null;
    }

    private static SshPublicKey read(String line) {
        String[] parts = line.strip().split("\\s+", 3);
        return new SshPublicKey(parts[0], Base64.getDecoder().decode(parts[1]), parts.length > 2 ? parts[2] : null);
    }

    // The key blob starts with the key type as an SSH string: a big-endian uint32 length, then the bytes.
    private static String embeddedType(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int len = ByteBuffer.wrap(blob, 0, 4).getInt();
        if (len <= 0 || len > 64 || 4 + len > blob.length) {
            return null;
        }
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    public String type() {
        return type;
    }

    public Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    /** {@code SHA256:...}, as {@code ssh-keygen -lf} prints it. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The key as an {@code authorized_keys} line. */
    public String toAuthorizedKeysLine() {
        return type + " " + Base64.getEncoder().encodeToString(blob) + (comment == null ? "" : " " + comment);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshPublicKey k && k.type.equals(type) && java.util.Arrays.equals(k.blob, blob);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, java.util.Arrays.hashCode(blob));
    }

    @Override
    public String toString() {
        return type + " " + fingerprint();
    }
}
