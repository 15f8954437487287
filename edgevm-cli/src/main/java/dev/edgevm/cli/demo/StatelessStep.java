package dev.edgevm.cli.demo;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ContainerDisk;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.VmConsole;
import dev.edgevm.kubevirt.VmStatus;
import java.io.IOException;
import java.io.InputStream;

/** The cirros VM on a container disk: deployed halted, started, reached, paused, stopped. */
final class StatelessStep implements DemoStep {

    static final String VM = "cirros-stateless-vm";

    @Override
    public String name() {
        return "stateless VM";
    }

    @Override
    public String runbookSection() {
        return "Stateless VM deployment";
    }

    @Override
    public String run(DemoContext context) throws IOException {
        DeployedVm vm = context.edge().vms().deploy(VmSpec.builder()
                .name(VM).cpuCores(2).memory("2056M")
                .rootDisk(ContainerDisk.of("kubevirt/cirros-registry-disk-demo"))
                .build());
        context.say("deployed " + VM + " from kubevirt/cirros-registry-disk-demo: " + vm.require().printableStatus());
        vm.start();
        VmStatus running = vm.await().running(DemoContext.WAIT).value();
        String ip = vm.await().ipAddress(DemoContext.WAIT).value();
        context.say("started: " + running.printableStatus() + " on " + running.node().orElse("?") + ", IP " + ip);
        String prompt;
        try (VmConsole console = vm.console()) {
            console.input().write('\r');
            console.input().flush();
            prompt = readUntil(console.output(), "login: ").strip();
        }
        context.say("console: " + prompt);
        vm.pause();
        vm.await().paused(DemoContext.WAIT);
        context.say("paused: " + vm.require().printableStatus());
        vm.unpause();
        vm.await().running(DemoContext.WAIT);
        context.say("unpaused: " + vm.require().printableStatus());
        vm.stop();
        vm.await().stopped(DemoContext.WAIT);
        context.say("stopped: " + vm.require().printableStatus());
        return "ran on " + running.node().orElse("?") + " at " + ip + ", console, pause, stop";
    }

    /** Reads the console until {@code end}; returns the line that ends with it. */
    static String readUntil(InputStream console, String end) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = console.read()) >= 0; ) {
            if (b == '\n' || b == '\r') {
                line.setLength(0);
                continue;
            }
            line.append((char) b);
            if (line.toString().endsWith(end)) {
                return line.toString();
            }
        }
        throw new IOException("the console closed before it printed '" + end + "'");
    }
}
