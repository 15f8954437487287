package dev.edgevm.embedded;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How one node of an embedded cluster is set up: labels, taints and allocatable resources on top
 * of the defaults, which are those of the runbook's edge node: cpu 16, memory 64Gi, pods 110,
 * hugepages-2Mi 4Gi, hugepages-1Gi 0, devices.kubevirt.io/kvm, tun and vhost-net 110,
 * ephemeral-storage; no SR-IOV resources unless configured.
 *
 * <pre>{@code
 * .node("node01", n -> n
 *     .label("feature.node.kubernetes.io/network-sriov.capable", "true")
 *     .allocatable("intel.com/intel_sriov_vm", "1")
 *     .taint("cmk", null, "NoSchedule"))
 * }</pre>
 */
public final class NodeOptions {

  /** A node taint; {@code value} may be null. */
  public record Taint(String key, String value, String effect) {
  }

  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

  private final String name;
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Map<String, String> allocatable = new LinkedHashMap<>();
  private final List<Taint> taints = new ArrayList<>();
  private final Map<String, Integer> unboundVfs = new LinkedHashMap<>();
  private boolean unschedulable;

  NodeOptions(String name) {
    this.name = name;
    allocatable.put("cpu", "16");
    allocatable.put("memory", "64Gi");
    allocatable.put("pods", "110");
    allocatable.put("hugepages-2Mi", "4Gi");
    allocatable.put("hugepages-1Gi", "0");
    allocatable.put("devices.kubevirt.io/kvm", "110");
    allocatable.put("devices.kubevirt.io/tun", "110");
    allocatable.put("devices.kubevirt.io/vhost-net", "110");
    allocatable.put("ephemeral-storage", "241473945201");
  }

  public String name() {
    return name;
  }

  public NodeOptions label(String key, String value) {
    labels.put(Objects.requireNonNull(key, "key"), value == null ? "" : value);
    return this;
  }

  /**
   * Sets an allocatable (and capacity) quantity, e.g. {@code ("intel.com/intel_sriov_vm", "1")}
   * or {@code ("hugepages-2Mi", "8Gi")}.
   */
  public NodeOptions allocatable(String resource, String quantity) {
    allocatable.put(Objects.requireNonNull(resource, "resource"), Objects.requireNonNull(quantity, "quantity"));
    return this;
  }

  /**
   * Gives the node SR-IOV virtual functions of {@code resource} that are not bound to vfio-pci yet
   * (they sit on the kernel's {@code iavf} driver): the SR-IOV device plugin does not count them,
   * so the node advertises the resource with capacity 0 (plus the VFs {@link #allocatable} gives),
   * until a VF is bound on the node and the device plugin restarted, as in the runbook. Binding is
   * done in the node's directory ({@code EmbeddedEdgeCluster.nodeRoot}): move
   * {@code sys/bus/pci/drivers/iavf/<PCI address>} to {@code sys/bus/pci/drivers/vfio-pci/}.
   *
   * @throws IllegalArgumentException when count is negative
   */
  public NodeOptions unboundVfs(String resource, int count) {
    if (count < 0) {
      throw new IllegalArgumentException("unboundVfs count must be >= 0, was " + count);
    }
    unboundVfs.put(Objects.requireNonNull(resource, "resource"), count);
    return this;
  }

  /**
   * Adds a taint, e.g. the CPU manager's {@code ("cmk", null, "NoSchedule")}.
   *
   * @throws IllegalArgumentException when the effect is not NoSchedule, PreferNoSchedule or NoExecute
   */
  public NodeOptions taint(String key, String value, String effect) {
    if (!EFFECTS.contains(effect)) {
      throw new IllegalArgumentException("taint effect must be one of " + EFFECTS + ", was " + effect);
    }
    taints.add(new Taint(Objects.requireNonNull(key, "key"), value, effect));
    return this;
  }

  /** Marks the node unschedulable (cordoned). */
  public NodeOptions unschedulable(boolean unschedulable) {
    this.unschedulable = unschedulable;
    return this;
  }

  public Map<String, String> labels() {
    return Collections.unmodifiableMap(labels);
  }

  public Map<String, String> allocatable() {
    return Collections.unmodifiableMap(allocatable);
  }

  public List<Taint> taints() {
    return Collections.unmodifiableList(taints);
  }

  /** VFs per SR-IOV resource that are not bound to vfio-pci (see {@link #unboundVfs(String, int)}). */
  public Map<String, Integer> unboundVfs() {
    return Collections.unmodifiableMap(unboundVfs);
  }

  public boolean unschedulable() {
    return unschedulable;
  }
}
