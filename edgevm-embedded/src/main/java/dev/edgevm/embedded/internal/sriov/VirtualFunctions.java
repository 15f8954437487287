package dev.edgevm.embedded.internal.sriov;

import dev.edgevm.embedded.NodeOptions;
import dev.edgevm.embedded.internal.quantity.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A node's SR-IOV virtual functions as its sysfs shows them, in the directory standing for the
 * node's root: one entry per VF, named by its PCI address, under {@code sys/bus/pci/drivers/<driver>/}
 * — {@code vfio-pci} for VFs bound for VMs, {@code iavf} for VFs still on the kernel's driver. The
 * VFs of the node's n-th SR-IOV resource (0-based, in the order configured) sit on PCI bus
 * {@code 0x18 + n}: {@code 0000:18:02.0} ... {@code 0000:18:02.7}, {@code 0000:18:03.0}, ...,
 * bound ones first. Binding a VF ({@code dpdk-devbind.py --bind=vfio-pci <address>}) is moving its
 * entry from {@code iavf/} to {@code vfio-pci/}; the device plugin reads the entries when it starts.
 */
final class VirtualFunctions {

  static final String VFIO_PCI = "vfio-pci";
  static final String KERNEL_DRIVER = "iavf";
  private static final String DRIVERS = "sys/bus/pci/drivers";
  private static final int FIRST_BUS = 0x18;
  private static final int FIRST_DEVICE = 0x02;
  private static final int FUNCTIONS_PER_DEVICE = 8;

  /** How many VFs of one resource the node has, bound to vfio-pci or not. */
  record Configured(long bound, int unbound) {
  }

  private final Path drivers;
  private final List<String> resources;

  private VirtualFunctions(Path nodeRoot, List<String> resources) {
    this.drivers = nodeRoot.resolve(DRIVERS);
    this.resources = List.copyOf(resources);
  }

  /** The SR-IOV resources a node is configured with, in order: its extended resources and its unbound VFs. */
  static Map<String, Configured> configured(NodeOptions options) {
    Map<String, Configured> configured = new LinkedHashMap<>();
    options.allocatable().forEach((resource, quantity) -> {
      if (isSriovResource(resource)) {
        configured.put(resource, new Configured(count(quantity), options.unboundVfs().getOrDefault(resource, 0)));
      }
    });
    options.unboundVfs().forEach((resource, unbound) -> configured.putIfAbsent(resource, new Configured(0, unbound)));
    return configured;
  }

  /**
   * Whether the SR-IOV device plugin serves a resource: every extended resource ({@code domain/name})
   * except KubeVirt's own devices and the {@code kubernetes.io} domains.
   */
  static boolean isSriovResource(String resource) {
    int slash = resource.indexOf('/');
    if (slash <= 0) {
      return false;
    }
    String domain = resource.substring(0, slash);
    return !domain.equals("devices.kubevirt.io") && !domain.equals("kubernetes.io") && !domain.endsWith(".kubernetes.io");
  }

  /** Writes the node's VFs into its directory and returns them. */
  static VirtualFunctions create(Path nodeRoot, Map<String, Configured> configured) {
    VirtualFunctions vfs = new VirtualFunctions(nodeRoot, new ArrayList<>(configured.keySet()));
    if (configured.isEmpty()) {
      return vfs;
    }
    try {
      Files.createDirectories(vfs.drivers.resolve(VFIO_PCI));
      Files.createDirectories(vfs.drivers.resolve(KERNEL_DRIVER));
      int index = 0;
      for (Configured vf : configured.values()) {
        long total = vf.bound() + vf.unbound();
        for (int i = 0; i < total; i++) {
          String driver = i < vf.bound() ? VFIO_PCI : KERNEL_DRIVER;
          Files.createFile(vfs.drivers.resolve(driver).resolve(address(index, i)));
        }
        index++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SR-IOV VFs of node directory " + nodeRoot, e);
    }
    return vfs;
  }

  /** The PCI address of the resource's n-th VF, e.g. {@code 0000:18:02.0}. */
  static String address(int resourceIndex, int vf) {
    return String.format("0000:%02x:%02x.%d", FIRST_BUS + resourceIndex, FIRST_DEVICE + vf / FUNCTIONS_PER_DEVICE,
        vf % FUNCTIONS_PER_DEVICE);
  }

  /** The resources the device plugin serves on this node, in order. */
  List<String> resources() {
    return resources;
  }

  /** What the device plugin finds when it starts: per resource, the VFs bound to vfio-pci now. */
  Map<String, Long> scan() {
    Map<String, Long> found = new LinkedHashMap<>();
    resources.forEach(resource -> found.put(resource, 0L));
    Path bound = drivers.resolve(VFIO_PCI);
    if (!Files.isDirectory(bound)) {
      return found;
    }
    try (Stream<Path> entries = Files.list(bound)) {
      entries.map(p -> p.getFileName().toString()).forEach(address -> {
        int index = resourceIndex(address);
        if (index >= 0 && index < resources.size()) {
          found.merge(resources.get(index), 1L, Long::sum);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + bound, e);
    }
    return found;
  }

  /** The resource an address belongs to by its bus, or -1 when it is no VF address. */
  private static int resourceIndex(String address) {
    String[] parts = address.split(":");
    if (parts.length != 3 || !parts[0].equals("0000") || !parts[2].matches("[0-9a-f]{2}\\.[0-7]")) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[1], 16) - FIRST_BUS;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long count(String quantity) {
    if (!Quantity.isValid(quantity)) {
      return 0;
    }
    BigDecimal value = Quantity.parse(quantity);
    return value.signum() <= 0 ? 0 : value.longValue();
  }
}
