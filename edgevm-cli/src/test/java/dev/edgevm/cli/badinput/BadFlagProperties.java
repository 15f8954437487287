package dev.edgevm.cli.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.cli.Cli;
import dev.edgevm.core.badinput.Inputs;
import dev.edgevm.core.badinput.KubernetesGrammar;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.VirtualMachineInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Generated bad and edge-case command-line flags. Whether a value is valid is decided by how it was
 * made ({@link Inputs}: within Kubernetes' rules, or breaking one) or by the rules written out in
 * the test ({@link KubernetesGrammar}, KubeVirt's names for run strategies and page sizes), never
 * by the SDK's own parsers. Every invalid value is refused with exit 2, the flag (or the spec path
 * it sets) named in the one message, no stack trace, no key material echoed, and not one request
 * sent to the cluster. Valid edge cases may do whatever the command does, but never fail with a
 * stack trace.
 *
 * <p>Each try starts from an empty cluster: whatever a valid one deployed is deleted after it, and
 * the request count is reset before the next. The seed is fixed, so a run is repeatable.
 *
 * <p>A value that reads as an option ({@code -v}, {@code --help}) is refused by picocli before the
 * spec is looked at, with a usage error naming that flag alone; the generators leave such values
 * out, and {@link #optionNamesGivenAsValues_areRefusedNamingTheirFlag} covers them one flag at a time.
 */
class BadFlagProperties {

    private static final String SEED = "20261207";
    /** KubeVirt's spellings, read case-insensitively from a command line. */
    private static final Set<String> RUN_STRATEGIES = Set.of("always", "halted", "manual", "rerunonfailure", "once");
    private static final Set<String> PAGE_SIZES = Set.of("2mi", "1gi");
    private static final Set<String> POD_BINDINGS = Set.of("masquerade", "bridge");
    private static final BigDecimal ONE_MIB = BigDecimal.valueOf(1L << 20);

    private static final String IMAGE = "kubevirt/cirros-registry-disk-demo";
    private static final AtomicLong FILES = new AtomicLong();
    private static final Pattern OPTION_AS_VALUE = Pattern.compile("\\Aerror: Expected parameter for option '(--?[a-z-]+)' but found '-");

    private static EmbeddedEdgeCluster cluster;
    private static Path dir;

    @BeforeContainer
    static void startCluster() throws IOException {
        cluster = EmbeddedEdgeCluster.builder().start();
        dir = Files.createTempDirectory("bad-flags");
    }

    @AfterContainer
    static void stopCluster() throws IOException {
        cluster.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeTry
    void startFromAnEmptyCluster() {
        assertThat(cluster.client().resources(VirtualMachine.class).inAnyNamespace().list().getItems())
                .as("VMs left by an earlier try").isEmpty();
        cluster.requests().reset();
    }

    /** Deletes what a valid try deployed, so that the next try finds the cluster as this one did. */
    @AfterTry
    void removeWhatTheTryMade() {
        if (cluster.requests().writes() == 0) {
            return;
        }
        KubernetesClient client = cluster.client();
        List<HasMetadata> made = new ArrayList<>();
        made.addAll(client.resources(VirtualMachine.class).inAnyNamespace().list().getItems());
        made.addAll(client.resources(VirtualMachineInstance.class).inAnyNamespace().list().getItems());
        made.addAll(client.secrets().inAnyNamespace().withLabel("app.kubernetes.io/managed-by", "edgevm").list().getItems());
        for (HasMetadata o : made) {
            client.resource(o).withGracePeriod(0).delete();
        }
        for (HasMetadata o : made) {
            client.resource(o).waitUntilCondition(gone -> gone == null, 60, TimeUnit.SECONDS);
        }
    }

    // ---- deploy: one flag at a time

    @Property(tries = 100, seed = SEED)
    void names(@ForAll("names") Inputs.Sample name) {
        Cli.Result r = deploy(Map.of("--name", name.value()));
        expect(r, !name.valid(), "  - --name: ");
    }

    @Property(tries = 80, seed = SEED)
    void names_anyText(@ForAll("text") String name) {
        Cli.Result r = deploy(Map.of("--name", name));
        expect(r, !KubernetesGrammar.isDns1123Label(name), "  - --name: ");
    }

    @Property(tries = 100, seed = SEED)
    void memory(@ForAll("memory") Inputs.Sample memory) {
        Cli.Result r = deploy(Map.of("--memory", memory.value()));
        expect(r, !memory.valid(), "  - --memory: ");
    }

    @Property(tries = 80, seed = SEED)
    void memory_anyText(@ForAll("quantities") String memory) {
        Cli.Result r = deploy(Map.of("--memory", memory));
        boolean valid = KubernetesGrammar.quantity(memory).filter(q -> q.compareTo(ONE_MIB) >= 0).isPresent();
        expect(r, !valid, "  - --memory: ");
    }

    @Property(tries = 60, seed = SEED)
    void cores(@ForAll("cores") String cores) {
        Cli.Result r = deploy(Map.of("--cores", cores));
        Integer parsed = integerOrNull(cores);
        // Not a number is picocli's usage error naming the option; a number below 1 is the spec's.
        expect(r, parsed == null || parsed < 1, "'--cores'", "  - --cores: ");
    }

    @Property(tries = 80, seed = SEED)
    void hugepages(@ForAll("pageSizes") String size) {
        Cli.Result r = deploy(Map.of("--hugepages", size));
        expect(r, !PAGE_SIZES.contains(size.toLowerCase(Locale.ROOT)), "  - --hugepages: ");
    }

    @Property(tries = 80, seed = SEED)
    void runStrategies(@ForAll("runStrategyNames") String strategy) {
        Cli.Result r = deploy(Map.of("--run-strategy", strategy));
        expect(r, !RUN_STRATEGIES.contains(strategy.toLowerCase(Locale.ROOT)), "  - --run-strategy: ");
    }

    @Property(tries = 150, seed = SEED)
    void sriovAddressesGatewaysAndMacs(@ForAll("sriov") Sriov nic) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--sriov", "sriov-openness-vm");
        flags.put("--sriov-address", nic.address().value());
        flags.put("--sriov-gateway", nic.gateway().value());
        flags.put("--sriov-mac", nic.mac().value());
        Cli.Result r = deploy(flags);

        List<String[]> named = new ArrayList<>();
        if (!nic.address().valid()) {
            named.add(new String[] {"  - --sriov-address: "});
        }
        if (!nic.gateway().valid()) {
            named.add(new String[] {"  - --sriov-gateway: "});
        }
        if (!nic.mac().valid()) {
            named.add(new String[] {"  - --sriov-mac: "});
        }
        if (named.isEmpty()) {
            // Valid flags: the deploy goes as far as the cluster lets it (this one has no such SR-IOV network), never
            // refusing the address, gateway or MAC.
            assertNoStackTrace(r);
            assertThat(r.err()).as(r.toString()).doesNotContain("  - --sriov-address", "  - --sriov-gateway", "  - --sriov-mac");
        } else {
            assertRejected(r, named);
        }
    }

    @Property(tries = 40, seed = SEED)
    void podNetworks(@ForAll("podNetworkNames") String binding) {
        Cli.Result r = deploy(Map.of("--pod-network", binding));
        expect(r, !POD_BINDINGS.contains(binding.toLowerCase(Locale.ROOT)), "  - --pod-network: ");
    }

    @Property(tries = 60, seed = SEED)
    void optionNamesGivenAsValues_areRefusedNamingTheirFlag(@ForAll("valuedFlags") String flag, @ForAll("optionNames") String option) {
        Cli.Result r = deploy(Map.of(flag, option));
        // picocli reads the value as the option it names, and refuses the flag that lacks its value: that flag is the one named.
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        Matcher refusal = OPTION_AS_VALUE.matcher(r.err());
        assertThat(refusal.find()).as(r.toString()).isTrue();
        assertThat(refusal.group(1)).as(r.toString()).isEqualTo(flag);
        assertThat(r.err()).as(r.toString()).contains("Try 'edgevm ");
        assertNoStackTrace(r);
        assertNothingSent(r);
    }

    // ---- files: key files whose content must not be echoed, images that are no disk images

    @Property(tries = 60, seed = SEED)
    void sshKeyFiles_thatCannotBeUsed_areNamed_andTheirContentNeverShown(@ForAll("keyFiles") KeyFile key) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--user", "root");
        flags.put("--ssh-key-file", key.path().toString());
        Cli.Result r = deploy(flags);

        assertRejected(r, List.<String[]>of(new String[] {"--ssh-key-file", "  - --ssh-key-file (cloudInit.users[0].sshAuthorizedKeys["}));
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(key.secret());
    }

    @Property(tries = 30, seed = SEED)
    void rawUserData_withAPassword_isRefusedWithUser_withoutShowingIt(@ForAll("secrets") String password) {
        Path userData = file("#cloud-config\npassword: " + password + "\nchpasswd: { expire: False }\n");
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--user-data-file", userData.toString());
        flags.put("--user", "root");
        Cli.Result r = deploy(flags);

        assertRejected(r, List.<String[]>of(new String[] {"  - --user-data-file: "}));
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(password);
    }

    @Property(tries = 60, seed = SEED)
    void uploadedImages_andDiskSizes(@ForAll("notDiskImages") Path image, @ForAll("quantities") String size) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--container-disk", null);
        flags.put("--upload-image", image.toString());
        flags.put("--disk-size", size);
        Cli.Result r = deploy(flags);

        List<String[]> named = new ArrayList<>();
        named.add(new String[] {"  - --upload-image: ", "  - rootDisk.imagePath: "});
        if (!isPositiveQuantity(size)) {
            named.add(new String[] {"  - --disk-size: ", "  - rootDisk.size: "});
        }
        assertRejected(r, named);
    }

    // ---- several bad flags at once: each is named in the one message

    // Shrinking a flat-mapped set of filtered values costs minutes; the failing sample is reported as generated.
    @Property(tries = 100, seed = SEED, shrinking = ShrinkingMode.OFF)
    void everyBadFlagOfOneDeploy_isNamed(@ForAll("badFlagSets") List<BadValue> bad) {
        Map<String, String> flags = new LinkedHashMap<>();
        bad.forEach(b -> flags.putAll(b.flag().flags(b.value())));
        Cli.Result r = deploy(flags);

        assertRejected(r, bad.stream().map(b -> b.flag().named()).toList());
        assertThat(r.err()).as(r.toString()).containsPattern("Invalid VmSpec( .*)?: \\d+ problems?\n");
        long listed = r.err().lines().filter(l -> l.startsWith("  - ")).count();
        assertThat(listed).as(r.toString()).isGreaterThanOrEqualTo(bad.size());
    }

    // ---- other commands that take names, sizes and paths

    @Property(tries = 100, seed = SEED)
    void upload(@ForAll("text") String dv, @ForAll("notDiskImages") Path image, @ForAll("quantities") String size,
                @ForAll("uploadExtras") Map<String, String> extras) {
        List<String> args = new ArrayList<>(List.of("upload", "--dv=" + dv, "--image=" + image, "--size=" + size));
        extras.forEach((flag, value) -> args.add(flag + "=" + value));
        Cli.Result r = Cli.on(cluster, args.toArray(String[]::new));

        // The image is never one CDI could take: every try is refused, with each bad flag named.
        List<String[]> named = new ArrayList<>();
        named.add(new String[] {"  - --image: "});
        if (!KubernetesGrammar.isDns1123Label(dv)) {
            named.add(new String[] {"  - --dv: "});
        }
        if (!isPositiveQuantity(size)) {
            named.add(new String[] {"  - --size: "});
        }
        String storageClass = extras.get("--storage-class");
        if (storageClass != null && !KubernetesGrammar.isDns1123Subdomain(storageClass)) {
            named.add(new String[] {"  - --storage-class: "});
        }
        String proxy = extras.get("--uploadproxy-url");
        if (proxy != null && !proxy.regionMatches(true, 0, "https://", 0, "https://".length())) {
            named.add(new String[] {"  - --uploadproxy-url: "});
        }
        String namespace = extras.get("--namespace");
        if (namespace != null && !KubernetesGrammar.isDns1123Label(namespace)) {
            named.add(new String[] {"  - --namespace: "});
        }
        assertRejected(r, named);
    }

    @Property(tries = 100, seed = SEED)
    void snapshotTake(@ForAll("text") String vm, @ForAll("text") String snapshot) {
        Cli.Result r = Cli.on(cluster, "snapshot", "take", "--", vm, snapshot);
        List<String[]> named = new ArrayList<>();
        if (!KubernetesGrammar.isDns1123Label(vm)) {
            named.add(new String[] {"  - vm: "});
        }
        if (!KubernetesGrammar.isDns1123Label(snapshot)) {
            named.add(new String[] {"  - name: "});
        }
        if (named.isEmpty()) {
            assertThat(r.exitCode()).as("no such VM, which is not a usage error\n" + r).isNotEqualTo(2);
            assertNoStackTrace(r);
        } else {
            assertRejected(r, named);
        }
    }

    @Property(tries = 100, seed = SEED)
    void vmCommands(@ForAll("vmCommandNames") String command, @ForAll("text") String vm, @ForAll("namespaces") String namespace) {
        Cli.Result r = Cli.on(cluster, command, "--namespace=" + namespace, "--", vm);
        List<String[]> named = new ArrayList<>();
        // The namespace is checked first: with a bad one, the name is not looked at.
        if (!KubernetesGrammar.isDns1123Label(namespace)) {
            named.add(new String[] {"  - namespace: "});
        } else if (!KubernetesGrammar.isDns1123Label(vm)) {
            named.add(new String[] {"  - name: "});
        }
        if (named.isEmpty()) {
            assertThat(r.exitCode()).as(r.toString()).isNotEqualTo(2);
            assertNoStackTrace(r);
        } else {
            assertRejected(r, named);
        }
    }

    // ---- running and judging

    /** {@code deploy} with a valid spec's flags, each of {@code overrides} replacing (or with null, removing) one. */
    private static Cli.Result deploy(Map<String, String> overrides) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("--name", "edge-vm");
        flags.put("--memory", "1Gi");
        flags.put("--container-disk", IMAGE);
        flags.putAll(overrides);
        List<String> args = new ArrayList<>(List.of("deploy"));
        flags.forEach((flag, value) -> {
            if (value != null) {
                args.add(flag + "=" + value);
            }
        });
        return Cli.on(cluster, args.toArray(String[]::new));
    }

    /** When {@code invalid}: refused as {@link #assertRejected} says, naming the flag by one of {@code markers}. */
    private static void expect(Cli.Result r, boolean invalid, String... markers) {
        if (invalid) {
            assertRejected(r, List.<String[]>of(markers));
        } else {
            assertNoStackTrace(r);
        }
    }

    /** Exit 2, every one of {@code named} in the message (each by any one of its markers), no stack trace, nothing sent. */
    private static void assertRejected(Cli.Result r, List<String[]> named) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        for (String[] markers : named) {
            assertThat(Stream.of(markers).anyMatch(r.err()::contains)).as("one of " + List.of(markers) + " in\n" + r).isTrue();
        }
        assertNoStackTrace(r);
        assertNothingSent(r);
    }

    private static boolean isPositiveQuantity(String text) {
        return KubernetesGrammar.quantity(text).filter(q -> q.signum() > 0).isPresent();
    }

    /** Whether picocli would read the text as an option rather than as a value: '-' or '--' and a letter. */
    private static boolean looksLikeOption(String text) {
        return text.length() > 1 && text.charAt(0) == '-' && (Character.isLetter(text.charAt(1)) || text.charAt(1) == '-');
    }

    private static void assertNoStackTrace(Cli.Result r) {
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    private static void assertNothingSent(Cli.Result r) {
        assertThat(cluster.requests().count()).as("requests the cluster received for\n" + r).isZero();
    }

    private static Integer integerOrNull(String text) {
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Path file(String content) {
        return file(content.getBytes(StandardCharsets.UTF_8));
    }

    private static Path file(byte[] content) {
        try {
            return Files.write(dir.resolve("f" + FILES.incrementAndGet()), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- generators

    /** Short text of every kind: names almost right, names plainly wrong, unicode; no option look-alikes (see the class). */
    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abz09-").ofMinLength(1).ofMaxLength(70),
                Arbitraries.strings().withChars("abcXYZ019-_. /:@").ofMaxLength(30),
                Arbitraries.strings().ofMaxLength(20).filter(s -> s.indexOf('\0') < 0),
                Arbitraries.of("", " ", "-", "a-", "-1", "A", "vm_1", "vm.1", "\u00e9t\u00e9", "a\nb",
                        "a".repeat(63), "a".repeat(64), "null", "\ttab", "@.", "@/nonexistent"))
                .filter(s -> !looksLikeOption(s));
    }

    @Provide
    Arbitrary<Inputs.Sample> names() {
        return Inputs.either(Inputs.dns1123Labels(), Inputs.notDns1123Labels().filter(s -> !looksLikeOption(s)));
    }

    @Provide
    Arbitrary<Inputs.Sample> memory() {
        return Inputs.either(Inputs.memoryQuantities(), Arbitraries.oneOf(Inputs.notQuantities(), Inputs.notPositiveQuantities(),
                Inputs.tooLittleMemory()).filter(s -> !looksLikeOption(s)));
    }

    /** A NIC's address, gateway and MAC, each valid or invalid by construction; a valid gateway is in the address's /24. */
    record Sriov(Inputs.Sample address, Inputs.Sample gateway, Inputs.Sample mac) {}

    @Provide
    Arbitrary<Sriov> sriov() {
        Arbitrary<Inputs.Sample> address = Inputs.either(Arbitraries.integers().between(1, 127).map(h -> "10.20.30." + h + "/24"),
                Inputs.notHostCidrs());
        Arbitrary<Inputs.Sample> gateway = Inputs.either(Arbitraries.integers().between(128, 254).map(h -> "10.20.30." + h),
                Arbitraries.oneOf(Inputs.notIpAddresses(), Arbitraries.integers().between(1, 254).map(h -> "10.20.31." + h)));
        return Combinators.combine(address, gateway, Inputs.either(Inputs.unicastMacs(), Inputs.notUsableMacs()))
                .as(Sriov::new)
                .filter(n -> !looksLikeOption(n.address().value()) && !looksLikeOption(n.gateway().value())
                        && !looksLikeOption(n.mac().value()));
    }

    @Provide
    Arbitrary<String> valuedFlags() {
        return Arbitraries.of("--name", "--memory", "--run-strategy", "--hugepages", "--pod-network", "--disk-size");
    }

    @Provide
    Arbitrary<String> optionNames() {
        return Arbitraries.of("-v", "--help", "--name", "--memory", "-h", "--cores", "--namespace");
    }

    @Provide
    Arbitrary<String> namespaces() {
        return Arbitraries.oneOf(Arbitraries.just("default"), text());
    }

    @Provide
    Arbitrary<String> quantities() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("", "0", "1", "-1", "1.5", "0.001", "4097", "1e3", "999999999999999999999"),
                        Arbitraries.of("", "M", "Mi", "Gi", "G", "Ki", "k", "m", "Ei", "E", "gi", "GB", " Gi", "Gi ", "i")).as(String::concat),
                Arbitraries.strings().withChars("0123456789.-+eEiGMKk ").ofMaxLength(12),
                text());
    }

    @Provide
    Arbitrary<String> cores() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-3, 4).map(String::valueOf),
                Arbitraries.of("2147483647", "2147483648", "-2147483648", "1.5", "two", "", "1e2", "--1"));
    }

    @Provide
    Arbitrary<String> pageSizes() {
        return Arbitraries.oneOf(Arbitraries.of("2Mi", "1Gi", "2mi", "1gi", "2M", "1G", "4Ki", "2048Ki", "", "huge"), quantities());
    }

    @Provide
    Arbitrary<String> runStrategyNames() {
        return Arbitraries.oneOf(
                Arbitraries.of("Always", "Halted", "Manual", "RerunOnFailure", "Once"),
                Arbitraries.of("ALWAYS", "halted", "MANUAL", "rerunonfailure", "oNcE"),
                Arbitraries.of("sometimes", "Running", "Stopped", "Always ", "", "Rerun-On-Failure", "halt"),
                text());
    }

    @Provide
    Arbitrary<String> podNetworkNames() {
        return Arbitraries.oneOf(Arbitraries.of("masquerade", "BRIDGE", "Masquerade", "tunnel", "slirp", "", "bridge "), text());
    }

    /** Key files that cannot be used, each with a string that must never be shown. */
    @Provide
    Arbitrary<KeyFile> keyFiles() {
        Arbitrary<String> material = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                .ofMinLength(24).ofMaxLength(70);
        Arbitrary<KeyFile> privateKey = Combinators.combine(material, Arbitraries.of("OPENSSH", "RSA", "EC", ""))
                .as((m, kind) -> new KeyFile(file("-----BEGIN " + (kind.isEmpty() ? "" : kind + " ") + "PRIVATE KEY-----\n" + m
                        + "\n-----END " + (kind.isEmpty() ? "" : kind + " ") + "PRIVATE KEY-----\n"), m));
        // A public key and, pasted after it by mistake, the private one.
        Arbitrary<KeyFile> bothKeys = material.map(m -> new KeyFile(file("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOj7 me@host\n"
                + "-----BEGIN OPENSSH PRIVATE KEY-----\n" + m + "\n-----END OPENSSH PRIVATE KEY-----\n"), m));
        Arbitrary<KeyFile> garbage = material.map(m -> new KeyFile(file("not a key " + m + "\n"), m));
        Arbitrary<KeyFile> commentsOnly = material.map(m -> new KeyFile(file("# " + m + "\n\n   \n"), m));
        Arbitrary<KeyFile> missing = material.map(m -> new KeyFile(dir.resolve("missing-" + FILES.incrementAndGet() + ".pub"),
                "\u0000never"));
        Arbitrary<KeyFile> directory = Arbitraries.just(new KeyFile(Path.of(System.getProperty("java.io.tmpdir")), "\u0000never"));
        return Arbitraries.oneOf(privateKey, bothKeys, garbage, commentsOnly, missing, directory);
    }

    @Provide
    Arbitrary<String> secrets() {
        return Arbitraries.strings().withChars("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!%&*").ofMinLength(12).ofMaxLength(40);
    }

    /** Files (and non-files) none of which CDI could take as a disk image. */
    @Provide
    Arbitrary<Path> notDiskImages() {
        return Arbitraries.oneOf(
                Arbitraries.just(0).map(i -> dir.resolve("missing-" + FILES.incrementAndGet() + ".qcow2")),
                Arbitraries.just(dir),
                Arbitraries.just(0).map(i -> file(new byte[0])),
                // A raw image must be whole 512-byte sectors; these never are.
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(511).map(BadFlagProperties::file),
                // A qcow2 header cut short.
                Arbitraries.integers().between(4, 60).map(n -> {
                    byte[] header = new byte[n];
                    header[0] = 'Q';
                    header[1] = 'F';
                    header[2] = 'I';
                    header[3] = (byte) 0xfb;
                    return file(header);
                }));
    }

    @Provide
    Arbitrary<Map<String, String>> uploadExtras() {
        return Combinators.combine(
                Arbitraries.oneOf(Arbitraries.just((String) null), Arbitraries.of("local-storage", "Local_Storage", "a..b", ""), text()),
                Arbitraries.oneOf(Arbitraries.just((String) null),
                        Arbitraries.of("https://10.0.0.5:443", "http://10.0.0.5", "https://", "ftp://x", "://", "10.0.0.5:443"), text()),
                Arbitraries.oneOf(Arbitraries.just((String) null), namespaces())).as((storageClass, proxy, namespace) -> {
                    Map<String, String> extras = new LinkedHashMap<>();
                    if (storageClass != null) {
                        extras.put("--storage-class", storageClass);
                    }
                    if (proxy != null) {
                        extras.put("--uploadproxy-url", proxy);
                    }
                    if (namespace != null) {
                        extras.put("--namespace", namespace);
                    }
                    return extras;
                });
    }

    @Provide
    Arbitrary<String> vmCommandNames() {
        return Arbitraries.of("start", "stop", "restart", "pause", "unpause", "get", "ip", "events");
    }

    @Provide
    Arbitrary<List<BadValue>> badFlagSets() {
        return Arbitraries.subsetOf(BadFlag.values()).ofMinSize(2).flatMap(chosen -> Combinators.combine(
                chosen.stream().sorted().map(flag -> flag.values(this).filter(v -> !v.startsWith("-"))
                        .map(v -> new BadValue(flag, v))).toList()).as(l -> l));
    }

    /** One flag that can be given a bad value, how to give it, and how the message names it. */
    enum BadFlag {
        NAME("  - --name: ") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return Inputs.notDns1123Labels();
            }
        },
        MEMORY("  - --memory: ") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return Arbitraries.oneOf(Inputs.notQuantities(), Inputs.notPositiveQuantities(), Inputs.tooLittleMemory());
            }
        },
        CORES("  - --cores: ") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return Arbitraries.integers().between(-5, 0).map(String::valueOf);
            }
        },
        HUGEPAGES("  - --hugepages: ") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return p.pageSizes().filter(s -> !PAGE_SIZES.contains(s.toLowerCase(Locale.ROOT)));
            }
        },
        RUN_STRATEGY("  - --run-strategy: ") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return p.runStrategyNames().filter(s -> !RUN_STRATEGIES.contains(s.toLowerCase(Locale.ROOT)));
            }
        },
        POD_NETWORK("  - --pod-network: ") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return p.podNetworkNames().filter(s -> !POD_BINDINGS.contains(s.toLowerCase(Locale.ROOT)));
            }
        },
        SRIOV_MAC("  - --sriov-mac: ") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return Arbitraries.oneOf(Inputs.unicastMacs(), Inputs.notUsableMacs());
            }

            /** Without --sriov the MAC has no NIC to go to: named whatever its value. */
            @Override
            Map<String, String> flags(String value) {
                return Map.of("--sriov-mac", value);
            }
        },
        // A file of garbage reaches the SDK, which names the key it could not read.
        SSH_KEY_FILE("  - --ssh-key-file: ", "  - --ssh-key-file (cloudInit.users[0].sshAuthorizedKeys[") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return p.keyFiles().map(k -> k.path().toString());
            }

            @Override
            Map<String, String> flags(String value) {
                return Map.of("--ssh-key-file", value, "--user", "root");
            }
        },
        DISK_SIZE_WITHOUT_UPLOAD("  - --disk-size: ") {
            @Override
            Arbitrary<String> values(BadFlagProperties p) {
                return p.quantities();
            }
        };

        private final String[] named;

        BadFlag(String... named) {
            this.named = named;
        }

        abstract Arbitrary<String> values(BadFlagProperties p);

        Map<String, String> flags(String value) {
            return Map.of(option(), value);
        }

        String option() {
            return switch (this) {
                case DISK_SIZE_WITHOUT_UPLOAD -> "--disk-size";
                case CORES -> "--cores";
                default -> "--" + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            };
        }

        String[] named() {
            return named.clone();
        }
    }

    record BadValue(BadFlag flag, String value) {}

    /** A key file that cannot be used, and text of it that no output may contain. */
    record KeyFile(Path path, String secret) {}
}
