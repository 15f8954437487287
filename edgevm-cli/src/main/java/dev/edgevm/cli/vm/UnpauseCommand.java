package dev.edgevm.cli.vm;

import dev.edgevm.kubevirt.VmResource;
import picocli.CommandLine.Command;

/** {@code edgevm unpause NAME}: the paused guest resumes. */
@Command(name = "unpause", header = "Resume a paused VM.", mixinStandardHelpOptions = true)
public final class UnpauseCommand extends Transition {

    @Override
    String verb() {
        return "unpause";
    }

    @Override
    void request(VmResource vm) {
        vm.unpause();
    }
}
