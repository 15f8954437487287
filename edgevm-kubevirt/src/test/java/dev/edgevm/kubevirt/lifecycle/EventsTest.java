package dev.edgevm.kubevirt.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.kubevirt.EdgeVm;
import dev.edgevm.kubevirt.VmEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.EventSeriesBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A VM's events come newest first, by the most precise time each says, with those of its earlier launcher pods. */
@EnableEmbeddedEdgeCluster
class EventsTest {

    EmbeddedEdgeCluster cluster;
    EdgeVm edge;

    private void record(String name, String kind, String object, Consumer<EventBuilder> times) {
        EventBuilder b = new EventBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewInvolvedObject().withKind(kind).withName(object).withNamespace("default").endInvolvedObject()
                .withType("Normal").withReason("Test").withMessage(name);
        times.accept(b);
        Event event = b.build();
        cluster.client().v1().events().inNamespace("default").resource(event).create();
    }

    private static MicroTime micro(String time) {
        return new MicroTime(time);
    }

    @Test
    void newestFirst_byTheMostPreciseTime_tiesInTheOrderTheyWereStored() {
        record("vm-created", "VirtualMachine", "web", b -> b.withEventTime(micro("2026-03-01T10:00:00.100000Z")));
        record("instance-started", "VirtualMachineInstance", "web", b -> b.withEventTime(micro("2026-03-01T10:00:00.900000Z")));
        record("old-launcher-pulled", "Pod", "virt-launcher-web-x7k2p",
                b -> b.withFirstTimestamp("2026-03-01T10:00:01Z").withLastTimestamp("2026-03-01T10:00:05Z").withCount(3));
        record("same-second-first", "VirtualMachine", "web", b -> b.withLastTimestamp("2026-03-01T10:00:03Z"));
        record("same-second-second", "VirtualMachine", "web", b -> b.withLastTimestamp("2026-03-01T10:00:03Z"));
        record("series-last-seen-later", "VirtualMachine", "web", b -> b.withEventTime(micro("2026-03-01T10:00:02.000000Z"))
                .withSeries(new EventSeriesBuilder().withCount(4).withLastObservedTime(micro("2026-03-01T10:00:07.500000Z")).build()));
        record("another-vms-launcher", "Pod", "virt-launcher-web-2-abcde", b -> b.withLastTimestamp("2026-03-01T10:00:09Z"));
        record("another-vm", "VirtualMachine", "web-2", b -> b.withLastTimestamp("2026-03-01T10:00:09Z"));

        List<VmEvent> events = edge.vms().withName("web").events();

        assertThat(events).extracting(VmEvent::message).containsExactly("series-last-seen-later", "old-launcher-pulled",
                "same-second-second", "same-second-first", "instance-started", "vm-created");
        assertThat(events.get(0).time()).isEqualTo(Instant.parse("2026-03-01T10:00:07.500Z"));
        assertThat(events.get(1).object()).isEqualTo("Pod virt-launcher-web-x7k2p");
        assertThat(events.get(1).count()).isEqualTo(3);
        assertThat(events.get(4).time()).isEqualTo(Instant.parse("2026-03-01T10:00:00.900Z"));
    }
}
