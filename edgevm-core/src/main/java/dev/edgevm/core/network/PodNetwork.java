package dev.edgevm.core.network;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import dev.edgevm.core.internal.BuilderErrors;
import java.util.Optional;
import org.immutables.value.Value;

/** The cluster's pod network as the VM's NIC. A VM has at most one. */
@Value.Immutable
@EdgeVmStyle
public abstract class PodNetwork implements Network {

    @Override
    @Value.Default
    public String name() {
        return "default";
    }

    @Value.Default
    public PodBinding binding() {
        return PodBinding.MASQUERADE;
    }

    @Override
    public abstract Optional<MacAddress> macAddress();

    public static PodNetwork masquerade() {
        return builder().build();
    }

    public static PodNetwork bridge() {
        return builder().binding(PodBinding.BRIDGE).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder().from(this);
    }

    @Value.Check
    final void check() {
        Violations v = Violations.collect();
        KubernetesNames.checkLabelName(v, "name", name());
        v.require(binding() != null, "binding", "must not be null; use masquerade or bridge");
        macAddress().ifPresent(mac -> NicChecks.mac(v, mac));
        v.throwIfAny("PodNetwork");
    }

    public static final class Builder extends ImmutablePodNetwork.Builder implements SpecBuilder<PodNetwork> {
        private final BuilderErrors errors = new BuilderErrors();

        public Builder macAddress(String mac) {
            errors.parse("macAddress", mac, MacAddress::tryParse, MacAddress::problem, (MacAddress m) -> macAddress(m));
            return this;
        }

        @Override
        public PodNetwork build() {
            return errors.build(super::build, built -> "PodNetwork");
        }
    }
}
