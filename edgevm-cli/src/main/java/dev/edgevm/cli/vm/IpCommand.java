package dev.edgevm.cli.vm;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.DurationConverter;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.kubevirt.VmResource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgevm ip NAME}: the address of the VM's first NIC, alone on a line, for scripts
 * ({@code ssh $(edgevm ip centos-vm)}); with {@code -o yaml|json} also every NIC's addresses.
 */
@Command(name = "ip", header = "Print a running VM's IP address.", mixinStandardHelpOptions = true)
public final class IpCommand extends VmCommand implements PrintsResult {

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait up to this long for the VM to get an address (default: do not wait).")
    Duration timeout;

    @Override
    int run(VmResource vm, Session session) {
        Optional<String> ip = timeout == null ? vm.ipAddress() : Optional.of(vm.await().ipAddress(timeout).value());
        if (ip.isEmpty()) {
            String state = vm.require().toString();
            spec.commandLine().getErr().println("error: " + ref(vm) + " has no IP address (" + state
                    + "); start it, or wait for one with --timeout");
            return 1;
        }
        return print(ip.get(), () -> {
            Map<String, Object> result = identity(vm);
            result.put("ipAddress", ip.get());
            result.put("interfaces", VmStatusView.map(vm.require()).get("interfaces"));
            return result;
        });
    }
}
