package dev.edgevm.sriov;

import dev.edgevm.core.EdgeVmStyle;
import dev.edgevm.core.SpecBuilder;
import dev.edgevm.core.Violations;
import java.util.Set;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * Settings of {@link EdgeSriov}: how to find the SR-IOV device plugin's pods, and which device
 * plugin resources are SR-IOV VFs besides those a NetworkAttachmentDefinition names.
 *
 * <pre>{@code
 * EdgeSriov.of(edge).configure(c -> c
 *         .devicePluginSelector("app=sriov-device-plugin")   // the SR-IOV Network Operator's DaemonSet
 *         .resource("intel.com/intel_sriov_vm"));            // counted before any network names it
 * }</pre>
 */
@Value.Immutable
@EdgeVmStyle
public abstract class SriovConfig {

    /** The label of the sriov-network-device-plugin DaemonSet's pods (its {@code deployments/} manifests). */
    public static final String DEFAULT_DEVICE_PLUGIN_SELECTOR = "app=sriovdp";

    private static final Pattern SELECTOR = Pattern.compile(
            "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?=([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

    /**
     * The label selector of the device plugin's pods, {@code key=value[,key=value]}: {@value
     * #DEFAULT_DEVICE_PLUGIN_SELECTOR} by default; the SR-IOV Network Operator labels its
     * {@code sriov-device-plugin} DaemonSet's pods {@code app=sriov-device-plugin}.
     */
    @Value.Default
    public String devicePluginSelector() {
        return DEFAULT_DEVICE_PLUGIN_SELECTOR;
    }

    /**
     * Device plugin resources to count as SR-IOV VFs even before a NetworkAttachmentDefinition names
     * them. Other extended resources (GPUs, say) are not VFs and are left out of the inventory.
     */
    public abstract Set<String> resources();

    public static SriovConfig defaults() {
        return builder().build();
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
        String selector = devicePluginSelector();
        if (selector == null || selector.isBlank()) {
            v.add("devicePluginSelector", Violations.MISSING + " (e.g. " + DEFAULT_DEVICE_PLUGIN_SELECTOR + ")");
        } else {
            for (String requirement : selector.split(",", -1)) {
                v.require(SELECTOR.matcher(requirement.strip()).matches(), "devicePluginSelector",
                        "'" + requirement + "' is not a label requirement key=value (e.g. " + DEFAULT_DEVICE_PLUGIN_SELECTOR + ")");
            }
        }
        for (String resource : resources()) {
            v.require(resource != null && SriovNetwork.RESOURCE_NAME.matcher(resource).matches(), "resources",
                    "'" + resource + "' is not a device plugin resource name of the form domain/name (e.g. intel.com/intel_sriov_vm)");
        }
        v.throwIfAny("SriovConfig");
    }

    public static final class Builder extends ImmutableSriovConfig.Builder implements SpecBuilder<SriovConfig> {}
}
