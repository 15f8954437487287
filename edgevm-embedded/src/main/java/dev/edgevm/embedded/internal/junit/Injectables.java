package dev.edgevm.embedded.internal.junit;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import io.fabric8.kubernetes.client.Client;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What the extension injects: the cluster, its {@code KubernetesClient}, and objects of types with
 * a public static {@code using(KubernetesClient)} factory. Fields that look meant for injection but
 * cannot be (final, another fabric8 client type, a {@code using} method of the wrong shape) are
 * reported as misuse.
 */
final class Injectables {

  private Injectables() {
  }

  static boolean supports(Class<?> type) {
    return type == EmbeddedEdgeCluster.class || type == KubernetesClient.class || factory(type).isPresent();
  }

  /** Whether the field is the extension's concern (injectable or misused). */
  static boolean claims(Field field) {
    Class<?> type = field.getType();
    return supports(type) || Client.class.isAssignableFrom(type) || hasUsingMethod(type);
  }

  /** Throws the configuration error a claimed field that cannot be injected deserves. */
  static void check(Field field) {
    String name = field.getDeclaringClass().getName() + "." + field.getName();
    Class<?> type = field.getType();
    if (Client.class.isAssignableFrom(type) && type != KubernetesClient.class) {
      throw new ExtensionConfigurationException("field " + name + " has type " + type.getSimpleName()
          + ", which the embedded cluster cannot inject: declare it as KubernetesClient");
    }
    if (!supports(type)) {
      throw new ExtensionConfigurationException("field " + name + " has type " + type.getName()
          + ", whose using(...) method is not a public static using(KubernetesClient) returning "
          + type.getSimpleName());
    }
    if (Modifier.isFinal(field.getModifiers())) {
      throw new ExtensionConfigurationException("field " + name + " is final: the embedded cluster cannot inject it");
    }
  }

  /** The public static using(KubernetesClient) method creating instances of the type, if any. */
  static Optional<Method> factory(Class<?> type) {
    try {
      Method method = type.getMethod("using", KubernetesClient.class);
      if (Modifier.isStatic(method.getModifiers()) && type.isAssignableFrom(method.getReturnType())) {
        return Optional.of(method);
      }
    } catch (NoSuchMethodException e) {
      // not an injectable type
    }
    return Optional.empty();
  }

  private static boolean hasUsingMethod(Class<?> type) {
    return !type.isPrimitive() && !type.getName().startsWith("java.")
        && Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals("using"));
  }
}
