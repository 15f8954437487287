package dev.edgevm.cli.vm;

import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.options.PrintsResult;
import dev.edgevm.kubevirt.VmResource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A state change asked of KubeVirt (start, stop, restart, pause, unpause): one line saying it was
 * requested, or with {@code -o yaml|json} the request and the VM's status right after it.
 */
abstract class Transition extends VmCommand implements PrintsResult {

    /** The verb, as printed: {@code start}. */
    abstract String verb();

    /** Asks KubeVirt for the change. */
    abstract void request(VmResource vm);

    @Override
    final int run(VmResource vm, Session session) {
        request(vm);
        return print(ref(vm) + " " + verb() + " requested", () -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("requested", verb());
            result.putAll(VmStatusView.map(vm.require()));
            return result;
        });
    }
}
