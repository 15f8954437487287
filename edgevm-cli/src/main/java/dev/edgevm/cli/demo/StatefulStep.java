package dev.edgevm.cli.demo;

import dev.edgevm.cli.output.ProgressDisplay;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.cloudinit.SshPublicKey;
import dev.edgevm.core.disk.UploadedDisk;
import dev.edgevm.kubevirt.DeployedVm;
import dev.edgevm.kubevirt.VmStatus;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.storage.EdgeStorage;
import dev.edgevm.storage.image.DiskImageInfo;
import dev.edgevm.storage.image.DiskImages;
import dev.edgevm.storage.pool.PoolConfig;
import dev.edgevm.storage.pool.PoolUsage;
import dev.edgevm.storage.pool.PoolVolume;
import dev.edgevm.storage.pool.VolumeOwner;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Collectors;

/**
 * The CentOS VM on a node-local volume: the pool instead of hand-made PVs, the image uploaded
 * through CDI with progress, the controller's key in the cloud-init Secret, the VM Running with
 * an address. Deploy does steps 1 to 9 of the runbook's section; starting it is step 10.
 */
final class StatefulStep implements DemoStep {

    static final String VM = "centos-vm";
    static final String DATA_VOLUME = "centos-dv";
    static final String NODE = "node02";

    @Override
    public String name() {
        return "stateful VM";
    }

    @Override
    public String runbookSection() {
        return "Stateful VM deployment";
    }

    @Override
    public String run(DemoContext context) throws Exception {
        EdgeStorage storage = EdgeStorage.of(context.edge());
        PoolConfig pool = storage.pool().config();
        PoolUsage before = storage.pool().usage();
        context.say("volume pool: up to " + pool.maxVolumesPerNode() + " volumes per node in " + pool.baseDirectory()
                + pool.volumePrefix() + "<N>, storage class " + pool.storageClass() + "; free: "
                + before.nodes().stream().map(n -> n.node() + " " + n.free()).collect(Collectors.joining(", ")));
        Path image = context.image();
        DiskImageInfo info = DiskImages.probe(image);
        context.say("disk image: " + image.getFileName() + " (" + info.format() + ", virtual size "
                + ProgressDisplay.bytes(info.virtualSize()) + ", " + ProgressDisplay.bytes(info.fileSize()) + " on disk"
                + (DemoImage.qemuImg().isPresent() ? ", converted by qemu-img" : ", raw: qemu-img is not installed") + ")");
        SshPublicKey key = SshPublicKey.parse(DemoKey.publicKeyLine("root@controller"));
        context.say("controller's key: " + key.type() + " " + key.fingerprint() + " root@controller (made for the demo)");

        context.say("deploy " + VM + " on " + NODE + ", its disk uploaded into DataVolume " + DATA_VOLUME + ":");
        DeployedVm vm;
        try (ProgressDisplay progress = context.progress()) {
            vm = context.edge().vms().deploy(spec(image, key), progress);
        }
        KubernetesClient client = context.edge().kubernetesClient();
        String ns = context.edge().namespace();
        for (PoolVolume v : storage.pool().volumesOf(VolumeOwner.of(ns, VM))) {
            context.say("kubectl get pv: " + v.name() + " " + v.phase() + " " + v.claim().map(Object::toString).orElse("")
                    + " (" + v.role().map(r -> r.label()).orElse("?") + " of " + VM + ", " + v.node() + ":" + v.path() + ")");
        }
        DataVolume dv = client.resources(DataVolume.class).inNamespace(ns).withName(DATA_VOLUME).require();
        PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(ns).withName(DATA_VOLUME).require();
        context.say("kubectl get dv: " + DATA_VOLUME + " " + dv.getStatus().phase() + "; kubectl get pvc: " + DATA_VOLUME + " "
                + pvc.getStatus().getPhase() + " " + pvc.getSpec().getVolumeName());

        vm.start();
        VmStatus running = vm.await().running(DemoContext.WAIT).value();
        String ip = vm.await().ipAddress(DemoContext.WAIT).value();
        context.say("started: " + running.printableStatus() + " on " + running.node().orElse("?") + ", IP " + ip);
        context.say(keyInSecret(client, ns, key));
        return VM + " on " + running.node().orElse("?") + " at " + ip + ", disk " + DATA_VOLUME + " on "
                + pvc.getSpec().getVolumeName() + ", key in its Secret";
    }

    private static VmSpec spec(Path image, SshPublicKey key) {
        return VmSpec.builder()
                .name(VM).cpuCores(2).memory("2056M").node(NODE)
                .rootDisk(UploadedDisk.of(image).size("1Gi").dataVolumeName(DATA_VOLUME))
                .cloudInit(c -> c.user(u -> u.name("root").sudo("ALL=(ALL) NOPASSWD:ALL").sshAuthorizedKey(key))
                        .packages("git", "net-tools"))
                .build();
    }

    /** Where the key is: in the Secret's user data, and not in the VirtualMachine. */
    private static String keyInSecret(KubernetesClient client, String ns, SshPublicKey key) {
        String secretName = VM + "-cloudinit";
        Secret secret = client.secrets().inNamespace(ns).withName(secretName).require();
        String userData = new String(Base64.getDecoder().decode(secret.getData().get("userdata")), StandardCharsets.UTF_8);
        String keyData = key.toAuthorizedKeysLine().split(" ")[1];
        if (!userData.contains(keyData)) {
            throw new IllegalStateException("the cloud-init Secret " + secretName + " does not hold root's key");
        }
        VirtualMachine object = client.resources(VirtualMachine.class).inNamespace(ns).withName(VM).require();
        if (new KubernetesSerialization().asJson(object).contains(keyData)) {
            throw new IllegalStateException("the VirtualMachine " + VM + " holds the key inline");
        }
        return "cloud-init Secret " + ns + "/" + secretName + " holds root's key " + key.fingerprint()
                + " (user root, sudo, packages git and net-tools); the VirtualMachine only names the Secret";
    }
}
