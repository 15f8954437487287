package dev.edgevm.embedded.internal.catalog;

import static dev.edgevm.embedded.internal.api.PrinterColumn.age;
import static dev.edgevm.embedded.internal.api.PrinterColumn.path;

import dev.edgevm.embedded.internal.api.PrinterColumn;
import dev.edgevm.embedded.internal.api.ResourceType;
import java.util.List;

/** The built-in Kubernetes resources the edge cluster serves. */
public final class CoreTypes {

  public static final ResourceType NAMESPACES = ResourceType.clusterScoped("v1", "Namespace", "namespaces")
      .shortNames("ns").columns(path("Status", "string", ".status.phase"), age()).build();
  public static final ResourceType NODES = ResourceType.clusterScoped("v1", "Node", "nodes")
      .shortNames("no").statusSubresource()
      .columns(new PrinterColumn("Status", "string", 0, CorePrinters::nodeStatus),
          new PrinterColumn("Roles", "string", 0, CorePrinters::nodeRoles), age(),
          path("Version", "string", ".status.nodeInfo.kubeletVersion"))
      .build();
  public static final ResourceType PODS = ResourceType.namespaced("v1", "Pod", "pods")
      .shortNames("po").categories("all").statusSubresource()
      .columns(new PrinterColumn("Ready", "string", 0, CorePrinters::podReady),
          new PrinterColumn("Status", "string", 0, CorePrinters::podStatus),
          new PrinterColumn("Restarts", "string", 0, CorePrinters::podRestarts), age(),
          path("IP", "string", ".status.podIP", 1), path("Node", "string", ".spec.nodeName", 1))
      .build();
  public static final ResourceType SERVICES = ResourceType.namespaced("v1", "Service", "services")
      .shortNames("svc").categories("all").statusSubresource()
      .columns(path("Type", "string", ".spec.type"), path("Cluster-IP", "string", ".spec.clusterIP"), age())
      .build();
  public static final ResourceType ENDPOINTS = ResourceType.namespaced("v1", "Endpoints", "endpoints")
      .shortNames("ep").build();
  public static final ResourceType CONFIG_MAPS = ResourceType.namespaced("v1", "ConfigMap", "configmaps")
      .shortNames("cm").build();
  public static final ResourceType SECRETS = ResourceType.namespaced("v1", "Secret", "secrets")
      .columns(path("Type", "string", ".type"), age()).build();
  public static final ResourceType SERVICE_ACCOUNTS = ResourceType.namespaced("v1", "ServiceAccount", "serviceaccounts")
      .shortNames("sa").build();
  public static final ResourceType EVENTS = ResourceType.namespaced("v1", "Event", "events")
      .shortNames("ev")
      .columns(path("Last Seen", "date", ".lastTimestamp"), path("Type", "string", ".type"),
          path("Reason", "string", ".reason"), new PrinterColumn("Object", "string", 0, CorePrinters::eventObject),
          path("Message", "string", ".message"))
      .build();
  public static final ResourceType PERSISTENT_VOLUMES = ResourceType.clusterScoped("v1", "PersistentVolume", "persistentvolumes")
      .shortNames("pv").statusSubresource()
      .columns(path("Capacity", "string", ".spec.capacity.storage"),
          new PrinterColumn("Access Modes", "string", 0, pv -> CorePrinters.accessModes(pv, "spec", "accessModes")),
          path("Reclaim Policy", "string", ".spec.persistentVolumeReclaimPolicy"),
          path("Status", "string", ".status.phase"),
          new PrinterColumn("Claim", "string", 0, CorePrinters::pvClaim),
          path("StorageClass", "string", ".spec.storageClassName"), path("Reason", "string", ".status.reason"), age())
      .build();
  public static final ResourceType PERSISTENT_VOLUME_CLAIMS = ResourceType.namespaced("v1", "PersistentVolumeClaim",
          "persistentvolumeclaims")
      .shortNames("pvc").statusSubresource()
      .columns(path("Status", "string", ".status.phase"), path("Volume", "string", ".spec.volumeName"),
          path("Capacity", "string", ".status.capacity.storage"),
          new PrinterColumn("Access Modes", "string", 0, pvc -> CorePrinters.accessModes(pvc, "status", "accessModes")),
          path("StorageClass", "string", ".spec.storageClassName"), age())
      .build();
  public static final ResourceType RESOURCE_QUOTAS = ResourceType.namespaced("v1", "ResourceQuota", "resourcequotas")
      .shortNames("quota").statusSubresource().build();
  public static final ResourceType LIMIT_RANGES = ResourceType.namespaced("v1", "LimitRange", "limitranges")
      .shortNames("limits").build();

  public static final ResourceType STORAGE_CLASSES = ResourceType.clusterScoped("storage.k8s.io/v1", "StorageClass",
          "storageclasses")
      .shortNames("sc")
      .columns(path("Provisioner", "string", ".provisioner"), path("ReclaimPolicy", "string", ".reclaimPolicy"),
          path("VolumeBindingMode", "string", ".volumeBindingMode"), age())
      .build();
  public static final ResourceType DEPLOYMENTS = ResourceType.namespaced("apps/v1", "Deployment", "deployments")
      .shortNames("deploy").categories("all").statusSubresource().build();
  public static final ResourceType DAEMON_SETS = ResourceType.namespaced("apps/v1", "DaemonSet", "daemonsets")
      .shortNames("ds").categories("all").statusSubresource().build();
  public static final ResourceType REPLICA_SETS = ResourceType.namespaced("apps/v1", "ReplicaSet", "replicasets")
      .shortNames("rs").categories("all").statusSubresource().build();
  public static final ResourceType JOBS = ResourceType.namespaced("batch/v1", "Job", "jobs")
      .categories("all").statusSubresource()
      .columns(path("Status", "string", ".status.conditions[0].type"), path("Completions", "integer", ".status.succeeded"), age())
      .build();
  public static final ResourceType NETWORK_POLICIES = ResourceType.namespaced("networking.k8s.io/v1", "NetworkPolicy",
          "networkpolicies")
      .shortNames("netpol").build();
  public static final ResourceType CUSTOM_RESOURCE_DEFINITIONS = ResourceType.clusterScoped(
          "apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions")
      .shortNames("crd", "crds")
      .columns(path("Created At", "string", ".metadata.creationTimestamp"))
      .build();

  private CoreTypes() {
  }

  public static List<ResourceType> all() {
    return List.of(NAMESPACES, NODES, PODS, SERVICES, ENDPOINTS, CONFIG_MAPS, SECRETS, SERVICE_ACCOUNTS, EVENTS,
        PERSISTENT_VOLUMES, PERSISTENT_VOLUME_CLAIMS, RESOURCE_QUOTAS, LIMIT_RANGES, STORAGE_CLASSES, DEPLOYMENTS,
        DAEMON_SETS, REPLICA_SETS, JOBS, NETWORK_POLICIES, CUSTOM_RESOURCE_DEFINITIONS);
  }
}
