package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's DefaultStorageClass admission plugin: a new claim that names no storage class
 * gets the default one (the newest of several, as Kubernetes picks since 1.26). A claim asking for
 * {@code storageClassName: ""} keeps it: that means "no class", pre-made volumes only.
 */
final class DefaultStorageClass {

  private static final String ANNOTATION = "storageclass.kubernetes.io/is-default-class";
  private static final String BETA_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

  private final ResourceCatalog catalog;
  private final Function<ResourceType, List<StoredObject>> all;

  DefaultStorageClass(ResourceCatalog catalog, Function<ResourceType, List<StoredObject>> all) {
    this.catalog = catalog;
    this.all = all;
  }

  static boolean appliesTo(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("persistentvolumeclaims");
  }

  void admit(ObjectNode claim) {
    JsonNode named = claim.path("spec").path("storageClassName");
    if (!named.isMissingNode() && !named.isNull()) {
      return;
    }
    catalog.find("storage.k8s.io", "v1", "storageclasses").stream()
        .flatMap(type -> all.apply(type).stream())
        .map(StoredObject::view)
        .filter(DefaultStorageClass::isDefault)
        .max(Comparator.comparing((JsonNode sc) -> Json.textOr(sc, "", "metadata", "creationTimestamp"))
            .thenComparing(sc -> Json.name(sc), Comparator.reverseOrder()))
        .ifPresent(sc -> Json.with(claim, "spec").put("storageClassName", Json.name(sc)));
  }

  private static boolean isDefault(JsonNode storageClass) {
    String value = Json.annotations(storageClass).get(ANNOTATION);
    if (value == null) {
      value = Json.annotations(storageClass).get(BETA_ANNOTATION);
    }
    return "true".equals(value);
  }
}
