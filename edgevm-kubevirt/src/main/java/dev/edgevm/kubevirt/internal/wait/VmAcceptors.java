package dev.edgevm.kubevirt.internal.wait;

import dev.edgevm.core.UnschedulableException;
import dev.edgevm.kubevirt.VmCondition;
import dev.edgevm.kubevirt.VmStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The acceptors of each named VM wait. The terminal states are KubeVirt's printable statuses that
 * do not change without someone changing the spec or the nodes.
 *
 * <p>A wait that follows a transition waits for the transition's effect: while the VM has
 * pending state change requests (a restart's {@code [Stop, Start]}), it is on its way somewhere
 * else, and the instance a restart replaced says nothing about the one that replaces it.
 */
public final class VmAcceptors {

    private static final Set<String> IMAGE_PULL = Set.of("ErrImagePull", "ImagePullBackOff");
    private static final Set<String> STORAGE_ERRORS = Set.of("ErrorPvcNotFound", "ErrorDataVolumeNotFound", "DataVolumeError");
    private static final Acceptor<VmStatus> DELETED = Acceptor.failure(s -> !s.exists(),
            s -> new Acceptor.Failure("NotFound", "the VirtualMachine was deleted"));
    private static final Acceptor<VmStatus> CHANGE_PENDING = Acceptor.retry(s -> !s.stateChangeRequests().isEmpty());

    private VmAcceptors() {}

    /** @param replaced the uid of an instance a restart replaced: its state is not the VM's */
    public static List<Acceptor<VmStatus>> running(Optional<String> replaced) {
        List<Acceptor<VmStatus>> a = underway(replaced);
        a.addAll(cannotStart());
        a.add(Acceptor.success(s -> "Running".equals(s.printableStatus()) && s.phase().filter("Running"::equals).isPresent()));
        return a;
    }

    /** @param replaced the uid of an instance a restart replaced: its address is not the VM's */
    public static List<Acceptor<VmStatus>> ipAddress(Optional<String> replaced) {
        List<Acceptor<VmStatus>> a = underway(replaced);
        a.addAll(cannotStart());
        a.add(Acceptor.success(s -> s.ipAddress().isPresent()));
        return a;
    }

    public static List<Acceptor<VmStatus>> stopped() {
        return List.of(DELETED, CHANGE_PENDING,
                Acceptor.success(s -> "Stopped".equals(s.printableStatus())
                        && s.phase().map(p -> p.equals("Succeeded") || p.equals("Failed")).orElse(true)));
    }

    /** Paused, failing fast when the instance ended or cannot start at all. */
    public static List<Acceptor<VmStatus>> paused() {
        List<Acceptor<VmStatus>> a = underway(Optional.empty());
        a.add(Acceptor.failure(s -> s.phase().map(p -> p.equals("Succeeded") || p.equals("Failed")).orElse(false),
                s -> new Acceptor.Failure("NotRunning", "the instance ended (" + s.phase().orElse("") + ") before it was paused")));
        a.addAll(cannotStart());
        a.add(Acceptor.success(s -> "Paused".equals(s.printableStatus())));
        return a;
    }

    public static List<Acceptor<VmStatus>> deleted() {
        return List.of(Acceptor.success(s -> !s.exists()));
    }

    /** A deleted VM fails the wait; a VM in the middle of a transition is waited for. */
    private static List<Acceptor<VmStatus>> underway(Optional<String> replaced) {
        List<Acceptor<VmStatus>> a = new ArrayList<>();
        a.add(DELETED);
        replaced.ifPresent(uid -> a.add(Acceptor.retry(s -> s.instanceUid().filter(uid::equals).isPresent())));
        a.add(CHANGE_PENDING);
        return a;
    }

    /** States from which an existing VM will not reach Running by itself. */
    private static List<Acceptor<VmStatus>> cannotStart() {
        return List.of(
                Acceptor.failure(status("ErrorUnschedulable"), VmAcceptors::unschedulable),
                Acceptor.failure(s -> IMAGE_PULL.contains(s.printableStatus()), VmAcceptors::imagePull),
                Acceptor.failure(s -> STORAGE_ERRORS.contains(s.printableStatus()),
                        s -> new Acceptor.Failure(s.printableStatus(), messages(s))),
                Acceptor.failure(status("CrashLoopBackOff"), s -> new Acceptor.Failure("CrashLoopBackOff",
                        "the instance keeps failing to start" + suffix(messages(s)))),
                Acceptor.failure(s -> s.phase().filter("Failed"::equals).isPresent(),
                        s -> new Acceptor.Failure("Failed", "the instance failed" + suffix(messages(s)))));
    }

    private static Predicate<VmStatus> status(String printable) {
        return s -> printable.equals(s.printableStatus());
    }

    private static Acceptor.Failure unschedulable(VmStatus s) {
        String message = s.conditions().stream()
                .filter(c -> "PodScheduled".equals(c.type()) && !c.isTrue() && c.message() != null && !c.message().isEmpty())
                .map(VmCondition::message).findFirst()
                .orElseGet(() -> messages(s).isEmpty() ? "no node can run the VM" : messages(s));
        return new Acceptor.Failure("ErrorUnschedulable", message, awaited -> new UnschedulableException(awaited, message));
    }

    private static Acceptor.Failure imagePull(VmStatus s) {
        String images = s.containerDiskImages().isEmpty() ? "its container disk image" : String.join(", ", s.containerDiskImages());
        return new Acceptor.Failure(s.printableStatus(), "cannot pull " + images + suffix(messages(s))
                + "; check the image reference and the registry's credentials");
    }

    private static String messages(VmStatus s) {
        return s.conditions().stream().filter(c -> !c.isTrue() && c.message() != null && !c.message().isEmpty())
                .map(VmCondition::message).distinct().collect(Collectors.joining("; "));
    }

    private static String suffix(String detail) {
        return detail.isEmpty() ? "" : " (" + detail + ")";
    }
}
