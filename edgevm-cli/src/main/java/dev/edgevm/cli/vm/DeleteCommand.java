package dev.edgevm.cli.vm;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.DurationConverter;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.VmResource;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgevm delete NAME [--purge-storage] [--wait]}: the VM and its cloud-init Secret; with
 * {@code --purge-storage} also its DataVolumes, claims, volumes and disk files (the runbook's
 * "completely deleting a stateful VM", in one command).
 */
@Command(name = "delete", header = "Delete a VM and what deploy created for it.", mixinStandardHelpOptions = true)
public final class DeleteCommand extends VmCommand implements PrintsResult {

    @Option(names = "--purge-storage", description = "Also delete its DataVolumes, claims, volumes and the disk files on the node.")
    boolean purgeStorage;

    @Option(names = "--wait", description = "Return only once the VM is gone.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    int run(VmResource vm, Session session) {
        DeleteOptions options = DeleteOptions.defaults().purgeStorage(purgeStorage);
        if (await) {
            options = options.waitUpTo(timeout);
        }
        if (!vm.delete(options)) {
            spec.commandLine().getErr().println("error: " + ref(vm) + " does not exist");
            return 1;
        }
        return print(ref(vm) + " deleted" + (purgeStorage ? " with its storage" : ""), () -> {
            Map<String, Object> result = identity(vm);
            result.put("deleted", true);
            result.put("purgeStorage", purgeStorage);
            result.put("waited", await);
            return result;
        });
    }
}
