package dev.edgevm.embedded.internal.events;

import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;

/** Offers the {@link EventRecorder} to the components after it. */
public final class EventsComponent implements ClusterComponent {

  @Override
  public void start(ClusterContext context) {
    context.provide(EventRecorder.class, context.onClose(new EventRecorder(context.api(), context.random())));
  }
}
