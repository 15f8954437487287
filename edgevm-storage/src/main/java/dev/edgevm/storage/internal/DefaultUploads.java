package dev.edgevm.storage.internal;

import dev.edgevm.core.KubernetesNames;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violations;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.model.Empty;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.model.cdi.DataVolumeSource;
import dev.edgevm.kubevirt.model.cdi.DataVolumeSpec;
import dev.edgevm.kubevirt.model.cdi.StorageSpec;
import dev.edgevm.storage.pool.VolumeOwner;
import dev.edgevm.storage.upload.DataVolumeUpload;
import dev.edgevm.storage.upload.RunningUpload;
import dev.edgevm.storage.upload.UploadOptions;
import dev.edgevm.storage.upload.Uploads;
import dev.edgevm.storage.upload.internal.UploadEndpoint;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.VolumeResourceRequirementsBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Standalone uploads ({@code edgevm upload}): the same steps as a stateful deploy's, with their own rollback. */
final class DefaultUploads implements Uploads, AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DefaultEdgeStorage storage;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();

    DefaultUploads(DefaultEdgeStorage storage) {
        this.storage = storage;
    }

    @Override
    public DataVolumeUpload upload(String dataVolume, Path image, Quantity size, UploadOptions options, ProgressListener progress) {
        check(dataVolume, image, size, options);
        String namespace = options.namespace().orElse(storage.edge().namespace());
        VolumeOwner owner = VolumeOwner.of(namespace, options.owner().orElse(dataVolume));
        UploadTarget target = new UploadTarget("", namespace, dataVolume, image, size, options.storageClass().orElse(null),
                options.node().orElse(null), owner);
        String subject = "upload of " + image.getFileName() + " into " + namespace + "/" + dataVolume;
        DiskPlan plan = storage.planner().plan(subject, List.of(target), VmPlacement.anywhere()).get(0);
        UploadEndpoint endpoint = storage.endpoint();
        Rollback rollback = new Rollback("upload " + namespace + "/" + dataVolume);
        try {
            return storage.provisioner().provision(plan, manifest(plan), endpoint, true, rollback::done,
                    progress == null ? ProgressListener.none() : progress);
        } catch (RuntimeException e) {
            throw rollback.undo(e);
        }
    }

    @Override
    public RunningUpload start(String dataVolume, Path image, Quantity size, UploadOptions options, ProgressListener progress) {
        Running r = new Running();
        running.add(r);
        Thread thread = new Thread(() -> {
            try {
                r.result.complete(upload(dataVolume, image, size, options, progress));
            } catch (RuntimeException | Error e) {
                r.result.completeExceptionally(e);
            } finally {
                running.remove(r);
            }
        }, "edgevm-datavolume-upload-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        r.thread = thread;
        thread.start();
        return r;
    }

    private static void check(String dataVolume, Path image, Quantity size, UploadOptions options) {
        Violations v = Violations.collect();
        if (dataVolume == null) {
            v.add("dataVolume", Violations.MISSING);
        } else {
            KubernetesNames.checkLabelName(v, "dataVolume", dataVolume);
        }
        if (image == null) {
            v.add("imagePath", Violations.MISSING);
        } else if (!Files.isRegularFile(image)) {
            v.add("imagePath", "'" + image + "' is not a regular file");
        } else if (!Files.isReadable(image)) {
            v.add("imagePath", "'" + image + "' is not readable");
        }
        if (size == null) {
            v.add("size", Violations.MISSING);
        } else {
            v.require(size.isPositive(), "size", "must be a positive size, e.g. 15Gi");
        }
        v.require(options != null, "options", Violations.MISSING + " (use UploadOptions.defaults())");
        v.throwIfAny("upload");
    }

    /** The DataVolume of a standalone upload: what {@code virtctl image-upload dv} creates, with edgevm's labels. */
    private static DataVolume manifest(DiskPlan plan) {
        UploadTarget t = plan.target();
        DataVolume dv = new DataVolume();
        dv.setMetadata(new ObjectMetaBuilder().withName(t.dataVolume()).withNamespace(t.namespace())
                .withLabels(Map.of(EdgeVmLabels.MANAGED_BY, EdgeVmLabels.MANAGED_BY_VALUE, EdgeVmLabels.VM, t.owner().name())).build());
        dv.setSpec(new DataVolumeSpec(new DataVolumeSource(Empty.INSTANCE, null, null),
                new StorageSpec(List.of("ReadWriteOnce"), "Filesystem",
                        new VolumeResourceRequirementsBuilder().addToRequests("storage",
                                new io.fabric8.kubernetes.api.model.Quantity(t.size().toString())).build(),
                        plan.storageClass(), null),
                null, null, null));
        return dv;
    }

    @Override
    public void close() {
        for (Running r : running) {
            r.cancel();
        }
        for (Running r : running) {
            r.join();
        }
    }

    private static final class Running implements RunningUpload {
        private final CompletableFuture<DataVolumeUpload> result = new CompletableFuture<>();
        private volatile Thread thread;

        @Override
        public CompletableFuture<DataVolumeUpload> result() {
            return result;
        }

        @Override
        public boolean cancel() {
            if (result.isDone()) {
                return false;
            }
            Thread t = thread;
            if (t != null) {
                t.interrupt(); // the upload stops, undoes what it created, and completes the result with a cancellation
            }
            return true;
        }

        @Override
        public DataVolumeUpload await() {
            return Background.await(result);
        }

        void join() {
            Background.join(thread);
        }
    }
}
