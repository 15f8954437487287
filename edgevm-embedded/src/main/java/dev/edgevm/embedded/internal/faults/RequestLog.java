package dev.edgevm.embedded.internal.faults;

import dev.edgevm.embedded.ClusterRequest;
import dev.edgevm.embedded.ClusterRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/** The client requests the API server received, in arrival order. */
public final class RequestLog implements ClusterRequests {

  private final Queue<ClusterRequest> requests = new ConcurrentLinkedQueue<>();

  public void record(ClusterRequest request) {
    requests.add(request);
  }

  @Override
  public long count() {
    return requests.size();
  }

  @Override
  public long count(Predicate<ClusterRequest> matching) {
    return requests.stream().filter(matching).count();
  }

  @Override
  public List<ClusterRequest> list() {
    return new ArrayList<>(requests);
  }

  @Override
  public void reset() {
    requests.clear();
  }
}
