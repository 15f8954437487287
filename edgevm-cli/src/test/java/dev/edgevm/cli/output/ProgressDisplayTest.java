package dev.edgevm.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What the progress display prints for a sequence of events, as plain lines and as a bar. */
class ProgressDisplayTest {

    private static final String OP = "upload centos.qcow2";
    private static final long MIB = 1024 * 1024;

    @Test
    void plainLines_atTheStart_everyTenth_andEachNewPhase_notEveryEvent() {
        StringWriter out = new StringWriter();
        try (ProgressDisplay display = ProgressDisplay.on(new PrintWriter(out), false, "  ")) {
            display.onProgress(Progress.step("upload default/centos-dv", "DataVolume", "created default/centos-dv"));
            display.onProgress(Progress.transfer(OP, "uploading", 0, 100 * MIB, 0));
            for (long mib = 1; mib < 100; mib++) {
                display.onProgress(Progress.transfer(OP, "uploading", mib * MIB, 100 * MIB, 10 * MIB));
            }
            display.onProgress(Progress.transfer(OP, "waiting for the server", 100 * MIB, 100 * MIB, 10 * MIB));
            display.onProgress(Progress.transfer(OP, "uploaded", 100 * MIB, 100 * MIB, 10 * MIB));
            display.onProgress(Progress.step("upload default/centos-dv", "processing", "CDI converts the image to raw and resizes it"));
        }

        assertThat(out.toString().lines()).containsExactly(
                "  DataVolume: created default/centos-dv",
                "  uploading   0% 0 B / 100 MiB",
                "  uploading  10% 10.0 MiB / 100 MiB, 10.0 MiB/s, ETA 9s",
                "  uploading  20% 20.0 MiB / 100 MiB, 10.0 MiB/s, ETA 8s",
                "  uploading  30% 30.0 MiB / 100 MiB, 10.0 MiB/s, ETA 7s",
                "  uploading  40% 40.0 MiB / 100 MiB, 10.0 MiB/s, ETA 6s",
                "  uploading  50% 50.0 MiB / 100 MiB, 10.0 MiB/s, ETA 5s",
                "  uploading  60% 60.0 MiB / 100 MiB, 10.0 MiB/s, ETA 4s",
                "  uploading  70% 70.0 MiB / 100 MiB, 10.0 MiB/s, ETA 3s",
                "  uploading  80% 80.0 MiB / 100 MiB, 10.0 MiB/s, ETA 2s",
                "  uploading  90% 90.0 MiB / 100 MiB, 10.0 MiB/s, ETA 1s",
                "  waiting for the server 100% 100 MiB / 100 MiB, 10.0 MiB/s",
                "  uploaded 100% 100 MiB / 100 MiB, 10.0 MiB/s",
                "  processing: CDI converts the image to raw and resizes it");
    }

    @Test
    void percentage_isRoundedDown_so100MeansEveryByte() {
        Progress almost = Progress.transfer(OP, "uploading", 100 * MIB - 1, 100 * MIB, MIB);

        assertThat(ProgressDisplay.transferText(almost, true)).startsWith("uploading [=======================>]  99% 99.9 MiB / 100 MiB");
    }

    @Test
    void onATerminal_theBarIsRedrawn_andARestartStartsANewOneFromZero() {
        StringWriter out = new StringWriter();
        try (ProgressDisplay display = ProgressDisplay.on(new PrintWriter(out), true, "")) {
            display.onProgress(Progress.transfer(OP, "uploading", 0, 8 * MIB, 0));
            display.onProgress(Progress.transfer(OP, "uploading", 4 * MIB, 8 * MIB, 2 * MIB));
            display.onProgress(Progress.step("upload default/centos-dv", "retrying", "attempt 1 of 5 failed: connection reset"));
            display.onProgress(Progress.transfer(OP, "uploading", 0, 8 * MIB, 0));
            display.onProgress(Progress.transfer(OP, "uploading", 2 * MIB, 8 * MIB, 2 * MIB));
        }

        assertThat(out.toString()).isEqualTo(
                "\ruploading [>                       ]   0% 0 B / 8.00 MiB\u001b[K"
                        + "\ruploading [============>           ]  50% 4.00 MiB / 8.00 MiB, 2.00 MiB/s, ETA 2s\u001b[K\n"
                        + "retrying: attempt 1 of 5 failed: connection reset\n"
                        + "\ruploading [>                       ]   0% 0 B / 8.00 MiB\u001b[K"
                        + "\ruploading [======>                 ]  25% 2.00 MiB / 8.00 MiB, 2.00 MiB/s, ETA 3s\u001b[K\n");
    }

    @Test
    void aStepThatRepeatsTheVerb_showsItsMessageAlone() {
        assertThat(ProgressDisplay.stepText(Progress.step("deploy default/vm", "deploy", "created VirtualMachine default/vm")))
                .isEqualTo("created VirtualMachine default/vm");
        assertThat(ProgressDisplay.stepText(Progress.step("upload default/dv", "processing", null))).isEqualTo("processing");
    }
}
