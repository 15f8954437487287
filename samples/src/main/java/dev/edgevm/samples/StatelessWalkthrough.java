package dev.edgevm.samples;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmConsole;
import dev.edgevm.kubevirt.VmStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The runbook's stateless VM deployment, step by step: the cirros VM on a container disk is
 * created halted, started, reached (IP address, serial console), paused and resumed, stopped and
 * deleted. Runs on an embedded cluster, or on yours with {@code --kubeconfig FILE [--context NAME] [-n NS]}
 * (a VM of its name already there is used, and left in place at the end).
 */
public final class StatelessWalkthrough {

    private StatelessWalkthrough() {}

    public static void main(String[] args) throws IOException {
        try (SampleTarget target = SampleTarget.from(args)) {
            run(target.edge(), System.out);
        }
    }

    static void run(EdgeVm edge, PrintStream out) throws IOException {
        // 1. Deploy the VM (the runbook's kubectl create -f statelessVM.yaml): halted until started.
        // tag::stateless-deploy[]
        VmSpec cirros = VmSpec.builder()
                .name("cirros-stateless-vm")
                .cpuCores(2).memory("2056M")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
                .build();
        DeployedVm vm = edge.vms().deploy(cirros);
        // end::stateless-deploy[]
        out.println("deployed " + vm.name() + ": " + vm.outcome());

        // 2. Start it and wait until it runs (kubectl virt start; kubectl get vms).
        // tag::stateless-start[]
        vm.start();
        VmStatus running = vm.await().running(Duration.ofMinutes(5)).value();
        String ip = vm.await().ipAddress(Duration.ofMinutes(1)).value();
        // end::stateless-start[]
        out.println("running on " + running.node().orElse("?") + " with IP " + ip);

        // 3. The serial console (kubectl virt console): the guest answers with its login prompt.
        // tag::stateless-console[]
        try (VmConsole console = vm.console()) {
            console.input().write("\r".getBytes(StandardCharsets.UTF_8));
            console.input().flush();
            out.println("console: " + readUntil(console.output(), "login: ").strip());
        }
        // end::stateless-console[]

        // 4. Pause and resume the guest (kubectl virt pause / unpause).
        // tag::stateless-pause[]
        vm.pause();
        vm.await().paused(Duration.ofMinutes(1));
        vm.unpause();
        vm.await().running(Duration.ofMinutes(1));
        // end::stateless-pause[]
        out.println("paused and resumed");

        // 5. Stop it, then delete it and what deploy created for it (if this run created it).
        if (SampleRun.createdHere(vm, out)) {
            // tag::stateless-stop-delete[]
            vm.stop();
            vm.await().stopped(Duration.ofMinutes(5));
            vm.delete(DeleteOptions.defaults().waitUpTo(Duration.ofMinutes(5)));
            // end::stateless-stop-delete[]
            out.println("stopped and deleted");
        }
    }

    /** Reads the console until {@code end} has been printed; returns the last line read. */
    private static String readUntil(InputStream console, String end) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = console.read()) >= 0; ) {
            line.append((char) b);
            if (b == '\n') {
                line.setLength(0);
            } else if (line.toString().endsWith(end)) {
                return line.toString();
            }
        }
        throw new IOException("the console closed before it printed '" + end + "'");
    }
}
