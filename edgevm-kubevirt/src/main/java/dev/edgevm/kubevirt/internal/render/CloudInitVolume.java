package dev.edgevm.kubevirt.internal.render;

import dev.edgevm.core.GuestNetworkData;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.cloudinit.CloudInit;
import dev.edgevm.kubevirt.model.CloudInitNoCloudSource;
import dev.edgevm.kubevirt.model.Volume;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cloud-init NoCloud volume of a VM. User data that may hold a secret (keys, passwords, files, commands) goes
 * into a Secret together with the network data, so nothing secret is written into the VM object;
 * otherwise both are inline.
 */
final class CloudInitVolume {

    static final String VOLUME_NAME = VmSpec.CLOUD_INIT_DISK;
    static final String USER_DATA_KEY = "userdata";
    static final String NETWORK_DATA_KEY = "networkdata";
    private static final String EMPTY_USER_DATA = "#cloud-config\n{}\n";

    private final Volume volume;
    private final Secret secret;

    private CloudInitVolume(Volume volume, Secret secret) {
        this.volume = volume;
        this.secret = secret;
    }

    /** The volume and Secret for {@code spec} in {@code namespace}, or empty when the VM has no cloud-init at all. */
    static Optional<CloudInitVolume> of(VmSpec spec, String namespace) {
        Optional<String> networkData = GuestNetworkData.render(spec, namespace);
        if (spec.cloudInit().isEmpty() && networkData.isEmpty()) {
            return Optional.empty();
        }
        String userData = spec.cloudInit().map(CloudInit::renderUserData).orElse(EMPTY_USER_DATA);
        boolean secret = spec.cloudInit().map(CloudInit::hasCredentials).orElse(false);
        if (!secret) {
            return Optional.of(new CloudInitVolume(volume(new CloudInitNoCloudSource(userData, null, null,
                    networkData.orElse(null), null, null)), null));
        }
        String secretName = VmRenderer.cloudInitSecretName(spec.name());
        Map<String, String> data = new LinkedHashMap<>();
        data.put(USER_DATA_KEY, base64(userData));
        networkData.ifPresent(n -> data.put(NETWORK_DATA_KEY, base64(n)));
        Secret s = new SecretBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(secretName).withNamespace(spec.namespace().orElse(null))
                        .withLabels(Labels.owned(spec)).build())
                .withType("Opaque")
                .withData(data)
                .build();
        LocalObjectReference ref = new LocalObjectReference(secretName);
        return Optional.of(new CloudInitVolume(volume(new CloudInitNoCloudSource(null, null, ref, null, null,
                networkData.isPresent() ? ref : null)), s));
    }

    private static Volume volume(CloudInitNoCloudSource source) {
        return new Volume(VOLUME_NAME, null, null, null, source);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    Volume volume() {
        return volume;
    }

    Optional<Secret> secret() {
        return Optional.ofNullable(secret);
    }
}
