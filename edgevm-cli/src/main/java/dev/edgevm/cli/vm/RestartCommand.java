package dev.edgevm.cli.vm;

import dev.edgevm.kubevirt.VmResource;
import picocli.CommandLine.Command;

/** {@code edgevm restart NAME}, as {@code virtctl restart} does it. */
@Command(name = "restart", header = "Restart a running VM.", mixinStandardHelpOptions = true)
public final class RestartCommand extends Transition {

    @Override
    String verb() {
        return "restart";
    }

    @Override
    void request(VmResource vm) {
        vm.restart();
    }
}
