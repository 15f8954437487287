package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.internal.render.VmRenderer;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Optional;

/**
 * A VM's cloud-init Secret ({@code <vm>-cloudinit}): read, written and removed only when it is the
 * VM's own, labelled {@code edgevm.dev/vm: <vm>}. A Secret of that name that someone else made is
 * never adopted, overwritten or deleted.
 */
final class CloudInitSecrets {

    private final DefaultEdgeVm edge;
    private final String namespace;
    private final String vm;
    private final ObjectRef ref;

    CloudInitSecrets(DefaultEdgeVm edge, String namespace, String vm) {
        this.edge = edge;
        this.namespace = namespace;
        this.vm = vm;
        this.ref = ObjectRef.of("Secret", namespace, VmRenderer.cloudInitSecretName(vm));
    }

    ObjectRef ref() {
        return ref;
    }

    Optional<Secret> read() {
        return Optional.ofNullable(edge.call("get", ref, () -> edge.client().secrets().inNamespace(namespace).withName(ref.name()).get()));
    }

    boolean isOwn(Secret secret) {
        return secret.getMetadata().getLabels() != null && vm.equals(secret.getMetadata().getLabels().get(EdgeVmLabels.VM));
    }

    void create(Secret secret) {
        edge.run("create", ref, () -> edge.client().secrets().inNamespace(namespace).resource(secret).create());
    }

    /** Writes {@code secret}'s content over the existing one, whatever its version. */
    void replace(Secret secret) {
        Secret unconditional = new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(ref.name()).withNamespace(namespace)
                        .withLabels(secret.getMetadata().getLabels()).withAnnotations(secret.getMetadata().getAnnotations()).build())
                .withType(secret.getType()).withData(secret.getData()).build();
        edge.run("replace", ref, () -> edge.client().secrets().inNamespace(namespace).resource(unconditional).update());
    }

    void delete() {
        edge.run("delete", ref, () -> edge.client().secrets().inNamespace(namespace).withName(ref.name()).delete());
    }

    /** Deletes the Secret if it exists and is the VM's own; returns whether it did. */
    boolean deleteIfOwn() {
        Optional<Secret> current = read();
        if (current.isEmpty() || !isOwn(current.get())) {
            return false;
        }
        delete();
        return true;
    }
}
