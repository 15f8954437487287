package dev.edgevm.embedded.internal.api;

import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.SeededRandom;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server checks and defaults before storing a new object: a valid name (generated
 * from generateName when asked), an existing, non-terminating namespace, the defaults of
 * namespaces and the default storage class of claims, and the Pod Security level a namespace
 * enforces on new pods ({@link PodSecurity}).
 */
final class Admission {

  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final String SUBDOMAIN_RULE = "a lowercase RFC 1123 subdomain must consist of lower case "
      + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
      + "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String LABEL_RULE = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
      + "characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
      + "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

  private final ResourceCatalog catalog;
  private final SeededRandom random;
  private final Function<ObjectKey, StoredObject> lookup;
  private final DefaultStorageClass defaultStorageClass;

  Admission(ResourceCatalog catalog, SeededRandom random, Function<ObjectKey, StoredObject> lookup,
      Function<ResourceType, List<StoredObject>> all) {
    this.catalog = catalog;
    this.random = random;
    this.lookup = lookup;
    this.defaultStorageClass = new DefaultStorageClass(catalog, all);
  }

  /** Checks and defaults a new object in place; throws the Status a client would get. */
  void admitCreate(ResourceType type, String namespace, ObjectNode object) {
    ObjectNode metadata = Json.with(object, "metadata");
    object.put("apiVersion", type.apiVersion());
    if (type.namespaced()) {
      metadata.put("namespace", namespace);
    } else {
      metadata.remove("namespace");
    }
    String name = Json.text(metadata, "name");
    String generateName = Json.text(metadata, "generateName");
    if ((name == null || name.isEmpty()) && generateName != null && !generateName.isEmpty()) {
      name = unusedName(type, namespace, generateName);
      metadata.put("name", name);
    }
    if (name == null || name.isEmpty()) {
      throw new ApiException(422, Statuses.invalid(type, "", "metadata.name", "",
          "name or generateName is required"));
    }
    checkName(type, name);
    if (type.namespaced()) {
      JsonNode ns = checkNamespace(type, namespace, name);
      if (isPods(type)) {
        PodSecurity.violation(ns, object).ifPresent(why -> {
          throw new ApiException(403, Statuses.forbidden(type, Json.name(object), why));
        });
      }
    }
    if (isNamespaces(type)) {
      defaultNamespace(object, name);
    }
    if (DefaultStorageClass.appliesTo(type)) {
      defaultStorageClass.admit(object);
    }
  }

  void checkName(ResourceType type, String name) {
    boolean label = isNamespaces(type);
    int max = label ? 63 : 253;
    if (name.length() > max) {
      throw new ApiException(422, Statuses.invalid(type, name, "metadata.name", name,
          "must be no more than " + max + " characters"));
    }
    if (!(label ? DNS_LABEL : DNS_SUBDOMAIN).matcher(name).matches()) {
      throw new ApiException(422, Statuses.invalid(type, name, "metadata.name", name,
          label ? LABEL_RULE : SUBDOMAIN_RULE));
    }
  }

  /** The namespace to create in: it must exist and not be terminating. */
  private JsonNode checkNamespace(ResourceType type, String namespace, String name) {
    ResourceType namespaces = catalog.require("", "namespaces");
    StoredObject ns = lookup.apply(ObjectKey.of(namespaces, null, namespace));
    if (ns == null) {
      throw new ApiException(404, Statuses.notFound(namespaces, namespace));
    }
    if (Json.deleting(ns.view())) {
      throw new ApiException(403, Statuses.forbidden(type, name,
          "unable to create new content in namespace " + namespace + " because it is being terminated"));
    }
    return ns.view();
  }

  private String unusedName(ResourceType type, String namespace, String prefix) {
    for (int attempt = 0; attempt < 100; attempt++) {
      String candidate = prefix + random.nameSuffix(prefix);
      if (lookup.apply(ObjectKey.of(type, namespace, candidate)) == null) {
        return candidate;
      }
    }
    throw new ApiException(500, Statuses.internalError("no unused name for generateName " + prefix));
  }

  private static void defaultNamespace(ObjectNode object, String name) {
    Json.with(object, "metadata", "labels").put("kubernetes.io/metadata.name", name);
    if (!object.path("spec").has("finalizers")) {
      Json.withArray(object, "spec", "finalizers").add("kubernetes");
    }
    Json.with(object, "status").put("phase", "Active");
  }

  static boolean isPods(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("pods");
  }

  static boolean isNamespaces(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("namespaces");
  }
}
