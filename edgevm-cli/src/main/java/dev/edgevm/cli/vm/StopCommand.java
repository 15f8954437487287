package dev.edgevm.cli.vm;

import dev.edgevm.cli.options.DurationConverter;
import dev.edgevm.kubevirt.VmResource;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgevm stop NAME [--grace-period D]}, as {@code virtctl stop} does it. */
@Command(name = "stop", header = "Stop a VM (the guest is asked to shut down).", mixinStandardHelpOptions = true)
public final class StopCommand extends Transition {

    @Option(names = "--grace-period", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give the guest at most this long to shut down, e.g. 30s (default: the VM's own grace period).")
    Duration gracePeriod;

    @Override
    String verb() {
        return "stop";
    }

    @Override
    void request(VmResource vm) {
        if (gracePeriod == null) {
            vm.stop();
        } else {
            vm.stop(gracePeriod);
        }
    }
}
