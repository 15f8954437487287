package dev.edgevm.kubevirt.internal.render;

import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of everything deploy renders for a VM, stored on the VM. A later deploy of the same
 * spec finds the same digest and knows there is nothing to change, without comparing objects.
 */
final class SpecHash {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private SpecHash() {}

    static void annotate(VirtualMachine vm, Secret secret, List<DataVolume> dataVolumes) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(JSON.asJson(vm.getSpec()).getBytes(StandardCharsets.UTF_8));
            sha.update(JSON.asJson(vm.getMetadata().getLabels()).getBytes(StandardCharsets.UTF_8));
            if (vm.getMetadata().getAnnotations() != null) {
                sha.update(JSON.asJson(vm.getMetadata().getAnnotations()).getBytes(StandardCharsets.UTF_8));
            }
            if (secret != null) {
                sha.update(JSON.asJson(secret.getData()).getBytes(StandardCharsets.UTF_8));
            }
            for (DataVolume dv : dataVolumes) {
                sha.update(JSON.asJson(dv.getSpec()).getBytes(StandardCharsets.UTF_8));
            }
            String digest = HexFormat.of().formatHex(sha.digest()).substring(0, 32);
            vm.getMetadata().setAnnotations(withHash(vm, digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static java.util.Map<String, String> withHash(VirtualMachine vm, String digest) {
        java.util.Map<String, String> annotations = new java.util.LinkedHashMap<>();
        if (vm.getMetadata().getAnnotations() != null) {
            annotations.putAll(vm.getMetadata().getAnnotations());
        }
        annotations.put(EdgeVmLabels.SPEC_HASH, digest);
        return annotations;
    }
}
