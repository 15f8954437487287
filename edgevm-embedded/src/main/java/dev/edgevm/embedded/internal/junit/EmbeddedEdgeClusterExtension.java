package dev.edgevm.embedded.internal.junit;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link EnableEmbeddedEdgeCluster}: starts clusters, keeps them in the
 * extension store (closed with their scope), and injects fields and parameters by type.
 */
public final class EmbeddedEdgeClusterExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedEdgeClusterExtension.class);
  private static final String SCOPE = "scope";

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    List<Field> statics = injectableFields(testClass, true);
    if (!statics.isEmpty()) {
      Scope scope = scope(context);
      for (Field field : statics) {
        inject(field, null, scope);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Object instance = context.getRequiredTestInstance();
    for (Field field : injectableFields(instance.getClass(), false)) {
      inject(field, instance, scope(context));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return Injectables.supports(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return scope(context).resolve(parameter.getParameter().getType(), "parameter " + parameter.getParameter().getName());
  }

  /** The cluster scope for this context: the class's when the class shares one, else the test's. */
  private Scope scope(ExtensionContext context) {
    ExtensionContext owner = context;
    Class<?> testClass = context.getRequiredTestClass();
    boolean shared = !injectableFields(testClass, true).isEmpty();
    if (shared || context.getTestMethod().isEmpty()) {
      owner = classContext(context);
    }
    EnableEmbeddedEdgeCluster settings = settings(testClass);
    return owner.getStore(NAMESPACE).getOrComputeIfAbsent(SCOPE, key -> new Scope(start(settings)), Scope.class);
  }

  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext current = context;
    while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
      current = current.getParent().get();
    }
    return current;
  }

  private static EnableEmbeddedEdgeCluster settings(Class<?> testClass) {
    Optional<EnableEmbeddedEdgeCluster> annotation =
        AnnotationSupport.findAnnotation(testClass, EnableEmbeddedEdgeCluster.class);
    return annotation.orElseThrow(() -> new ExtensionConfigurationException(
        "@EnableEmbeddedEdgeCluster not found on " + testClass.getName()));
  }

  private static EmbeddedEdgeCluster start(EnableEmbeddedEdgeCluster settings) {
    if (settings.nodes() < 1) {
      throw new ExtensionConfigurationException("@EnableEmbeddedEdgeCluster(nodes) must be at least 1, was "
          + settings.nodes());
    }
    if (settings.sriov() < 0) {
      throw new ExtensionConfigurationException("@EnableEmbeddedEdgeCluster(sriov) must not be negative, was "
          + settings.sriov());
    }
    EmbeddedEdgeCluster.Builder builder = EmbeddedEdgeCluster.builder().nodes(settings.nodes()).seed(settings.seed());
    for (int i = 1; i <= settings.nodes() && settings.sriov() > 0; i++) {
      builder.node(String.format("node%02d", i), node -> node
          .label("feature.node.kubernetes.io/network-sriov.capable", "true")
          .allocatable("intel.com/intel_sriov_vm", Integer.toString(settings.sriov())));
    }
    for (String image : settings.unpullableImages()) {
      builder.unpullableImage(image);
    }
    for (String namespace : settings.namespaces()) {
      builder.namespace(namespace);
    }
    if (settings.customizer() != EnableEmbeddedEdgeCluster.Customizer.class) {
      try {
        settings.customizer().getDeclaredConstructor().newInstance().customize(builder);
      } catch (ReflectiveOperationException e) {
        throw new ExtensionConfigurationException("cannot create the customizer " + settings.customizer().getName()
            + ": it needs a public no-argument constructor", e);
      }
    }
    return builder.start();
  }

  private static List<Field> injectableFields(Class<?> testClass, boolean statics) {
    return ReflectionSupport.findFields(testClass,
        field -> Modifier.isStatic(field.getModifiers()) == statics && Injectables.claims(field),
        HierarchyTraversalMode.TOP_DOWN);
  }

  private static void inject(Field field, Object instance, Scope scope) {
    Injectables.check(field);
    Object value = scope.resolve(field.getType(), "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName());
    try {
      field.setAccessible(true);
      field.set(instance, value);
    } catch (IllegalAccessException | RuntimeException e) {
      throw new ExtensionConfigurationException("cannot inject field " + field.getDeclaringClass().getName() + "."
          + field.getName() + ": " + e.getMessage(), e);
    }
  }
}
