package dev.edgevm.samples;

import dev.edgevm.core.VmSpec;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.DeleteOptions;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.image.DiskImageInfo;
import dev.edgevm.storage.image.DiskImages;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The runbook's stateful VM deployment, step by step: a CentOS cloud disk uploaded through CDI
 * onto a node-local volume (the pool makes the PVs the runbook has you write by hand), root's SSH
 * key and packages given to cloud-init, the VM started and its address read, and the VM deleted
 * completely: DataVolume, claims, volumes and the disk file on the node. Runs on an embedded
 * cluster, or on yours with {@code --kubeconfig FILE [--context NAME] [-n NS]}; the disk is a small
 * stand-in made on the spot ({@link SampleDisk}), the key is yours ({@code ~/.ssh/id_ed25519.pub}
 * or {@code id_rsa.pub}) or an example.
 */
public final class StatefulWalkthrough {

    /** A well-formed key for runs without one of your own; nobody holds its private half. */
    static final String EXAMPLE_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0Gq0u6nRkAbsu0pHf3f0eY9rDMSRCKj1MyCO5eQzB root@controller";

    private StatefulWalkthrough() {}

    public static void main(String[] args) throws IOException {
        try (SampleTarget target = SampleTarget.from(args); SampleDisk disk = SampleDisk.centosLike()) {
            run(target.edge(), disk.image(), controllerKey(), System.out);
        }
    }

    static void run(EdgeVm edge, Path image, String publicKey, PrintStream out) {
        // Step 2: the image. The upload checks it again before a byte is sent; this shows what it is.
        // tag::stateful-probe[]
        DiskImageInfo info = DiskImages.probe(image);   // format, virtual size, backing file, encryption: as qemu-img info
        // end::stateful-probe[]
        out.println("image " + image.getFileName() + ": " + info.format() + ", virtual size " + info.virtualSize() + " bytes");

        // Steps 1-9: the PVs (data and CDI's scratch), the upload (virtctl image-upload, TLS verified, no
        // --insecure), the key pasted into cloud-init (it goes into a Secret), and the VM. A real CentOS
        // image needs 15Gi; .node("node01") pins the disk and the VM, else the pool picks a node.
        // tag::stateful-deploy[]
        VmSpec centos = VmSpec.builder()
                .name("centos-vm").cpuCores(2).memory("2056M")
                .rootDisk(UploadedDisk.of(image).size("1Gi").dataVolumeName("centos-dv"))
                .cloudInit(c -> c
                        .user(u -> u.name("root").sudo("ALL=(ALL) NOPASSWD:ALL").sshAuthorizedKey(publicKey))
                        .packages("git", "net-tools"))
                .build();
        DeployedVm vm = edge.vms().deploy(centos, progress -> {
            if (progress.bytesDone().isEmpty()) {   // steps only; transfers report every 100 ms
                out.println("  " + progress);
            }
        });
        // end::stateful-deploy[]
        out.println("deployed " + vm.name() + ": " + vm.outcome());

        // Step 5 (kubectl get pv): which volume is whose, the bookkeeping the runbook leaves to you.
        // tag::stateful-volumes[]
        List<PoolVolume> volumes = EdgeStorage.of(edge).pool().volumesOf(VolumeOwner.of(edge.namespace(), "centos-vm"));
        // end::stateful-volumes[]
        volumes.forEach(v -> out.println("volume " + v));
        out.println("cloud-init Secret " + secretHoldingKey(edge, "centos-vm", publicKey));

        // Steps 10-12: start it, wait until it runs, read its address (kubectl get vmi); then ssh root@<ip>.
        // tag::stateful-start[]
        vm.start();
        VmStatus running = vm.await().running(Duration.ofMinutes(5)).value();
        String ip = vm.await().ipAddress(Duration.ofMinutes(2)).value();
        // end::stateful-start[]
        out.println("running on " + running.node().orElse("?") + " with IP " + ip);

        // Troubleshooting 3: delete the VM, its DataVolume, claims and PVs, and disk.img on the node
        // (only a VM this run created: one that was there before keeps its disks).
        if (SampleRun.createdHere(vm, out)) {
            // tag::stateful-delete[]
            vm.delete(DeleteOptions.defaults().purgeStorage(true).waitUpTo(Duration.ofMinutes(5)));
            // end::stateful-delete[]
            out.println("deleted with its storage");
        }
    }

    /** The name of the VM's cloud-init Secret, once it is seen to hold the key. */
    private static String secretHoldingKey(EdgeVm edge, String vm, String publicKey) {
        String name = vm + "-cloudinit";
        Secret secret = edge.kubernetesClient().secrets().inNamespace(edge.namespace()).withName(name).require();
        String userData = new String(Base64.getDecoder().decode(secret.getData().get("userdata")), StandardCharsets.UTF_8);
        if (!userData.contains(publicKey.split(" ")[1])) {
            throw new IllegalStateException("the Secret " + name + " does not hold root's key");
        }
        return edge.namespace() + "/" + name + " holds root's key";
    }

    /** Your public key, as the runbook's {@code cat ~/.ssh/id_rsa.pub}; the example key without one. */
    static String controllerKey() throws IOException {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        for (String file : List.of("id_ed25519.pub", "id_rsa.pub")) {
            if (Files.isReadable(ssh.resolve(file))) {
                return Files.readString(ssh.resolve(file)).strip();
            }
        }
        return EXAMPLE_KEY;
    }
}
