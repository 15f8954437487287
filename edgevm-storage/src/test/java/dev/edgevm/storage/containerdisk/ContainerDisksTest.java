package dev.edgevm.storage.containerdisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.VmSpec;
import dev.edgevm.storage.testing.LocalRegistry;
import dev.edgevm.storage.testing.QemuImg;
import dev.edgevm.storage.testing.TarEntries;
import dev.edgevm.storage.testing.TestPki;
import dev.edgevm.storage.testing.TarEntries.Entry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ContainerDisksTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    @TempDir
    static Path dir;
    private static Path disk;
    private static String diskSha256;

    @BeforeAll
    static void image() throws Exception {
        byte[] data = new byte[3 << 20]; // a raw disk of 3 MiB: 6144 sectors of recognisable noise
        new Random(3).nextBytes(data);
        data[0] = 0; // a boot sector never starts like a known foreign signature
        disk = Files.write(dir.resolve("cirros.img"), data);
        diskSha256 = sha256(data);
    }

    @Test
    void push_putsTheDiskUnderDisk_ownedByQemu_andPinsTheDigest() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("push"))) {
            String reference = registry.host() + "/edgevm/cirros:0.6";

            BuiltContainerDisk built = ContainerDisks.build(disk).pushTo(reference, RegistryAccess.anonymous().allowInsecure());

            assertThat(built.reference()).isEqualTo(registry.host() + "/edgevm/cirros@" + built.digest());
            HttpResponse<byte[]> manifest = registry.get("/v2/edgevm/cirros/manifests/0.6", OCI_MANIFEST);
            assertThat(manifest.statusCode()).isEqualTo(200);
            assertThat("sha256:" + sha256(manifest.body())).isEqualTo(built.digest());
            JsonNode layers = JSON.readTree(manifest.body()).get("layers");
            assertThat(layers.size()).isEqualTo(1);
            HttpResponse<byte[]> layer = registry.get("/v2/edgevm/cirros/blobs/" + layers.get(0).get("digest").asString(), "*/*");
            assertDiskLayer(new ByteArrayInputStream(layer.body()), "disk/cirros.img");
            assertThat(VmSpec.builder().name("cirros").cpuCores(1).memory("256Mi").rootDisk(built.disk()).build()
                    .rootDisk()).isEqualTo(built.disk());
        }
    }

    @Test
    void push_toAPlainHttpRegistry_isRefused_unlessMarkedInsecure() throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("refuse"))) {
            assertThatThrownBy(() -> ContainerDisks.build(disk).pushTo(registry.host() + "/edgevm/cirros:1", RegistryAccess.anonymous()))
                    .isInstanceOfSatisfying(ContainerDiskException.class, e -> assertThat(e.retryable()).isFalse());

            assertThat(registry.get("/v2/edgevm/cirros/manifests/1", OCI_MANIFEST).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void push_toARegistryWithAPrivateCa_isVerifiedAgainstTheCaGiven() throws Exception {
        TestPki ca = TestPki.newAuthority("registry-ca");
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("tls"), LocalRegistry.Options.tls(ca))) {
            String reference = registry.host() + "/edgevm/cirros:tls";

            // The JVM does not know the CA, and another CA does not vouch for the registry: refused at once.
            assertThatThrownBy(() -> ContainerDisks.build(disk).pushTo(reference, RegistryAccess.anonymous()))
                    .isInstanceOfSatisfying(ContainerDiskException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains(registry.host(), "RegistryAccess.trusting(caPem)");
                    });
            assertThatThrownBy(() -> ContainerDisks.build(disk).pushTo(reference,
                    RegistryAccess.anonymous().trusting(TestPki.newAuthority("someone else").caPem())))
                    .isInstanceOfSatisfying(ContainerDiskException.class, e -> assertThat(e.retryable()).isFalse());
            assertThat(registry.get("/v2/edgevm/cirros/manifests/tls", OCI_MANIFEST).statusCode()).isEqualTo(404);

            BuiltContainerDisk built = ContainerDisks.build(disk).pushTo(reference, RegistryAccess.anonymous().trusting(ca.caPem()));

            assertPushed(registry, "tls", built);
        }
    }

    @Test
    void push_withCredentials_givenOrFromADockerConfig_whileWrongOnesAreRefused() throws Exception {
        TestPki ca = TestPki.newAuthority("registry-auth-ca");
        try (LocalRegistry registry = LocalRegistry.start(dir.resolve("auth"), LocalRegistry.Options.tls(ca).withUser("pusher", "s3cret"))) {
            String repository = registry.host() + "/edgevm/cirros";

            assertThatThrownBy(() -> ContainerDisks.build(disk).pushTo(repository + ":wrong",
                    RegistryAccess.credentials("pusher", "not-it").trusting(ca.caPem())))
                    .isInstanceOfSatisfying(ContainerDiskException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("refused the credentials").doesNotContain("not-it");
                    });
            assertThatThrownBy(() -> ContainerDisks.build(disk).pushTo(repository + ":anonymous", RegistryAccess.anonymous()
                    .trusting(ca.caPem()))).isInstanceOf(ContainerDiskException.class);

            BuiltContainerDisk given = ContainerDisks.build(disk).pushTo(repository + ":given",
                    RegistryAccess.credentials("pusher", "s3cret").trusting(ca.caPem()));
            assertPushed(registry, "given", given);

            Path config = Files.writeString(dir.resolve("docker-config.json"), "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \""
                    + java.util.Base64.getEncoder().encodeToString("pusher:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "\"}}}");
            BuiltContainerDisk fromConfig = ContainerDisks.build(disk).pushTo(repository + ":from-config",
                    RegistryAccess.dockerConfig(config).trusting(ca.caPem()));
            assertPushed(registry, "from-config", fromConfig);
            assertThat(registry.get("/v2/edgevm/cirros/manifests/wrong", OCI_MANIFEST).statusCode()).isEqualTo(404);
        }
    }

    private void assertPushed(LocalRegistry registry, String tag, BuiltContainerDisk built) throws Exception {
        HttpResponse<byte[]> manifest = registry.get("/v2/edgevm/cirros/manifests/" + tag, OCI_MANIFEST);
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat("sha256:" + sha256(manifest.body())).isEqualTo(built.digest());
        JsonNode layers = JSON.readTree(manifest.body()).get("layers");
        HttpResponse<byte[]> layer = registry.get("/v2/edgevm/cirros/blobs/" + layers.get(0).get("digest").asString(), "*/*");
        assertDiskLayer(new ByteArrayInputStream(layer.body()), "disk/cirros.img");
    }

    @Test
    void ociTarball_isAnImageLayout_withTheDiskLayer() throws Exception {
        Path tar = dir.resolve("cirros-oci.tar");

        BuiltContainerDisk built = ContainerDisks.build(disk).writeTarball(tar, "registry.example:5000/vms/cirros:1");

        List<Entry> outer = TarEntries.read(Files.newInputStream(tar));
        assertThat(outer).extracting(Entry::name).contains("oci-layout", "index.json");
        JsonNode index = JSON.readTree(find(outer, "index.json").smallContent());
        String manifestDigest = index.get("manifests").get(0).get("digest").asString();
        assertThat(manifestDigest).isEqualTo(built.digest());
        JsonNode manifest = JSON.readTree(find(outer, "blobs/sha256/" + manifestDigest.substring(7)).smallContent());
        String layerDigest = manifest.get("layers").get(0).get("digest").asString();
        byte[] layer = find(outer, "blobs/sha256/" + layerDigest.substring(7)).smallContent();
        assertDiskLayer(new ByteArrayInputStream(layer), "disk/cirros.img");
        assertThat(built.reference()).isEqualTo("registry.example:5000/vms/cirros@" + built.digest());
        assertThat(built.tarball()).contains(tar);
    }

    @Test
    void dockerTarball_loadsWithDockerLoad_andIsReproducible() throws Exception {
        Path first = dir.resolve("cirros-docker-1.tar");
        Path second = dir.resolve("cirros-docker-2.tar");
        ContainerDiskBuilder builder = ContainerDisks.build(disk).format(ContainerImageFormat.DOCKER);

        BuiltContainerDisk one = builder.writeTarball(first, "vms/cirros:1");
        BuiltContainerDisk two = builder.writeTarball(second, "vms/cirros:1");

        assertThat(one.digest()).isEqualTo(two.digest());
        List<Entry> outer = TarEntries.read(Files.newInputStream(first));
        JsonNode manifest = JSON.readTree(find(outer, "manifest.json").smallContent());
        String layerFile = manifest.get(0).get("Layers").get(0).asString();
        assertDiskLayer(new ByteArrayInputStream(find(outer, layerFile).smallContent()), "disk/cirros.img");
    }

    @Test
    void nonImages_overlaysAndOtherFormats_areRefusedBeforeAnythingIsBuilt() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519.pub"), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBOx user@host\n");
        assertThatThrownBy(() -> ContainerDisks.build(key)).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("SSH public key")));

        QemuImg.assumeInstalled();
        QemuImg.run(dir, "create", "-q", "-f", "qcow2", "base.qcow2", "64M");
        QemuImg.run(dir, "create", "-q", "-f", "qcow2", "-b", "base.qcow2", "-F", "qcow2", "overlay.qcow2");
        QemuImg.run(dir, "create", "-q", "-f", "vdi", "disk.vdi", "64M");
        assertThatThrownBy(() -> ContainerDisks.build(dir.resolve("overlay.qcow2"))).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("backing file 'base.qcow2'")));
        assertThatThrownBy(() -> ContainerDisks.build(dir.resolve("disk.vdi"))).isInstanceOfSatisfying(InvalidSpecException.class,
                e -> assertThat(e.violations()).singleElement().satisfies(v -> assertThat(v.message()).contains("raw or qcow2")));
        assertThat(ContainerDisks.build(dir.resolve("base.qcow2")).pathInImage()).isEqualTo("/disk/base.qcow2");
    }

    private void assertDiskLayer(InputStream gzippedLayer, String path) throws IOException {
        List<Entry> entries = TarEntries.read(new GZIPInputStream(gzippedLayer));
        Entry file = entries.stream().filter(e -> e.name().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + path + " in the layer: " + entries));
        assertThat(file.type()).isEqualTo('0');
        assertThat(file.uid()).isEqualTo(107);
        assertThat(file.gid()).isEqualTo(107);
        assertThat(file.mode() & 0777).isEqualTo(0440);
        assertThat(file.size()).isEqualTo(Files.size(disk));
        assertThat(file.sha256()).isEqualTo(diskSha256);
        assertThat(entries).filteredOn(e -> e.type() == '0').hasSize(1);
    }

    private static Entry find(List<Entry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + entries.stream().map(Entry::name).toList()));
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
