package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.RunStrategy;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.FaultKind;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.RetryConfig;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.render.RunbookVms;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cloud-init Secret follows its VM through deploy, apply and delete, and someone else's Secret is left alone. */
class CloudInitSecretTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private EmbeddedEdgeCluster cluster;
    private EdgeVm edge;

    @BeforeEach
    void startCluster() {
        cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
        edge = EdgeVm.using(cluster.client(), RetryConfig.builder().maxAttempts(3).backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());
    }

    @AfterEach
    void stopCluster() {
        edge.close();
        cluster.close();
    }

    private static VmSpec.Builder vm(String name) {
        return VmSpec.builder().name(name).memory("256Mi").runStrategy(RunStrategy.HALTED)
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"));
    }

    private static VmSpec withUser(String name, String user) {
        return vm(name).cloudInit(c -> c.user(u -> u.name(user).sshAuthorizedKey(RunbookVms.CONTROLLER_KEY))).build();
    }

    private Secret secret(String vm) {
        return cluster.client().secrets().inNamespace("default").withName(vm + "-cloudinit").get();
    }

    private String userData(String vm) {
        return new String(Base64.getDecoder().decode(secret(vm).getData().get("userdata")), StandardCharsets.UTF_8);
    }

    @Test
    void delete_leavesASecretOfTheSameNameThatIsNotTheVms() {
        edge.vms().deploy(vm("plain").build());
        cluster.client().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("plain-cloudinit")
                .endMetadata().withStringData(Map.of("token", "someone else's")).build()).create();

        edge.vms().withName("plain").delete(DeleteOptions.defaults().waitUpTo(WAIT));

        assertThat(secret("plain")).as("a Secret edgevm did not create").isNotNull();
    }

    @Test
    void delete_removesTheVmsOwnSecret() {
        edge.vms().deploy(withUser("owned", "ops"));

        edge.vms().withName("owned").delete(DeleteOptions.defaults().waitUpTo(WAIT));

        assertThat(secret("owned")).isNull();
    }

    @Test
    void anApplyWhoseVmUpdateFails_putsTheSecretBack() {
        edge.vms().deploy(withUser("rollback", "ops"));
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.INTERNAL_ERROR,
                r -> r.isFor("virtualmachines") && "PUT".equals(r.method()) && "rollback".equals(r.name()) && r.subresource() == null);

        OperationFailedException e = catchThrowableOfType(OperationFailedException.class, () -> edge.vms().apply(withUser("rollback", "admin")));

        cluster.faults().clear();
        assertThat(e.stepsRolledBack()).anySatisfy(step -> assertThat(step).startsWith("replaced Secret"));
        assertThat(userData("rollback")).contains("name: ops").doesNotContain("admin");
        assertThat(edge.vms().deploy(withUser("rollback", "ops")).outcome()).as("the VM and its Secret match the first spec").isEqualTo(DeployOutcome.UNCHANGED);
    }

    @Test
    void anApplyThatDropsCloudInit_removesTheSecret() {
        edge.vms().deploy(withUser("dropped", "ops"));

        assertThat(edge.vms().apply(vm("dropped").build()).outcome()).isEqualTo(DeployOutcome.UPDATED);

        assertThat(secret("dropped")).isNull();
        VirtualMachine stored = cluster.client().resources(VirtualMachine.class).inNamespace("default").withName("dropped").get();
        assertThat(stored.getSpec().template().spec().volumes()).noneSatisfy(v -> assertThat(v.cloudInitNoCloud()).isNotNull());
    }

    @Test
    void aRedeployOfTheSameSpec_restoresASecretThatWentMissingOrWasChanged() {
        VmSpec spec = withUser("repaired", "ops");
        edge.vms().deploy(spec);
        cluster.client().secrets().inNamespace("default").withName("repaired-cloudinit").delete();
        cluster.client().secrets().inNamespace("default").withName("repaired-cloudinit")
                .waitUntilCondition(s -> s == null, 30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(edge.vms().deploy(spec).outcome()).isEqualTo(DeployOutcome.UPDATED);
        assertThat(userData("repaired")).contains("name: ops");

        cluster.client().secrets().inNamespace("default").withName("repaired-cloudinit").edit(s -> {
            s.getData().put("userdata", Base64.getEncoder().encodeToString("#cloud-config\n{}\n".getBytes(StandardCharsets.UTF_8)));
            return s;
        });
        assertThat(edge.vms().deploy(spec).outcome()).isEqualTo(DeployOutcome.UPDATED);
        assertThat(userData("repaired")).contains("name: ops");

        assertThat(edge.vms().deploy(spec).outcome()).isEqualTo(DeployOutcome.UNCHANGED);
    }

    @Test
    void aRedeployThatRestoresTheSecret_saysSo_evenWhenTheInformerHasNotShownTheVm() {
        edge.vms().deploy(vm("first").build()); // the VM informer is up
        // From now on it can neither list nor watch: the VM below is known only to the server.
        cluster.faults().failNext(Integer.MAX_VALUE, FaultKind.DROPPED_CONNECTION,
                r -> r.isFor("virtualmachines") && "GET".equals(r.method()) && r.name() == null);
        assertThat(cluster.faults().expireWatches()).isPositive();
        VmSpec spec = withUser("unseen", "ops");
        edge.vms().deploy(spec);
        cluster.client().secrets().inNamespace("default").withName("unseen-cloudinit").delete();

        assertThat(edge.vms().deploy(spec).outcome()).isEqualTo(DeployOutcome.UPDATED);

        assertThat(userData("unseen")).contains("name: ops");
        cluster.faults().clear();
    }
}
