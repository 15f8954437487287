package dev.edgevm.storage.image;

/** How a qcow2 (or LUKS) image is encrypted, as {@code qemu-img info} names it. */
public enum Encryption {
    /** qcow2's legacy built-in AES-CBC ({@code crypt_method} 1). */
    AES("aes"),
    /** LUKS, inside qcow2 ({@code crypt_method} 2) or as the whole file. */
    LUKS("luks");

    private final String qemuName;

    Encryption(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The name {@code qemu-img info} prints under {@code encrypt.format}. */
    public String qemuName() {
        return qemuName;
    }
}
