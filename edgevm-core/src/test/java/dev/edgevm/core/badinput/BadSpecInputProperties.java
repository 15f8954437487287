package dev.edgevm.core.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.Violation;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.core.disk.UploadedDisk;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated bad and edge-case input for the spec builders. Whether a value is valid is decided by
 * how it was made ({@link Inputs}: built within Kubernetes' rules, or breaking one of them) or by
 * Kubernetes' rules written out independently ({@link KubernetesGrammar}), never by the SDK's own
 * parsers. Every invalid value is refused with a violation at its own path, and only there; every
 * valid one is accepted; nothing else is thrown (no NullPointerException), and no secret is echoed.
 *
 * <p>The seed is fixed, so a run is repeatable; the tries are many and the generators broad.
 * To explore further, run with another seed ({@code @Property(seed = ...)}).
 */
class BadSpecInputProperties {

    static final String SEED = "20261207";
    private static final BigDecimal ONE_MIB = BigDecimal.valueOf(1L << 20);

    private static Path image;

    @BeforeContainer
    static void writeImage() throws IOException {
        image = Files.write(Files.createTempFile("bad-spec", ".img"), new byte[512]);
    }

    @AfterContainer
    static void deleteImage() throws IOException {
        Files.deleteIfExists(image);
    }

    private static VmSpec.Builder valid() {
        return VmSpec.builder().name("vm").memory("1Gi").rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"));
    }

    /**
     * Builds, returning the paths of the violations (empty when the spec is valid); any other
     * exception fails. The message names every violation on a line of its own (control
     * characters in a bad key are shown escaped, so they cannot break a line).
     */
    private static List<String> paths(Runnable build) {
        try {
            build.run();
            return List.of();
        } catch (InvalidSpecException e) {
            assertThat(e.violations()).isNotEmpty();
            assertThat(e.getMessage().lines().filter(l -> l.startsWith("  - ")).count()).as(e.getMessage()).isEqualTo(e.violations().size());
            e.violations().stream().filter(v -> v.path().chars().noneMatch(Character::isISOControl))
                    .forEach(v -> assertThat(e.getMessage()).contains("  - " + v.path() + ": "));
            return e.violations().stream().map(Violation::path).collect(Collectors.toList());
        }
    }

    /** Refused at {@code path} and nowhere else (once per problem found there) when invalid, accepted when valid. */
    private static void judged(Inputs.Sample sample, String path, List<String> rejected) {
        if (sample.valid()) {
            assertThat(rejected).as(sample.toString()).isEmpty();
        } else {
            assertThat(rejected).as(sample.toString()).isNotEmpty().containsOnly(path);
        }
    }

    // ---- names

    @Provide
    Arbitrary<Inputs.Sample> names() {
        return Inputs.either(Inputs.dns1123Labels(), Inputs.notDns1123Labels());
    }

    @Property(tries = 400, seed = SEED)
    void names_madeValidAreAccepted_madeInvalidAreRefusedAtName(@ForAll("names") Inputs.Sample name) {
        judged(name, "name", paths(() -> valid().name(name.value()).build()));
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("abcXYZ019-_. /:@").ofMaxLength(70),
                Arbitraries.strings().withChars("az09-").ofMaxLength(70),
                Arbitraries.of("", " ", "-", "a-", "-a", "A", "a.b", "a_b", "\u00e9t\u00e9", "\n", "null"));
    }

    @Property(tries = 300, seed = SEED)
    void names_anyText_isJudgedAsKubernetesJudgesLabels(@ForAll("anyText") String name) {
        judged(new Inputs.Sample(name, KubernetesGrammar.isDns1123Label(name)), "name", paths(() -> valid().name(name).build()));
    }

    // ---- memory

    @Provide
    Arbitrary<Inputs.Sample> memory() {
        return Inputs.either(Inputs.memoryQuantities(),
                Arbitraries.oneOf(Inputs.notQuantities(), Inputs.notPositiveQuantities(), Inputs.tooLittleMemory()));
    }

    @Property(tries = 400, seed = SEED)
    void memory_madeValidIsAccepted_madeInvalidIsRefusedAtMemory(@ForAll("memory") Inputs.Sample memory) {
        judged(memory, "memory", paths(() -> valid().memory(memory.value()).build()));
    }

    @Property(tries = 300, seed = SEED)
    void memory_anyText_isAcceptedExactlyWhenAQuantityOfAtLeast1Mi(@ForAll("anyText") String memory) {
        boolean enough = KubernetesGrammar.quantity(memory).map(q -> q.compareTo(ONE_MIB) >= 0).orElse(false);
        judged(new Inputs.Sample(memory, enough), "memory", paths(() -> valid().memory(memory).build()));
    }

    @Property(tries = 300, seed = SEED)
    void quantities_neverThrowWhenTried_andKeepTheirText(@ForAll("anyText") String text) {
        Quantity.tryParse(text).ifPresent(q -> assertThat(q.toString()).isEqualTo(text));
        assertThat(Quantity.tryParse(text).isPresent()).as(text).isEqualTo(KubernetesGrammar.quantity(text).isPresent());
    }

    // ---- SR-IOV addresses, gateways and MACs

    @Provide
    Arbitrary<Inputs.Sample> addresses() {
        return Inputs.either(Inputs.hostCidrs(), Inputs.notHostCidrs());
    }

    @Provide
    Arbitrary<Inputs.Sample> macs() {
        return Inputs.either(Inputs.unicastMacs(), Inputs.notUsableMacs());
    }

    /** A gateway for the address: valid ones are in its /24 but not the address itself; invalid ones are no address, or outside it. */
    @Provide
    Arbitrary<Inputs.Sample> gateways() {
        return Inputs.either(Arbitraries.integers().between(1, 254).map(h -> "10.20.30." + h),
                Arbitraries.oneOf(Inputs.notIpAddresses(), Arbitraries.integers().between(1, 254).map(h -> "10.20.31." + h)));
    }

    @Property(tries = 300, seed = SEED)
    void sriovAddressesAndMacs_eachInvalidOneIsRefusedAtItsOwnPath(@ForAll("addresses") Inputs.Sample address,
                                                                    @ForAll("macs") Inputs.Sample mac) {
        List<String> rejected = paths(() -> valid().sriovNic(n -> n.network("sriov-net").address(address.value()).macAddress(mac.value()))
                .build());
        assertThat(rejected).as(address + ", " + mac).isSubsetOf("networks[0].addresses[0]", "networks[0].macAddress");
        assertThat(rejected.contains("networks[0].addresses[0]")).as(address.toString()).isEqualTo(!address.valid());
        assertThat(rejected.contains("networks[0].macAddress")).as(mac.toString()).isEqualTo(!mac.valid());
    }

    @Property(tries = 200, seed = SEED)
    void gateways_invalidOrOutsideTheSubnet_areRefusedAtGateway(@ForAll("gateways") Inputs.Sample gateway,
                                                                @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 254) int host) {
        String address = "10.20.30." + host + "/24";
        List<String> rejected = paths(() -> valid().sriovNic(n -> n.network("sriov-net").address(address).gateway(gateway.value())).build());
        if (gateway.valid() && !gateway.value().equals("10.20.30." + host)) {
            assertThat(rejected).as(gateway.toString()).isEmpty();
        } else if (!gateway.valid()) {
            assertThat(rejected).as(gateway.toString()).containsExactly("networks[0].gateway");
        }
    }

    // ---- labels and annotations

    @Provide
    Arbitrary<Inputs.Sample> labelKeys() {
        return Inputs.either(Inputs.qualifiedNames(), Inputs.notQualifiedNames());
    }

    @Provide
    Arbitrary<Inputs.Sample> labelValues() {
        return Inputs.either(Inputs.labelValues(), Inputs.notLabelValues());
    }

    @Property(tries = 400, seed = SEED)
    void labels_keysAndValues_areJudgedByKubernetesRules_atTheLabelsPath(@ForAll("labelKeys") Inputs.Sample key,
                                                                         @ForAll("labelValues") Inputs.Sample value) {
        List<String> rejected = paths(() -> valid().label(key.value(), value.value()).build());
        if (key.valid() && value.valid()) {
            assertThat(rejected).as(key + " = " + value).isEmpty();
        } else {
            assertThat(rejected).as(key + " = " + value).isNotEmpty().containsOnly("labels[" + key.value() + "]");
        }
    }

    @Property(tries = 300, seed = SEED)
    void annotations_keysAreJudgedByKubernetesRules_valuesAreFree(@ForAll("labelKeys") Inputs.Sample key, @ForAll("anyText") String value) {
        judged(key, "annotations[" + key.value() + "]", paths(() -> valid().annotation(key.value(), value).build()));
    }

    @Property(tries = 200, seed = SEED)
    void labelKeys_anyText_isJudgedAsKubernetesJudgesQualifiedNames(@ForAll("anyText") String key) {
        boolean valid = KubernetesGrammar.isQualifiedName(key);
        List<String> rejected = paths(() -> valid().label(key, "v").build());
        assertThat(rejected.isEmpty()).as(key).isEqualTo(valid);
    }

    // ---- SSH keys: validated, never echoed

    @Provide
    Arbitrary<String> keyTypes() {
        return Arbitraries.of("ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256");
    }

    @Property(tries = 200, seed = SEED)
    void sshKeys_wellFormedAreAccepted(@ForAll("keyTypes") String type, @ForAll @net.jqwik.api.constraints.Size(min = 8, max = 64) List<Byte> key) {
        String line = type + " " + Base64.getEncoder().encodeToString(sshBlob(type, key)) + " someone@somewhere";
        assertThat(paths(() -> valid().cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey(line))).build())).as(line).isEmpty();
    }

    @Property(tries = 200, seed = SEED)
    void sshKeys_whoseDataIsNoKey_areRefusedWithoutEchoingIt(@ForAll("keyTypes") String type,
                                                            @ForAll @net.jqwik.api.constraints.Size(min = 6, max = 150) List<Byte> data) {
        byte[] blob = toArray(data);
        blob[0] = (byte) (blob[0] | 0x10); // a length of over 64 KiB for the type: no key starts so
        String encoded = Base64.getEncoder().encodeToString(blob);
        String line = type + " " + encoded + " someone@somewhere";
        try {
            valid().cloudInit(c -> c.user(u -> u.name("root").sshAuthorizedKey(line))).build();
            throw new AssertionError("accepted " + line);
        } catch (InvalidSpecException e) {
            assertThat(e.violations()).extracting(Violation::path).containsExactly("cloudInit.users[0].sshAuthorizedKeys[0]");
            assertThat(e.getMessage()).doesNotContain(encoded);
        }
    }

    /** An SSH public key blob: the type as an SSH string, then key material as another. */
    private static byte[] sshBlob(String type, List<Byte> key) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(8 + name.length + key.size()).putInt(name.length).put(name).putInt(key.size()).put(toArray(key)).array();
    }

    private static byte[] toArray(List<Byte> bytes) {
        byte[] array = new byte[bytes.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = bytes.get(i);
        }
        return array;
    }

    // ---- uploaded disks: sizes and paths

    @Provide
    Arbitrary<Inputs.Sample> diskSizes() {
        return Inputs.either(Inputs.positiveQuantities(), Arbitraries.oneOf(Inputs.notQuantities(), Inputs.notPositiveQuantities()));
    }

    @Property(tries = 200, seed = SEED)
    void uploadSizes_invalidOnesAreRefusedAtTheRootDiskSize(@ForAll("diskSizes") Inputs.Sample size) {
        judged(size, "rootDisk.size", paths(() -> valid().rootDisk(UploadedDisk.of(image).size(size.value())).build()));
    }

    @Provide
    Arbitrary<Path> notImages() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcxyz019-_.").ofMinLength(1).ofMaxLength(30).map(n -> image.resolveSibling("missing-" + n)),
                Arbitraries.just(image.getParent()));
    }

    @Property(tries = 100, seed = SEED)
    void uploadPaths_thatAreNoFile_areRefusedAtTheImagePath_alongWithABadSize(@ForAll("notImages") Path path, @ForAll("diskSizes") Inputs.Sample size) {
        List<String> rejected = paths(() -> valid().rootDisk(UploadedDisk.of(path).size(size.value())).build());
        assertThat(rejected).as(path + ", size " + size).contains("rootDisk.imagePath");
        assertThat(rejected.contains("rootDisk.size")).as(size.toString()).isEqualTo(!size.valid());
    }

    // ---- run strategies: KubeVirt's names, and none

    /** KubeVirt's run strategies, as its API documents them. */
    private static final Set<String> KUBEVIRT_RUN_STRATEGIES = Set.of("Always", "Halted", "Manual", "RerunOnFailure", "Once");

    @Provide
    Arbitrary<String> runStrategyNames() {
        return Arbitraries.oneOf(Arbitraries.of(KUBEVIRT_RUN_STRATEGIES), Arbitraries.of(KUBEVIRT_RUN_STRATEGIES).map(s -> s.toLowerCase(Locale.ROOT)),
                Combinators.combine(Arbitraries.of(KUBEVIRT_RUN_STRATEGIES), Arbitraries.of(" ", "-", "s", "_")).as(String::concat),
                anyText());
    }

    @Property(tries = 150, seed = SEED)
    void runStrategies_areReadExactlyFromKubeVirtsNames_andEachBuilds(@ForAll("runStrategyNames") String text) {
        boolean kubevirt = KUBEVIRT_RUN_STRATEGIES.stream().anyMatch(s -> s.equalsIgnoreCase(text));
        assertThat(RunStrategy.fromWireName(text).isPresent()).as(text).isEqualTo(kubevirt);
        RunStrategy.fromWireName(text).ifPresent(r -> {
            assertThat(r.wireName()).isEqualToIgnoringCase(text);
            assertThat(paths(() -> valid().runStrategy(r).build())).isEmpty();
        });
    }

    @Example
    void aMissingRunStrategy_isRefusedAtRunStrategy() {
        assertThat(paths(() -> valid().runStrategy(null).build())).containsExactly("runStrategy");
    }

    @Example
    void nulls_areReportedNotThrown() {
        assertThat(paths(() -> VmSpec.builder().name(null).memory((String) null).rootDisk((dev.edgevm.core.disk.Disk) null).build()))
                .containsExactlyInAnyOrder("name", "memory", "rootDisk");
        // a null key and a null value: each reported, both at the label's path
        assertThat(paths(() -> valid().label(null, null).build())).isNotEmpty().containsOnly("labels[null]");
        assertThat(paths(() -> valid().rootDisk(ContainerDisk.builder().image(null)).build())).containsExactly("rootDisk.image");
        assertThat(paths(() -> valid().sriovNic(n -> n.network(null).address((String) null).gateway((String) null)).build()))
                .contains("networks[0].network");
    }
}
