package dev.edgevm.kubevirt.badinput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.Violation;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.badinput.Inputs;
import dev.edgevm.core.badinput.KubernetesGrammar;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * What the SDK checks without a cluster, before any request: the names and namespaces calls are
 * scoped to, and a spec's namespace against the one it is deployed into. Each is refused with an
 * InvalidSpecException naming the field, and the server receives nothing. The names are invalid
 * by construction, or judged by Kubernetes' rules written out in the test ({@link KubernetesGrammar}),
 * not by the SDK's own check. The seed is fixed, so a run is repeatable.
 */
class BadScopeProperties {

    private static final String SEED = "20261207";

    private static EmbeddedEdgeCluster cluster;
    private static EdgeVm edge;

    @BeforeContainer
    static void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
        edge = EdgeVm.using(cluster.client());
    }

    @AfterContainer
    static void stopCluster() {
        edge.close();
        cluster.close();
    }

    @BeforeTry
    void forgetRequests() {
        cluster.requests().reset();
    }

    /** Names that are no DNS-1123 label: broken on purpose, or any text Kubernetes' rules refuse. */
    @Provide
    Arbitrary<String> badNames() {
        return Arbitraries.oneOf(
                Inputs.notDns1123Labels(),
                Arbitraries.strings().ofMaxLength(80).filter(s -> !KubernetesGrammar.isDns1123Label(s)),
                Arbitraries.strings().withChars("abcXYZ019-_. /:@\n").ofMaxLength(70).filter(s -> !KubernetesGrammar.isDns1123Label(s)));
    }

    private static void assertRefusedAt(String field, Runnable call) {
        InvalidSpecException refused = catchThrowableOfType(InvalidSpecException.class, call::run);
        assertThat(refused).as("refused").isNotNull();
        assertThat(refused.violations()).extracting(Violation::path).containsOnly(field);
        assertThat(cluster.requests().count()).as("requests the cluster received").isZero();
    }

    @Property(tries = 200, seed = SEED)
    void vmNames_areCheckedBeforeAnyRequest(@ForAll("badNames") String name) {
        assertRefusedAt("name", () -> edge.vms().withName(name).find());
    }

    @Property(tries = 200, seed = SEED)
    void namespaces_areCheckedBeforeAnyRequest(@ForAll("badNames") String namespace) {
        assertRefusedAt("namespace", () -> edge.vms().inNamespace(namespace).list());
    }

    @Provide
    Arbitrary<String> otherNamespaces() {
        return Inputs.dns1123Labels().filter(n -> !n.equals("default"));
    }

    @Property(tries = 50, seed = SEED)
    void aSpecForAnotherNamespace_isRefusedBeforeAnyRequest(@ForAll("otherNamespaces") String namespace) {
        VmSpec spec = VmSpec.builder().name("vm").namespace(namespace).memory("1Gi")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo")).build();
        assertRefusedAt("namespace", () -> edge.vms().inNamespace("default").deploy(spec));
    }
}
