package dev.edgevm.storage.testing;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Quantity;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.upload.DataVolumeUpload;
import dev.edgevm.storage.upload.UploadOptions;
import java.nio.file.Path;

/**
 * Runs one whole DataVolume upload (volumes, DataVolume, upload pod, token, transfer, processing)
 * in a JVM of its own, which a test forks with a small heap: kubeconfig, DataVolume, file, size, node.
 */
public final class DataVolumeUploadMain {

    private DataVolumeUploadMain() {}

    public static void main(String[] args) {
        try (EdgeVm edge = EdgeVm.connect(o -> o.kubeconfig(Path.of(args[0])))) {
            DataVolumeUpload done = EdgeStorage.of(edge).uploads().upload(args[1], Path.of(args[2]), Quantity.parse(args[3]),
                    UploadOptions.builder().node(args[4]).build(), ProgressListener.none());
            Runtime runtime = Runtime.getRuntime();
            System.out.println("SENT " + done.bytesSent() + " MAXHEAP " + runtime.maxMemory());
        }
    }
}
