package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ForbiddenException;
import dev.edgevm.core.InvalidSpecException;
import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.OperationFailedException;
import dev.edgevm.core.PreflightException;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.core.VmSpec;
import dev.edgevm.core.Violations;
import dev.edgevm.core.disk.Disk;
import dev.edgevm.kubevirt.DeployOutcome;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.EdgeVmLabels;
import dev.edgevm.kubevirt.VmManifests;
import dev.edgevm.kubevirt.model.VirtualMachine;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.kubevirt.spi.DeployContext;
import dev.edgevm.kubevirt.spi.DeployExtension;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deploys one VM: check, prepare, create the cloud-init Secret, create the VirtualMachine. Reads
 * whether the VM exists from the shared informer, so a fresh deploy costs one write per object and
 * a repeated deploy none; a create that races another client and gets 409 compares instead.
 */
final class DeployOperation implements DeployContext {

    private final DefaultEdgeVm edge;
    private final VmSpec spec;
    private final ProgressListener progress;
    private final boolean replace;
    private final VmManifests manifests;
    private final String namespace;
    private final Journal journal;
    private final CloudInitSecrets secrets;
    /** Whether this deploy wrote the cloud-init Secret (created it, or replaced its content). */
    private boolean secretWritten;

    DeployOperation(DefaultEdgeVm edge, VmSpec spec, ProgressListener progress, boolean replace) {
        this.edge = edge;
        this.spec = spec;
        this.progress = progress;
        this.replace = replace;
        this.manifests = VmManifests.of(spec);
        this.namespace = spec.namespace().orElseThrow();
        this.secrets = new CloudInitSecrets(edge, namespace, spec.name());
        this.journal = new Journal((replace ? "apply " : "deploy ") + namespace + "/" + spec.name(), edge.calls().policies());
    }

    DeployOutcome run() {
        checkDisksAreProvisioned();
        Optional<VirtualMachine> existing = edge.cached(VirtualMachine.class, namespace, spec.name());
        boolean fromServer = false;
        if (existing.isEmpty() && provisionsDisks()) {
            // Provisioning (volumes, uploads) is too costly to find out afterwards that the VM existed: ask the server.
            existing = Optional.ofNullable(readVm());
            fromServer = true;
        }
        if (existing.isPresent() && !fromServer && !sameHash(existing.get())) {
            // The cache may not have our own last write yet (an apply a moment ago): the server decides.
            existing = Optional.ofNullable(readVm());
        }
        if (existing.isPresent() && sameHash(existing.get())) {
            return unchanged();
        }
        if (existing.isPresent() && !replace) {
            throw differs(existing.get());
        }
        edge.deployExtensions().forEach(e -> e.preflight(this));
        try {
            edge.deployExtensions().forEach(e -> e.prepare(this));
            if (manifests.cloudInitSecret().isPresent()) {
                Optional<DeployOutcome> decided = createSecret(manifests.cloudInitSecret().get(), existing.isPresent());
                if (decided.isPresent()) {
                    return decided.get();
                }
            }
            return existing.isPresent() ? updateVm() : createVm();
        } catch (RuntimeException e) {
            EdgeVmException failure = e instanceof EdgeVmException x ? x : new EdgeVmException(e.getMessage(), e);
            OperationFailedException rolledBack = journal.rollback(failure);
            // A refusal the caller must act on keeps its own type once everything was undone.
            if (rolledBack.leftBehind().isEmpty() && isRefusal(failure)) {
                throw failure;
            }
            throw rolledBack;
        }
    }

    private static boolean isRefusal(EdgeVmException e) {
        return e instanceof InvalidSpecException || e instanceof PreflightException
                || e instanceof ConflictException || e instanceof ForbiddenException;
    }

    private boolean provisionsDisks() {
        return spec.namedDisks().values().stream().anyMatch(this::providedByExtension);
    }

    /** Whether a deploy extension (edgevm-storage) creates what this disk needs before the VM. */
    private boolean providedByExtension(Disk disk) {
        return edge.deployExtensions().stream().anyMatch(e -> e.provisions().stream().anyMatch(t -> t.isInstance(disk)));
    }

