package dev.edgevm.cli.vm;

import dev.edgevm.kubevirt.VmResource;
import picocli.CommandLine.Command;

/** {@code edgevm start NAME}, as {@code virtctl start} does it. */
@Command(name = "start", header = "Start a VM (its instance is created and boots).", mixinStandardHelpOptions = true)
public final class StartCommand extends Transition {

    @Override
    String verb() {
        return "start";
    }

    @Override
    void request(VmResource vm) {
        vm.start();
    }
}
