package dev.edgevm.storage.doctor;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.doctor.CheckResult;
import dev.edgevm.kubevirt.doctor.DoctorCheck;
import dev.edgevm.kubevirt.doctor.DoctorContext;
import dev.edgevm.storage.EdgeStorage;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The volume pool's storage class ({@code local-storage}) exists as the runbook's local volumes
 * need it: no provisioner (the pool makes the volumes), binding when the first pod is scheduled.
 * With {@code --fix}, a missing class is created that way.
 */
public final class LocalStorageClassCheck implements DoctorCheck {

    static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";
    static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

    @Override
    public String id() {
        return "local-storage-class";
    }

    @Override
    public String title() {
        return "The volume pool's storage class";
    }

    @Override
    public int order() {
        return STORAGE;
    }

    @Override
    public CheckResult run(DoctorContext context) {
        String name = EdgeStorage.of(context.edge()).config().pool().storageClass();
        ObjectRef ref = ObjectRef.clusterScoped("StorageClass", name);
        StorageClass sc = context.cluster().call("get", ref,
                () -> context.cluster().client().storage().v1().storageClasses().withName(name).get());
        if (sc == null) {
            String fix = "create it: provisioner " + NO_PROVISIONER + ", volumeBindingMode " + WAIT_FOR_FIRST_CONSUMER
                    + ", reclaimPolicy Retain (edgevm doctor --fix does)";
            if (!context.applyFixes()) {
                return CheckResult.fail(this, "there is no storage class " + name + ": uploads to the volume pool cannot get claims", fix);
            }
            StorageClass created = new StorageClassBuilder().withNewMetadata().withName(name).endMetadata()
                    .withProvisioner(NO_PROVISIONER).withVolumeBindingMode(WAIT_FOR_FIRST_CONSUMER).withReclaimPolicy("Retain").build();
            context.cluster().run("create", ref, () -> context.cluster().client().storage().v1().storageClasses().resource(created).create());
            return CheckResult.ok(this, "storage class " + name + " was missing and is now created")
                    .withActions(List.of("created storage class " + name + " (" + NO_PROVISIONER + ", " + WAIT_FOR_FIRST_CONSUMER + ", Retain)"));
        }
        List<String> problems = new ArrayList<>();
        if (!NO_PROVISIONER.equals(sc.getProvisioner())) {
            problems.add("its provisioner is " + sc.getProvisioner() + ", so the pool makes no volumes for it (its provisioner does)");
        }
        if (!WAIT_FOR_FIRST_CONSUMER.equals(sc.getVolumeBindingMode())) {
            problems.add("it binds claims " + (sc.getVolumeBindingMode() == null ? "Immediate" : sc.getVolumeBindingMode())
                    + ": claims not pre-bound by the pool would take a volume on any node before their pod is placed");
        }
        if (problems.isEmpty()) {
            return CheckResult.ok(this, "storage class " + name + ": no provisioner, " + WAIT_FOR_FIRST_CONSUMER);
        }
        return CheckResult.warn(this, "storage class " + name + ": " + String.join("; ", problems),
                "use a class with provisioner " + NO_PROVISIONER + " and volumeBindingMode " + WAIT_FOR_FIRST_CONSUMER
                        + " for the pool (StorageConfig.pool().storageClass names it)");
    }
}