    private void checkDisksAreProvisioned() {
        Violations v = Violations.collect();
        for (Map.Entry<String, Disk> d : spec.namedDisks().entrySet()) {
            boolean needsExtension = d.getValue() instanceof dev.edgevm.core.disk.UploadedDisk;
            if (needsExtension && !providedByExtension(d.getValue())) {
                v.add("disks[" + d.getKey() + "]", "an " + d.getValue().getClass().getSimpleName()
                        + " needs the edgevm-storage module on the classpath");
            }
        }
        v.throwIfAny("VmSpec " + spec.name());
    }

    /**
     * The VM exists with this spec. Its cloud-init Secret is checked too (one read): one that went
     * missing or was changed is written again, since the VM cannot start without it.
     */
    private DeployOutcome unchanged() {
        Optional<Secret> wanted = manifests.cloudInitSecret();
        if (wanted.isPresent()) {
            Optional<Secret> current = secrets.read();
            if (current.isPresent() && !secrets.isOwn(current.get())) {
                throw notOurs(null);
            }
            if (current.isEmpty() || !Objects.equals(current.get().getData(), wanted.get().getData())) {
                if (current.isEmpty()) {
                    secrets.create(wanted.get());
                } else {
                    secrets.replace(wanted.get());
                }
                step((current.isEmpty() ? "created " : "restored ") + secrets.ref() + ": the VM exists with this spec but its Secret "
                        + (current.isEmpty() ? "was missing" : "had been changed"));
                return DeployOutcome.UPDATED;
            }
        }
        step("unchanged: the VM already exists with this spec");
        return DeployOutcome.UNCHANGED;
    }

    /**
     * Creates the cloud-init Secret. If it exists, the VM may exist too (the informer may not have
     * shown it yet): then the VM decides, read once. Otherwise the Secret is left over from a deploy
     * of this VM that did not finish, and is adopted. A Secret whose content is replaced is put back
     * if a later step fails.
     *
     * @return the outcome when the VM turned out to exist already; empty to go on
     */
    private Optional<DeployOutcome> createSecret(Secret secret, boolean vmKnown) {
        ObjectRef ref = secrets.ref();
        boolean vmExists = vmKnown;
        try {
            secrets.create(secret);
            secretWritten = true;
            journal.done("created " + ref, secrets::delete);
            step("created " + ref);
            return Optional.empty();
        } catch (ConflictException exists) {
            if (!vmExists) {
                VirtualMachine vm = readVm();
                if (vm != null && sameHash(vm)) {
                    return Optional.of(unchanged());
                }
                if (vm != null && !replace) {
                    throw differs(vm);
                }
                vmExists = vm != null; // the informer had not shown it yet
            }
            Secret current = secrets.read().orElseThrow(() -> exists);
            if (!secrets.isOwn(current)) {
                throw notOurs(exists);
            }
            if (!Objects.equals(current.getData(), secret.getData())) {
                secrets.replace(secret);
                secretWritten = true;
                if (vmExists) {
                    journal.done("replaced " + ref, () -> secrets.replace(current));
                }
            }
            if (!vmExists) {
                // Left over from a deploy of this VM that did not finish: no VM uses it, so a failure may remove it.
                journal.done("adopted " + ref, secrets::delete);
            }
            step((vmExists ? "updated " : "adopted ") + ref);
            return Optional.empty();
        }
    }

    private ConflictException notOurs(Throwable cause) {
        return new ConflictException(secrets.ref() + " exists and was not created by edgevm for this VM; delete or rename it",
                "AlreadyExists", secrets.ref(), cause);
    }

    private VirtualMachine readVm() {
        return edge.call("get", ObjectRef.of("VirtualMachine", namespace, spec.name()),
                () -> edge.client().resources(VirtualMachine.class).inNamespace(namespace).withName(spec.name()).get());
    }

