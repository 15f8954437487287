package dev.edgevm.storage.snapshot.internal;

import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.NotFoundException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.StorageConfig;
import dev.edgevm.storage.internal.await.Await;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The claim and DataVolume moves of restores: a claim made on exactly one volume (its
 * {@code spec.volumeName}, the volume pre-bound back to it), a DataVolume that adopts an existing
 * claim as CDI's pre-populated one, deletions waited for until the objects are gone.
 */
final class Claims {

    /** CDI: a DataVolume with this annotation takes its claim as already populated. */
    static final String PRE_POPULATED = "cdi.kubevirt.io/storage.prePopulated";
    /** CDI: on a claim, the DataVolume it was populated for. */
    static final String POPULATED_FOR = "cdi.kubevirt.io/storage.populatedFor";
    /** CDI: what a claim holds; {@code kubevirt} is a disk image in {@code disk.img}. */
    static final String CONTENT_TYPE = "cdi.kubevirt.io/storage.contentType";

    private final ClusterAccess cluster;
    private final Await await;
    private final Supplier<StorageConfig> config;

    Claims(ClusterAccess cluster, Supplier<StorageConfig> config) {
        this.cluster = cluster;
        this.await = new Await(cluster);
        this.config = config;
    }

    /** Deletions wait as long as any clean-up may take. */
    private Duration deletionTimeout() {
        return config.get().cleanupTimeout();
    }

    /** A claim taking its volume, a DataVolume its claim: steps of a restore, which may take as long as its copies. */
    private Duration moveTimeout() {
        return config.get().snapshotCopyTimeout();
    }

    /** A claim on {@code volume} alone, with the storage, size and modes given, and waits until it is Bound. */
    PersistentVolumeClaim createOn(String namespace, String name, String volume, String storageClass, Quantity size,
                                   List<String> accessModes, String volumeMode, Map<String, String> labels,
                                   Map<String, String> annotations) {
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec()
                .withAccessModes(accessModes.isEmpty() ? List.of("ReadWriteOnce") : accessModes)
                .withVolumeMode(volumeMode == null ? "Filesystem" : volumeMode)
                .withStorageClassName(storageClass)
                .withVolumeName(volume)
                .withNewResources().addToRequests("storage", size).endResources()
                .endSpec()
                .build();
        ObjectRef ref = ObjectRef.of("PersistentVolumeClaim", namespace, name);
        cluster.call("create", ref, () -> cluster.client().persistentVolumeClaims().inNamespace(namespace).resource(claim).create());
        return awaitBound(namespace, name);
    }

    PersistentVolumeClaim awaitBound(String namespace, String name) {
        return await.until("claim " + namespace + "/" + name + " to be Bound", moveTimeout(), PersistentVolumeClaim.class, namespace, name,
                cached -> {
                    if (cached.isEmpty()) {
                        return Await.Outcome.waiting("not seen yet");
                    }
                    String phase = cached.get().getStatus() == null ? null : cached.get().getStatus().getPhase();
                    if ("Bound".equals(phase)) {
                        return Await.Outcome.success(cached.get());
                    }
                    if ("Lost".equals(phase)) {
                        return Await.Outcome.failure(new EdgeVmException("claim " + namespace + "/" + name + " is Lost: its volume is gone"));
                    }
                    return Await.Outcome.waiting("phase " + phase);
                });
    }

    /** Deletes the claim and waits until it is gone; false when there was none. */
    boolean delete(String namespace, String name) {
        ObjectRef ref = ObjectRef.of("PersistentVolumeClaim", namespace, name);
        PersistentVolumeClaim current = cluster.call("get", ref, () -> cluster.client().persistentVolumeClaims().inNamespace(namespace)
                .withName(name).get());
        if (current == null) {
            return false;
        }
        cluster.run("delete", ref, () -> cluster.client().persistentVolumeClaims().inNamespace(namespace).withName(name).delete());
        await.gone("claim " + namespace + "/" + name + " to be deleted", deletionTimeout(), PersistentVolumeClaim.class, namespace, name,
                () -> cluster.call("get", ref, () -> cluster.client().persistentVolumeClaims().inNamespace(namespace).withName(name).get()));
        return true;
    }

