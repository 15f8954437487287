package dev.edgevm.benchmarks.memory;

import dev.edgevm.benchmarks.fleet.FleetSpecs;
import dev.edgevm.core.VmSpec;
import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An embedded cluster in a process of its own with a fleet of running VMs on it, so that the
 * memory benchmark's JVM holds nothing but the client it measures. Arguments: kubeconfig file to
 * write, VM count, node count. Prints {@code READY} once every VM is Running, and serves until
 * its standard input closes.
 */
public final class FleetClusterProcess {

    private FleetClusterProcess() {}

    public static void main(String[] args) throws Exception {
        Path kubeconfig = Path.of(args[0]);
        int vms = Integer.parseInt(args[1]);
        int nodes = Integer.parseInt(args[2]);
        try (EmbeddedEdgeCluster cluster = EmbeddedEdgeCluster.builder().nodes(nodes).seed(5).start();
             EdgeVm edge = EdgeVm.using(cluster.client())) {
            for (VmSpec spec : FleetSpecs.of("fleet", vms, "default")) {
                edge.vms().deploy(spec);
            }
            for (VmSpec spec : FleetSpecs.of("fleet", vms, "default")) {
                edge.vms().withName(spec.name()).await().running(Duration.ofMinutes(10));
            }
            cluster.writeKubeconfig(kubeconfig);
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the benchmark closes our standard input
            }
        }
    }
}
