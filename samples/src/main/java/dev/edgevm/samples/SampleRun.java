package dev.edgevm.samples;

import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.DeployedVm;
import java.io.PrintStream;

/**
 * What a sample may clean up: only what it created in this run. A VM of the same name that was
 * there before (deploy found it with this very spec: {@code UNCHANGED}) is someone's, maybe the
 * last run's; the sample leaves it, and its disks, alone and says so.
 */
final class SampleRun {

    private SampleRun() {}

    static boolean createdHere(DeployedVm vm, PrintStream out) {
        if (vm.outcome() == DeployOutcome.UNCHANGED) {
            out.println("kept " + vm.namespace() + "/" + vm.name() + ": it was there before this run, so the sample does not"
                    + " delete it (delete it yourself: edgevm delete " + vm.name() + " -n " + vm.namespace() + " --purge-storage)");
            return false;
        }
        return true;
    }
}
