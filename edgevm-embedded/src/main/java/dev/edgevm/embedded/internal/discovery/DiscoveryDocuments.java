package dev.edgevm.embedded.internal.discovery;

import dev.edgevm.embedded.internal.api.PrinterColumn;
import dev.edgevm.embedded.internal.api.ResourceCatalog;
import dev.edgevm.embedded.internal.api.ResourceType;
import dev.edgevm.embedded.internal.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API server's discovery documents (APIVersions, APIGroupList, APIGroup, APIResourceList) and
 * the CustomResourceDefinitions of the extension types, derived from the resource catalog.
 */
final class DiscoveryDocuments {

  /** Groups served by aggregated APIs (routes) rather than the store; listed, not described here. */
  private final Map<String, List<String>> aggregated = new LinkedHashMap<>();
  private final ResourceCatalog catalog;

  DiscoveryDocuments(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  void addAggregatedGroup(String group, List<String> versions) {
    aggregated.put(group, List.copyOf(versions));
  }

  boolean isAggregated(String group) {
    return aggregated.containsKey(group);
  }

  /** Served versions per group, core group first, in catalog order. */
  Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType type : catalog.all()) {
      List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
      for (String version : type.versions()) {
        if (!versions.contains(version)) {
          versions.add(version);
        }
      }
    }
    aggregated.forEach(groups::putIfAbsent);
    return groups;
  }

  ObjectNode apiVersions(String serverAddress) {
    ObjectNode versions = Json.object();
    versions.put("kind", "APIVersions");
    versions.putArray("versions").add("v1");
    ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress);
    return versions;
  }

  ObjectNode groupList() {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    groups().forEach((group, versions) -> {
      if (!group.isEmpty()) {
        groups.add(group(group, versions));
      }
    });
    return list;
  }

  ObjectNode group(String group, List<String> versions) {
    ObjectNode node = Json.object();
    node.put("kind", "APIGroup");
    node.put("apiVersion", "v1");
    node.put("name", group);
    ArrayNode array = node.putArray("versions");
    for (String version : versions) {
      array.addObject().put("groupVersion", group + "/" + version).put("version", version);
    }
    node.putObject("preferredVersion").put("groupVersion", group + "/" + versions.get(0)).put("version", versions.get(0));
    return node;
  }

  ObjectNode resourceList(String group, String version) {
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : catalog.all()) {
      if (!type.group().equals(group) || !type.versions().contains(version)) {
        continue;
      }
      ObjectNode resource = resources.addObject();
      resource.put("name", type.plural());
      resource.put("singularName", type.singular());
      resource.put("namespaced", type.namespaced());
      resource.put("kind", type.kind());
      ArrayNode verbs = resource.putArray("verbs");
      type.verbs().forEach(verbs::add);
      if (!type.shortNames().isEmpty()) {
        ArrayNode shortNames = resource.putArray("shortNames");
        type.shortNames().forEach(shortNames::add);
      }
      if (!type.categories().isEmpty()) {
        ArrayNode categories = resource.putArray("categories");
        type.categories().forEach(categories::add);
      }
      if (type.statusSubresource()) {
        subresource(resources, type, "status", "get", "patch", "update");
      }
      if (group.isEmpty() && type.plural().equals("pods")) {
        subresource(resources, type, "binding", "create");
      }
      if (group.isEmpty() && type.plural().equals("namespaces")) {
        subresource(resources, type, "finalize", "update");
      }
    }
    return list;
  }

  private static void subresource(ArrayNode resources, ResourceType type, String name, String... verbs) {
    ObjectNode resource = resources.addObject();
    resource.put("name", type.plural() + "/" + name);
    resource.put("singularName", "");
    resource.put("namespaced", type.namespaced());
    resource.put("kind", name.equals("binding") ? "Binding" : type.kind());
    ArrayNode array = resource.putArray("verbs");
    for (String verb : verbs) {
      array.add(verb);
    }
  }

  /** The CRD a type of an extension group is declared with. */
  static ObjectNode crd(ResourceType type) {
    ObjectNode crd = Json.object();
    crd.put("apiVersion", "apiextensions.k8s.io/v1");
    crd.put("kind", "CustomResourceDefinition");
    crd.putObject("metadata").put("name", type.plural() + "." + type.group());
    ObjectNode spec = crd.putObject("spec");
    spec.put("group", type.group());
    spec.put("scope", type.namespaced() ? "Namespaced" : "Cluster");
    ObjectNode names = spec.putObject("names");
    names.put("kind", type.kind());
    names.put("listKind", type.listKind());
    names.put("plural", type.plural());
    names.put("singular", type.singular());
    if (!type.shortNames().isEmpty()) {
      ArrayNode shortNames = names.putArray("shortNames");
      type.shortNames().forEach(shortNames::add);
    }
    if (!type.categories().isEmpty()) {
      ArrayNode categories = names.putArray("categories");
      type.categories().forEach(categories::add);
    }
    ArrayNode versions = spec.putArray("versions");
    for (int i = 0; i < type.versions().size(); i++) {
      ObjectNode version = versions.addObject();
      version.put("name", type.versions().get(i));
      version.put("served", true);
      version.put("storage", i == 0);
      if (type.statusSubresource()) {
        version.putObject("subresources").putObject("status");
      }
      ArrayNode columns = version.putArray("additionalPrinterColumns");
      for (PrinterColumn column : type.columns()) {
        ObjectNode c = columns.addObject();
        c.put("name", column.name());
        c.put("type", column.type());
        if (column.priority() > 0) {
          c.put("priority", column.priority());
        }
      }
      version.putObject("schema").putObject("openAPIV3Schema").put("type", "object")
          .put("x-kubernetes-preserve-unknown-fields", true);
    }
    ObjectNode status = crd.putObject("status");
    status.set("acceptedNames", names.deepCopy());
    ObjectNode established = status.putArray("conditions").addObject();
    established.put("type", "Established");
    established.put("status", "True");
    established.put("reason", "InitialNamesAccepted");
    established.put("message", "the initial names have been accepted");
    established.put("lastTransitionTime", Json.now());
    status.putArray("storedVersions").add(type.version());
    return crd;
  }
}
