package dev.edgevm.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.EventConditions;
import org.junit.platform.testkit.engine.Events;
import org.junit.platform.testkit.engine.TestExecutionResultConditions;

/** Runs small test classes through the JUnit engine and looks at what the extension did with them. */
class ExtensionBehaviourTest {

  @Test
  void instanceFieldsOnly_giveEveryTestAFreshCluster() {
    PerTestCase.URLS.clear();
    int closedBefore = ToySdk.CLOSED.get();

    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerTestCase.class)).execute().testEvents();

    tests.assertStatistics(stats -> stats.succeeded(2).failed(0));
    assertThat(PerTestCase.URLS).hasSize(2).doesNotHaveDuplicates();
    assertThat(ToySdk.CLOSED.get() - closedBefore).isEqualTo(2);
  }

  @Test
  void aFieldOfAnotherClientType_isAConfigurationErrorNamingIt() {
    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(WrongClientTypeCase.class)).execute()
        .testEvents();

    tests.assertThatEvents().haveExactly(1, EventConditions.finishedWithFailure(
        TestExecutionResultConditions.instanceOf(ExtensionConfigurationException.class),
        TestExecutionResultConditions.message(m -> m.contains("WrongClientTypeCase.client")
            && m.contains("NamespacedKubernetesClient"))));
  }

  @Test
  void aFinalField_isAConfigurationErrorNamingIt() {
    Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FinalFieldCase.class)).execute()
        .testEvents();

    tests.assertThatEvents().haveExactly(1, EventConditions.finishedWithFailure(
        TestExecutionResultConditions.instanceOf(ExtensionConfigurationException.class),
        TestExecutionResultConditions.message(m -> m.contains("FinalFieldCase.cluster") && m.contains("final"))));
  }

  @EnableEmbeddedEdgeCluster
  static class PerTestCase {
    static final List<String> URLS = new CopyOnWriteArrayList<>();
    EmbeddedEdgeCluster cluster;
    ToySdk sdk;

    @Test
    void first() {
      URLS.add(cluster.masterUrl());
      assertThat(sdk.client()).isSameAs(cluster.client());
    }

    @Test
    void second() {
      URLS.add(cluster.masterUrl());
    }
  }

  @EnableEmbeddedEdgeCluster
  static class WrongClientTypeCase {
    NamespacedKubernetesClient client;

    @Test
    void never() {
    }
  }

  @EnableEmbeddedEdgeCluster
  static class FinalFieldCase {
    final EmbeddedEdgeCluster cluster = null;
    KubernetesClient client;

    @Test
    void never() {
    }
  }
}
