package dev.edgevm.cli.vm;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.DurationConverter;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.VmWaiter;
import dev.edgevm.kubevirt.WaitResult;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgevm wait NAME --for running|stopped|paused|deleted}: returns as soon as the VM is in
 * that state; fails at once when the VM reports a state it will not leave (unschedulable, image
 * pull error), and after {@code --timeout} with the last state seen.
 */
@Command(name = "wait", header = "Wait until a VM is running, stopped, paused or deleted.", mixinStandardHelpOptions = true)
public final class WaitCommand extends VmCommand implements PrintsResult {

    /** The states one can wait for. */
    enum State { RUNNING, STOPPED, PAUSED, DELETED }

    @Option(names = "--for", paramLabel = "STATE", required = true, description = "running, stopped, paused or deleted.")
    State state;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run(VmResource vm, Session session) {
        VmWaiter waiter = vm.await();
        WaitResult<VmStatus> result = switch (state) {
            case RUNNING -> waiter.running(timeout);
            case STOPPED -> waiter.stopped(timeout);
            case PAUSED -> waiter.paused(timeout);
            case DELETED -> waiter.deleted(timeout);
        };
        double seconds = result.elapsed().toMillis() / 1000.0;
        String text = String.format("%s %s after %.1fs", ref(vm), state == State.DELETED ? "deleted" : "is " + result.value(), seconds);
        return print(text, () -> {
            Map<String, Object> printed = state == State.DELETED ? identity(vm) : VmStatusView.map(result.value());
            printed.put("reached", state.name().toLowerCase(Locale.ROOT));
            printed.put("elapsedSeconds", seconds);
            return printed;
        });
    }
}
