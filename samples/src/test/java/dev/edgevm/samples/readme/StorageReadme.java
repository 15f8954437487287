package dev.edgevm.samples.readme;

import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.Quantity;
import dev.edgevm.core.Violation;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.ClaimDisk;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmResource;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.cdi.Cdi;
import dev.edgevm.storage.cdi.NodeTaint;
import dev.edgevm.storage.containerdisk.BuiltContainerDisk;
import dev.edgevm.storage.containerdisk.ContainerDisks;
import dev.edgevm.storage.containerdisk.ContainerImageFormat;
import dev.edgevm.storage.containerdisk.RegistryAccess;
import dev.edgevm.storage.image.DiskImageInfo;
import dev.edgevm.storage.image.DiskImages;
import dev.edgevm.storage.image.FilesystemOverhead;
import dev.edgevm.storage.image.UploadPreflight;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.snapshot.Snapshot;
import dev.edgevm.storage.snapshot.SnapshotOptions;
import dev.edgevm.storage.snapshot.Snapshots;
import dev.edgevm.storage.upload.DataVolumeUpload;
import dev.edgevm.storage.upload.ImageUploader;
import dev.edgevm.storage.upload.RunningUpload;
import dev.edgevm.storage.upload.UploadHandle;
import dev.edgevm.storage.upload.UploadOptions;
import dev.edgevm.storage.upload.UploadRequest;
import dev.edgevm.storage.upload.UploadResult;
import dev.edgevm.storage.upload.UploadTls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The code of edgevm-storage's README, compiled so it cannot go stale (ReadmeSnippetsTest compares
 * each block with its region here). Not run here: the walkthroughs and the module's own tests run
 * the same calls against the embedded cluster.
 */
final class StorageReadme {

    private StorageReadme() {}

    static void statefulVm(String publicKey) {
        // tag::storage-stateful-vm[]
        try (EdgeVm edge = EdgeVm.connect()) {
            DeployedVm vm = edge.vms().deploy(VmSpec.builder()
                    .name("centos-vm").cpuCores(2).memory("2056M").node("node01")
                    .rootDisk(UploadedDisk.of(Path.of("CentOS-7-x86_64-GenericCloud-2003.qcow2")).size("15Gi").dataVolumeName("centos-dv"))
                    .cloudInit(c -> c.user(u -> u.name("root").sudo("ALL=(ALL) NOPASSWD:ALL").sshAuthorizedKey(publicKey)))
                    .build(), System.out::println);                 // progress: volumes, DataVolume, upload pod, bytes/rate/ETA, processing
            vm.start();
            vm.await().ipAddress(Duration.ofMinutes(5));
            // ...
            vm.delete(DeleteOptions.defaults().purgeStorage(true)); // VM, DataVolume, claims, volumes, disk.img on the node
        }
        // end::storage-stateful-vm[]
    }

    static void pool(EdgeVm edge) {
        // tag::storage-pool-config[]
        EdgeStorage.of(edge).configure(c -> c.pool(PoolConfig.builder()
                .baseDirectory("/var/vd/").volumePrefix("vol").maxVolumesPerNode(64)
                .defaultCapacity("15Gi").storageClass("local-storage").build()));
        // end::storage-pool-config[]
    }

    static void uploads(EdgeVm edge, Path image, ProgressListener listener) {
        // tag::storage-upload[]
        DataVolumeUpload done = EdgeStorage.of(edge).uploads().upload("centos-dv", image, Quantity.parse("15Gi"),
                UploadOptions.builder().node("node01").owner("centos-vm").build(), System.out::println);
        RunningUpload running = EdgeStorage.of(edge).uploads().start("other-dv", image, Quantity.parse("15Gi"),
                UploadOptions.builder().build(), listener);          // running.cancel() stops and undoes it
        // end::storage-upload[]
    }

    static void cpuManager(EdgeVm edge) {
        // tag::storage-cdi-tolerate[]
        Cdi cdi = EdgeStorage.of(edge).cdi();
        cdi.untoleratedTaints();                            // [cmk:NoSchedule on node03]
        cdi.tolerate(NodeTaint.of("cmk", "NoSchedule"));   // true: CDI CR spec.workload.tolerations += {cmk, Exists, NoSchedule}
        // end::storage-cdi-tolerate[]
    }

