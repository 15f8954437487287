package dev.edgevm.cli.vm;

import dev.edgevm.cli.EdgeVmCommand;
import dev.edgevm.cli.cluster.Session;
import dev.edgevm.cli.console.ConsoleBridge;
import dev.edgevm.cli.console.RawTerminal;
import dev.edgevm.kubevirt.VmConsole;
import dev.edgevm.kubevirt.VmResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Command;

/** {@code edgevm console NAME}: the VM's serial console on this terminal; Ctrl-] detaches, as with virtctl. */
@Command(name = "console", header = "Connect to a running VM's serial console (Ctrl-] detaches).", mixinStandardHelpOptions = true)
public final class ConsoleCommand extends VmCommand {

    @Override
    int run(VmResource vm, Session session) {
        InputStream keys = EdgeVmCommand.of(spec).stdin();
        PrintWriter err = spec.commandLine().getErr();
        boolean detached;
        try (VmConsole console = vm.console()) {
            err.println("Successfully connected to " + vm.name() + " console. The escape sequence is ^]");
            err.flush();
            try (RawTerminal terminal = RawTerminal.enterIf(keys == System.in);
                 ConsoleBridge bridge = new ConsoleBridge(console, keys, out())) {
                detached = bridge.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the console of " + ref(vm) + " failed: " + e.getMessage(), e);
        }
        err.println();
        err.println(detached ? "Detached from " + vm.name() + "; it keeps running." : "The console of " + vm.name() + " was closed.");
        return 0;
    }
}
