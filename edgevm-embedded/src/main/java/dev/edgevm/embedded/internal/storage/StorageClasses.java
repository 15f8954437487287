package dev.edgevm.embedded.internal.storage;

import dev.edgevm.embedded.internal.json.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The edge cluster's storage classes: the runbook's {@code local-storage} (no provisioner, volumes
 * made by hand, bound when the first consumer is scheduled) and {@code edge-csi}, a CSI driver
 * that provisions node-local volumes on demand and takes volume snapshots.
 */
public final class StorageClasses {

  public static final String LOCAL_STORAGE = "local-storage";
  public static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";
  public static final String CSI = "edge-csi";
  public static final String CSI_DRIVER = "csi.edgevm.dev";
  public static final String CSI_SNAPSHOT_CLASS = "edge-csi-snapclass";
  public static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
  public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";
  public static final String IMMEDIATE = "Immediate";

  private StorageClasses() {
  }

  static ObjectNode localStorage() {
    ObjectNode sc = storageClass(LOCAL_STORAGE, NO_PROVISIONER, WAIT_FOR_FIRST_CONSUMER, "Retain");
    Json.with(sc, "metadata", "annotations").put(DEFAULT_CLASS_ANNOTATION, "true");
    return sc;
  }

  static ObjectNode csi() {
    ObjectNode sc = storageClass(CSI, CSI_DRIVER, IMMEDIATE, "Delete");
    sc.put("allowVolumeExpansion", false);
    return sc;
  }

  static ObjectNode csiSnapshotClass() {
    ObjectNode vsc = Json.object();
    vsc.put("apiVersion", "snapshot.storage.k8s.io/v1");
    vsc.put("kind", "VolumeSnapshotClass");
    ObjectNode metadata = vsc.putObject("metadata");
    metadata.put("name", CSI_SNAPSHOT_CLASS);
    metadata.putObject("annotations").put("snapshot.storage.kubernetes.io/is-default-class", "true");
    vsc.put("driver", CSI_DRIVER);
    vsc.put("deletionPolicy", "Delete");
    return vsc;
  }

  private static ObjectNode storageClass(String name, String provisioner, String bindingMode, String reclaimPolicy) {
    ObjectNode sc = Json.object();
    sc.put("apiVersion", "storage.k8s.io/v1");
    sc.put("kind", "StorageClass");
    sc.putObject("metadata").put("name", name);
    sc.put("provisioner", provisioner);
    sc.put("reclaimPolicy", reclaimPolicy);
    sc.put("volumeBindingMode", bindingMode);
    return sc;
  }

  public static boolean waitForFirstConsumer(JsonNode storageClass) {
    return storageClass != null && WAIT_FOR_FIRST_CONSUMER.equals(Json.text(storageClass, "volumeBindingMode"));
  }

  public static boolean dynamic(JsonNode storageClass) {
    return storageClass != null && !NO_PROVISIONER.equals(Json.text(storageClass, "provisioner"));
  }

  public static boolean isDefault(JsonNode storageClass) {
    return "true".equals(Json.annotations(storageClass).get(DEFAULT_CLASS_ANNOTATION));
  }
}
