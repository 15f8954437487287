package dev.edgevm.embedded.junit;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicInteger;

/** Stands for an SDK entry point with a using(KubernetesClient) factory, such as EdgeVm. */
public final class ToySdk implements AutoCloseable {

  static final AtomicInteger CLOSED = new AtomicInteger();

  private final KubernetesClient client;

  private ToySdk(KubernetesClient client) {
    this.client = client;
  }

  public static ToySdk using(KubernetesClient client) {
    return new ToySdk(client);
  }

  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    CLOSED.incrementAndGet();
  }
}