    /** Deletes the DataVolume (its claim goes with it) and waits until both are gone. */
    void deleteDataVolume(String namespace, String name) {
        ObjectRef ref = ObjectRef.of("DataVolume", namespace, name);
        cluster.run("delete", ref, () -> cluster.client().resources(DataVolume.class).inNamespace(namespace).withName(name).delete());
        await.gone("DataVolume " + namespace + "/" + name + " to be deleted", deletionTimeout(), DataVolume.class, namespace, name,
                () -> cluster.call("get", ref, () -> cluster.client().resources(DataVolume.class).inNamespace(namespace).withName(name).get()));
        delete(namespace, name);
    }

    /**
     * A DataVolume of the spec and labels of {@code like}, taking the existing claim of the same name
     * as already populated (CDI copies nothing), and waits until it Succeeded.
     */
    DataVolume createPrePopulated(DataVolume like, Map<String, String> annotations) {
        String namespace = like.getMetadata().getNamespace();
        String name = like.getMetadata().getName();
        DataVolume dv = new DataVolume();
        Map<String, String> notes = new LinkedHashMap<>();
        VmDisks.annotations(like).forEach((k, v) -> {
            if (!k.startsWith("cdi.kubevirt.io/")) {
                notes.put(k, v);
            }
        });
        notes.putAll(annotations);
        notes.put(PRE_POPULATED, name);
        dv.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(like.getMetadata().getLabels()).withAnnotations(notes).build());
        dv.setSpec(like.getSpec());
        ObjectRef ref = ObjectRef.of("DataVolume", namespace, name);
        cluster.call("create", ref, () -> cluster.client().resources(DataVolume.class).inNamespace(namespace).resource(dv).create());
        return await.until("DataVolume " + namespace + "/" + name + " to take its claim", moveTimeout(), DataVolume.class, namespace, name,
                cached -> {
                    if (cached.isEmpty()) {
                        return Await.Outcome.waiting("not seen yet");
                    }
                    String phase = cached.get().getStatus() == null ? null : cached.get().getStatus().phase();
                    if ("Succeeded".equals(phase)) {
                        return Await.Outcome.success(cached.get());
                    }
                    if ("Failed".equals(phase)) {
                        return Await.Outcome.failure(new EdgeVmException("DataVolume " + namespace + "/" + name + " failed"));
                    }
                    return Await.Outcome.waiting("phase " + phase);
                });
    }

    /**
     * Points the volume at the claim of this name (no uid), so a claim of that name binds it and no
     * other claim can. Written with the resourceVersion read: the controllers change volumes all the
     * time (status, annotations), so a 409 is read again and the change applied to what is there now.
     */
    void preBind(String volume, String namespace, String claim) {
        ObjectRef ref = ObjectRef.clusterScoped("PersistentVolume", volume);
        cluster.onConflict(() -> {
            PersistentVolume pv = volume(volume);
            if (pv == null) {
                throw new NotFoundException("PersistentVolume " + volume + " to pre-bind to claim " + namespace + "/" + claim
                        + " does not exist", ref, null);
            }
            pv.getSpec().setClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                    .withNamespace(namespace).withName(claim).build());
            return cluster.call("pre-bind", ref, () -> cluster.client().persistentVolumes().resource(pv).update());
        });
    }

    /** Wipes and frees volumes for an undo; one a claim still holds is a failure of the undo, not a silent keep. */
    static void release(dev.edgevm.storage.pool.VolumePool pool, List<dev.edgevm.storage.pool.PoolVolume> volumes) {
        var result = pool.release(volumes);
        if (!result.kept().isEmpty()) {
            throw new EdgeVmException("volumes kept: " + result.kept());
        }
    }

    PersistentVolume volume(String name) {
        return cluster.call("get", ObjectRef.clusterScoped("PersistentVolume", name),
                () -> cluster.client().persistentVolumes().withName(name).get());
    }
}
