package dev.edgevm.embedded.internal.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A kind of object the API server serves: what a CRD (or a built-in resource) declares. Paths,
 * discovery documents, list kinds and Table output are all derived from it.
 */
public final class ResourceType {

  private final String group;
  private final List<String> versions;
  private final String kind;
  private final String plural;
  private final boolean namespaced;
  private final List<String> shortNames;
  private final List<String> categories;
  private final boolean statusSubresource;
  private final List<PrinterColumn> columns;
  private final List<String> verbs;

  private ResourceType(Builder builder) {
    this.group = builder.group;
    this.versions = List.copyOf(builder.versions);
    this.kind = builder.kind;
    this.plural = builder.plural;
    this.namespaced = builder.namespaced;
    this.shortNames = List.copyOf(builder.shortNames);
    this.categories = List.copyOf(builder.categories);
    this.statusSubresource = builder.statusSubresource;
    this.columns = List.copyOf(builder.columns);
    this.verbs = List.copyOf(builder.verbs);
  }

  /** A namespaced resource; {@code apiVersion} is "v1" for the core group or "group/version". */
  public static Builder namespaced(String apiVersion, String kind, String plural) {
    return new Builder(apiVersion, kind, plural, true);
  }

  public static Builder clusterScoped(String apiVersion, String kind, String plural) {
    return new Builder(apiVersion, kind, plural, false);
  }

  public String group() {
    return group;
  }

  /** The preferred (storage) version. */
  public String version() {
    return versions.get(0);
  }

  public List<String> versions() {
    return versions;
  }

  public String apiVersion() {
    return apiVersion(version());
  }

  public String apiVersion(String version) {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String kind() {
    return kind;
  }

  public String listKind() {
    return kind + "List";
  }

  public String plural() {
    return plural;
  }

  public String singular() {
    return kind.toLowerCase(Locale.ROOT);
  }

  public boolean namespaced() {
    return namespaced;
  }

  public List<String> shortNames() {
    return shortNames;
  }

  public List<String> categories() {
    return categories;
  }

  public boolean statusSubresource() {
    return statusSubresource;
  }

  public List<PrinterColumn> columns() {
    return columns;
  }

  public List<String> verbs() {
    return verbs;
  }

  /** "virtualmachines.kubevirt.io" or "pods": how the API server names a resource in messages. */
  public String qualifiedName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The path prefix of the group and version: "/api/v1" or "/apis/kubevirt.io/v1". */
  public String root() {
    return group.isEmpty() ? "/api/" + version() : "/apis/" + group + "/" + version();
  }

  /** The collection path, namespaced when a namespace is given and the type is namespaced. */
  public String collectionPath(String namespace) {
    if (namespaced && namespace != null) {
      return root() + "/namespaces/" + namespace + "/" + plural;
    }
    return root() + "/" + plural;
  }

  public String objectPath(String namespace, String name) {
    return collectionPath(namespace) + "/" + name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ResourceType that && group.equals(that.group) && plural.equals(that.plural);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, plural);
  }

  @Override
  public String toString() {
    return qualifiedName();
  }

  /** Declares a resource type; defaults: no short names, category none, Name and Age columns. */
  public static final class Builder {
    private final String group;
    private final List<String> versions = new ArrayList<>();
    private final String kind;
    private final String plural;
    private final boolean namespaced;
    private final List<String> shortNames = new ArrayList<>();
    private final List<String> categories = new ArrayList<>();
    private boolean statusSubresource;
    private final List<PrinterColumn> columns = new ArrayList<>();
    private final List<String> verbs = new ArrayList<>(
        List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"));

    private Builder(String apiVersion, String kind, String plural, boolean namespaced) {
      int slash = apiVersion.indexOf('/');
      this.group = slash < 0 ? "" : apiVersion.substring(0, slash);
      this.versions.add(slash < 0 ? apiVersion : apiVersion.substring(slash + 1));
      this.kind = kind;
      this.plural = plural;
      this.namespaced = namespaced;
    }

    /** Further served versions (the object is the same; only apiVersion differs). */
    public Builder alsoServedAs(String... versions) {
      this.versions.addAll(List.of(versions));
      return this;
    }

    public Builder shortNames(String... names) {
      shortNames.addAll(List.of(names));
      return this;
    }

    public Builder categories(String... names) {
      categories.addAll(List.of(names));
      return this;
    }

    /** Writes to the object ignore its status; the status is written through "/status". */
    public Builder statusSubresource() {
      this.statusSubresource = true;
      return this;
    }

    /** Printer columns after Name; without any, Name and Age are printed. */
    public Builder columns(PrinterColumn... columns) {
      this.columns.addAll(List.of(columns));
      return this;
    }

    /** Replaces the verbs (e.g. create-only virtual resources). */
    public Builder verbs(String... verbs) {
      this.verbs.clear();
      this.verbs.addAll(List.of(verbs));
      return this;
    }

    public ResourceType build() {
      if (columns.isEmpty()) {
        columns.add(PrinterColumn.age());
      }
      return new ResourceType(this);
    }
  }
}
