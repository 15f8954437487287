package dev.edgevm.embedded;

import dev.edgevm.embedded.internal.junit.EmbeddedEdgeClusterExtension;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test an embedded edge cluster. Fields and parameters are injected by type:
 * {@link EmbeddedEdgeCluster}, {@code KubernetesClient} (the cluster's own client), and any type
 * with a public static {@code using(KubernetesClient)} factory (such as the SDK's entry point),
 * which is closed after use when it is AutoCloseable.
 *
 * <p>When the class declares a static field of one of these types, one cluster serves the whole
 * class (started before all tests, closed after them) and instance fields and parameters get
 * that cluster too; otherwise every test gets a fresh cluster.
 *
 * <pre>{@code
 * @EnableEmbeddedEdgeCluster(nodes = 3, sriov = 1)
 * class DeployTest {
 *   static EmbeddedEdgeCluster cluster;
 *   KubernetesClient client;
 *   ...
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedEdgeClusterExtension.class)
public @interface EnableEmbeddedEdgeCluster {

  /** Number of nodes (node01, node02, ...). */
  int nodes() default 1;

  /** SR-IOV virtual functions ({@code intel.com/intel_sriov_vm}) allocatable on every node; 0 for none. */
  int sriov() default 0;

  /** Seed of all randomness (names, addresses, faults). */
  long seed() default 0;

  /** Container images whose pull fails (ErrImagePull, then ImagePullBackOff). */
  String[] unpullableImages() default {};

  /** Namespaces created at start. */
  String[] namespaces() default {};

  /** Further configuration of the cluster, e.g. node taints: a class with a public no-argument constructor. */
  Class<? extends Customizer> customizer() default Customizer.class;

  /** Configures the builder of the cluster beyond what the annotation's attributes say. */
  interface Customizer {
    default void customize(EmbeddedEdgeCluster.Builder builder) {
    }
  }
}
