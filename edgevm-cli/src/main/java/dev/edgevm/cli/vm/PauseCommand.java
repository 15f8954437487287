package dev.edgevm.cli.vm;

import dev.edgevm.kubevirt.VmResource;
import picocli.CommandLine.Command;

/** {@code edgevm pause NAME}: the guest is frozen, as {@code virtctl pause vm} does it. */
@Command(name = "pause", header = "Pause a running VM (the guest is frozen).", mixinStandardHelpOptions = true)
public final class PauseCommand extends Transition {

    @Override
    String verb() {
        return "pause";
    }

    @Override
    void request(VmResource vm) {
        vm.pause();
    }
}
