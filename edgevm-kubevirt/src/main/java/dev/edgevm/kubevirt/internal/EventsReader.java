package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.kubevirt.VmEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The events of a VM, its instance (same name) and its launcher pods, those gone included, newest
 * first. Two lists: the events about objects named like the VM, and the pod events of the
 * namespace, of which those of pods named {@code virt-launcher-<vm>-xxxxx} are kept (KubeVirt
 * names launcher pods after the instance, with five generated characters).
 */
final class EventsReader {

    /** When events happened, best known first; ties (same second) go by the order the server stored them, then by name. */
    static final Comparator<Event> NEWEST_FIRST = Comparator.comparing(EventsReader::time)
            .thenComparing(EventsReader::resourceVersion, EventsReader::compareVersions)
            .thenComparing(e -> e.getMetadata().getName() == null ? "" : e.getMetadata().getName())
            .reversed();

    private final DefaultEdgeVm edge;

    EventsReader(DefaultEdgeVm edge) {
        this.edge = edge;
    }

    List<VmEvent> eventsOf(String namespace, String vm) {
        Pattern launcher = Pattern.compile("virt-launcher-" + Pattern.quote(vm) + "-[a-z0-9]{5}");
        // The field selectors narrow the answers; the filter below keeps them right where a server ignores them.
        List<Event> events = new ArrayList<>(list(namespace, "involvedObject.name", vm));
        events.addAll(list(namespace, "involvedObject.kind", "Pod"));
        return events.stream()
                .filter(e -> e != null && e.getMetadata() != null && e.getInvolvedObject() != null && e.getInvolvedObject().getName() != null)
                .filter(e -> isAbout(e, vm, launcher))
                .collect(Collectors.toMap(e -> e.getMetadata().getUid() == null ? e.getMetadata().getName() : e.getMetadata().getUid(),
                        Function.identity(), (a, b) -> a))
                .values().stream()
                .sorted(NEWEST_FIRST)
                .map(EventsReader::toVmEvent)
                .collect(Collectors.toList());
    }

    private List<Event> list(String namespace, String field, String value) {
        return edge.call("list", ObjectRef.of("Event", namespace, null),
                () -> edge.client().v1().events().inNamespace(namespace).withField(field, value).list().getItems());
    }

    private static boolean isAbout(Event e, String vm, Pattern launcher) {
        String kind = e.getInvolvedObject().getKind();
        String name = e.getInvolvedObject().getName();
        return "Pod".equals(kind) ? launcher.matcher(name).matches()
                : ("VirtualMachine".equals(kind) || "VirtualMachineInstance".equals(kind)) && vm.equals(name);
    }

    private static VmEvent toVmEvent(Event e) {
        return new VmEvent(time(e), e.getType(), e.getReason(), e.getMessage(),
                e.getInvolvedObject().getKind() + " " + e.getInvolvedObject().getName(), e.getCount() == null ? 1 : e.getCount());
    }

    /**
     * When the event last happened, as precisely as it says: the latest of its series' last
     * observation, its eventTime (microseconds), lastTimestamp and firstTimestamp (seconds); the
     * creation of the Event object when it says none.
     */
    static Instant time(Event e) {
        Optional<Instant> happened = Stream.of(
                        e.getSeries() == null ? null : micro(e.getSeries().getLastObservedTime()),
                        micro(e.getEventTime()), e.getLastTimestamp(), e.getFirstTimestamp())
                .map(EventsReader::parse).flatMap(Optional::stream).max(Comparator.naturalOrder());
        return happened.or(() -> parse(e.getMetadata().getCreationTimestamp())).orElse(Instant.EPOCH);
    }

    private static String micro(MicroTime t) {
        return t == null ? null : t.getTime();
    }

    private static Optional<Instant> parse(String t) {
        if (t == null || t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    private static String resourceVersion(Event e) {
        return e.getMetadata().getResourceVersion() == null ? "" : e.getMetadata().getResourceVersion();
    }

    /** resourceVersions are opaque strings; the API servers in use write increasing integers, compared as such. */
    private static int compareVersions(String a, String b) {
        if (a.matches("\\d{1,18}") && b.matches("\\d{1,18}")) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        return a.compareTo(b);
    }
}