    static void snapshots(EdgeVm edge) {
        // tag::storage-snapshots[]
        Snapshots snapshots = EdgeStorage.of(edge).snapshots();           // the EdgeVm's namespace; .inNamespace(ns)
        Snapshot before = snapshots.take("centos-vm", "before-upgrade");   // the VM must be stopped
        snapshots.take("centos-vm", "nightly", SnapshotOptions.builder().compress(true).pausedOk(true).build(), System.out::println);
        snapshots.list("centos-vm");                                      // or list(): the namespace's, node-local and CSI
        snapshots.restore(before);                                        // back into centos-vm (stopped), same claim names
        VmResource copy = snapshots.restoreAs(before, "centos-vm-copy");  // a second VM, with its own volumes
        snapshots.restoreAs(before, VmSpec.builder().name("bigger").cpuCores(4).memory("8Gi")
                .rootDisk(ClaimDisk.of("bigger-rootdisk")).build());     // or a VM of your own spec on the copies
        snapshots.export(before, Path.of("centos-before-upgrade.qcow2"), System.out::println);  // download, checksum checked
        snapshots.delete("before-upgrade");                               // its volumes wiped on the node and freed
        // end::storage-snapshots[]
    }

    static void probe() {
        // tag::storage-probe[]
        DiskImageInfo info = DiskImages.probe(Path.of("CentOS-7-x86_64-GenericCloud-2003.qcow2"));
        info.format();        // "qcow2", named as qemu-img names it
        info.virtualSize();   // bytes, equal to qemu-img info's virtual-size
        info.backingFile();   // Optional: an overlay's base
        info.encryption();    // Optional: AES or LUKS
        info.compressed();    // Optional<Boolean>: any compressed cluster (empty if the bounded scan could not tell)
        // end::storage-probe[]
    }

    static void preflight(Path image) {
        // tag::storage-preflight[]
        UploadPreflight preflight = UploadPreflight.forVolume(Quantity.parse("15Gi"), FilesystemOverhead.parse("0.06"));
        DiskImageInfo ok = preflight.check(image);       // or InvalidSpecException listing every reason
        List<Violation> why = preflight.violations(image);
        // end::storage-preflight[]
    }

    static void uploader(String proxy, String token, Path image, String uploadProxyCaPem, ProgressListener listener) {
        // tag::storage-image-uploader[]
        try (ImageUploader uploader = ImageUploader.create()) {
            UploadRequest request = UploadRequest.builder()
                    .uri(URI.create("https://" + proxy + "/v1beta1/upload-async"))
                    .token(token)                          // @Value.Redacted: never in toString or messages
                    .file(image)
                    .tls(UploadTls.trusting(uploadProxyCaPem)) // or systemTrust(), or insecure() (logs a warning)
                    .build();
            UploadResult r = uploader.upload(request, progress -> System.out.println(progress)); // this thread
            UploadHandle h = uploader.start(request, listener);  // own thread; h.cancel(), h.await(), h.result()
        }
        // end::storage-image-uploader[]
    }

    static void containerDisk(Path image) {
        // tag::storage-container-disk[]
        BuiltContainerDisk built = ContainerDisks.build(Path.of("centos.qcow2"))   // probed; refuses non-images,
                .pushTo("registry.example:5000/vms/centos:7",                       // backing files, encryption,
                        RegistryAccess.dockerConfig());                            // formats other than raw/qcow2
        VmSpec spec = VmSpec.builder().name("centos").cpuCores(2).memory("2Gi")
                .rootDisk(built.disk())                // ContainerDisk "registry.example:5000/vms/centos@sha256:…"
                .build();

        ContainerDisks.build(image).format(ContainerImageFormat.DOCKER)
                .writeTarball(Path.of("centos.tar"), "vms/centos:7");    // docker load / OCI image layout
        // end::storage-container-disk[]
    }
}
