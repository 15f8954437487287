package dev.edgevm.embedded.internal.jobs;

import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.runtime.ClusterComponent;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.DaemonPool;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Jobs and command pods: the Job controller, the pod runner that executes allowed commands as
 * local processes, and the {@code pods/log} endpoint. Offers {@link PodLogs}.
 */
public final class JobsComponent implements ClusterComponent {

  private static final int MAX_CONCURRENT_PODS = 4;

  @Override
  public void start(ClusterContext context) {
    Set<String> extra = context.optionalService(JobSettings.class).map(JobSettings::extraCommands).orElse(Set.of());
    CommandAllowlist allowlist = CommandAllowlist.withExtra(extra);
    PodLogs logs = context.provide(PodLogs.class, new PodLogs());
    context.routes().matching(PodLogRoute::matches, new PodLogRoute(context.api(), logs));
    // closing interrupts the runners: they kill their processes and wait for them to go
    ExecutorService executor = context.onClose(DaemonPool.bounded("edgevm-pod-runner", MAX_CONCURRENT_PODS))
        .executor();
    new JobController(context.api(), context.random(), context.service(EventRecorder.class)).start(context);
    new PodRunner(context, allowlist, logs, executor).start(context);
  }
}
