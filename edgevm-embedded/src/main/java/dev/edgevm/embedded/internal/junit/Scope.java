package dev.edgevm.embedded.internal.junit;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One cluster and the objects made for its tests, kept in JUnit's extension store: closing the
 * scope closes those objects (newest first), then the cluster.
 */
final class Scope implements AutoCloseable {

  private final EmbeddedEdgeCluster cluster;
  private final Deque<AutoCloseable> created = new ArrayDeque<>();

  Scope(EmbeddedEdgeCluster cluster) {
    this.cluster = cluster;
  }

  synchronized Object resolve(Class<?> type, String target) {
    if (type == EmbeddedEdgeCluster.class) {
      return cluster;
    }
    KubernetesClient client = cluster.client();
    if (type == KubernetesClient.class) {
      return client;
    }
    Method factory = Injectables.factory(type).orElseThrow(() -> new ExtensionConfigurationException(
        target + " has type " + type.getName() + ", which the embedded cluster cannot inject"));
    try {
      Object value = factory.invoke(null, client);
      if (value instanceof AutoCloseable closeable) {
        created.push(closeable);
      }
      return value;
    } catch (IllegalAccessException | InvocationTargetException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new ExtensionConfigurationException("cannot create " + type.getSimpleName() + " for " + target + ": "
          + cause.getMessage(), cause);
    }
  }

  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    while (!created.isEmpty()) {
      AutoCloseable next = created.pop();
      try {
        next.close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (failure == null) {
          failure = new IllegalStateException("closing " + next + " failed: " + e.getMessage(), e);
        }
      }
    }
    cluster.close();
    if (failure != null) {
      throw failure;
    }
  }
}