    private DeployOutcome createVm() {
        VirtualMachine vm = manifests.virtualMachine();
        ObjectRef ref = ObjectRef.of("VirtualMachine", namespace, spec.name());
        AtomicBoolean mayHaveLanded = new AtomicBoolean();
        try {
            edge.run("create", ref, () -> {
                try {
                    edge.client().resources(VirtualMachine.class).inNamespace(namespace).resource(vm).create();
                } catch (RuntimeException e) {
                    mayHaveLanded.compareAndSet(false, Errors.translate(e, "create", ref) instanceof ClusterUnreachableException);
                    throw e;
                }
            });
        } catch (ConflictException raced) {
            VirtualMachine current = readVm();
            if (current != null && sameHash(current)) {
                // Created by an attempt whose answer was lost, or by someone else meanwhile (then a Secret this
                // deploy had to write again is its change).
                step(mayHaveLanded.get() ? "created " + ref : "unchanged: the VM was created meanwhile with this spec");
                return mayHaveLanded.get() ? DeployOutcome.CREATED : secretWritten ? DeployOutcome.UPDATED : DeployOutcome.UNCHANGED;
            }
            if (current != null && replace) {
                return updateVm();
            }
            throw current == null ? raced : differs(current);
        }
        edge.expectCreated(VirtualMachine.class, namespace, spec.name());
        step("created " + ref);
        return DeployOutcome.CREATED;
    }

    private DeployOutcome updateVm() {
        ObjectRef ref = ObjectRef.of("VirtualMachine", namespace, spec.name());
        VirtualMachine desired = manifests.virtualMachine();
        Conflicts.edit(edge, ref, () -> edge.client().resources(VirtualMachine.class).inNamespace(namespace),
                current -> {
                    current.setSpec(desired.getSpec());
                    current.getMetadata().setLabels(desired.getMetadata().getLabels());
                    current.getMetadata().setAnnotations(merge(current.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations()));
                    return current;
                });
        step("updated " + ref + " (a running VM takes the new template at its next restart)");
        if (manifests.cloudInitSecret().isEmpty() && secrets.deleteIfOwn()) {
            step("deleted " + secrets.ref() + ": the spec has no cloud-init secret any more");
        }
        return DeployOutcome.UPDATED;
    }

    private static Map<String, String> merge(Map<String, String> current, Map<String, String> desired) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(current == null ? Map.of() : current);
        merged.putAll(desired);
        return merged;
    }

    private boolean sameHash(VirtualMachine existing) {
        String want = manifests.virtualMachine().getMetadata().getAnnotations().get(EdgeVmLabels.SPEC_HASH);
        Map<String, String> annotations = existing.getMetadata().getAnnotations();
        return annotations != null && want.equals(annotations.get(EdgeVmLabels.SPEC_HASH));
    }

    private ConflictException differs(VirtualMachine existing) {
        ObjectRef ref = ObjectRef.of("VirtualMachine", namespace, spec.name());
        List<String> diff = SpecDiff.differences(manifests.virtualMachine().getSpec(), existing.getSpec());
        String what = diff.isEmpty() ? "its labels, annotations or cloud-init data differ" : String.join("; ", diff);
        return new ConflictException(ref + " already exists with a different spec (" + what
                + "); use apply() to replace it, or delete it first", "AlreadyExists", ref, null);
    }

    private void step(String message) {
        progress.onProgress(Progress.step("deploy " + namespace + "/" + spec.name(), "deploy", message));
    }

    @Override
    public EdgeVm edge() {
        return edge;
    }

    @Override
    public ClusterAccess cluster() {
        return edge;
    }

    @Override
    public VmSpec spec() {
        return spec;
    }

    @Override
    public VmManifests manifests() {
        return manifests;
    }

    @Override
    public ProgressListener progress() {
        return progress;
    }

    @Override
    public void created(String step, Runnable undo) {
        journal.done(step, undo);
    }

    static InvalidSpecException namespaceMismatch(String specNamespace, String target) {
        return InvalidSpecException.of("VmSpec", "namespace", "the spec says '" + specNamespace
                + "' but it is being deployed into '" + target + "'; leave it out of the spec or deploy into it");
    }

}
