package dev.edgevm.embedded.internal.cdi;

/** CDI's annotation and label keys, object names and phases, as its controllers spell them. */
final class CdiNames {

  static final String NAMESPACE = "cdi";
  static final String CR_NAME = "cdi";
  static final String CONFIG_NAME = "config";
  static final String UPLOAD_PROXY = "cdi-uploadproxy";
  static final String UPLOAD_PROXY_BUNDLE = "cdi-uploadproxy-signer-bundle";
  static final String VERSION = "v1.62.0";

  static final String LABEL_APP = "app";
  static final String LABEL_APP_VALUE = "containerized-data-importer";
  static final String LABEL_COMPONENT = "cdi.kubevirt.io";
  static final String LABEL_UPLOAD_SERVER = "cdi-upload-server";
  static final String LABEL_IMPORTER = "importer";
  static final String LABEL_UPLOAD_TARGET = "cdi.kubevirt.io/uploadTarget";
  static final String LABEL_SERVICE = "service";
  static final String LABEL_FILLING_UP = "alerts.k8s.io/KubePersistentVolumeFillingUp";

  static final String ANN_POD_PHASE = "cdi.kubevirt.io/storage.pod.phase";
  static final String ANN_POD_READY = "cdi.kubevirt.io/storage.pod.ready";
  static final String ANN_POD_RESTARTS = "cdi.kubevirt.io/storage.pod.restarts";
  static final String ANN_POD_SCHEDULABLE = "cdi.kubevirt.io/storage.pod.schedulable";
  static final String ANN_CONTENT_TYPE = "cdi.kubevirt.io/storage.contentType";
  static final String ANN_UPLOAD_REQUEST = "cdi.kubevirt.io/storage.upload.target";
  static final String ANN_UPLOAD_POD = "cdi.kubevirt.io/storage.uploadPodName";
  static final String ANN_CREATED_BY_UPLOAD = "cdi.kubevirt.io/storage.createdByUploadController";
  static final String ANN_SOURCE = "cdi.kubevirt.io/storage.import.source";
  static final String ANN_IMPORT_POD = "cdi.kubevirt.io/storage.import.importPodName";
  static final String ANN_PREALLOCATION_REQUESTED = "cdi.kubevirt.io/storage.preallocation.requested";
  static final String ANN_CREATED_FOR_DATA_VOLUME = "cdi.kubevirt.io/createdForDataVolume";
  static final String ANN_USE_POPULATOR = "cdi.kubevirt.io/storage.usePopulator";
  static final String ANN_POPULATED_FOR = "cdi.kubevirt.io/storage.populatedFor";
  static final String ANN_PRE_POPULATED = "cdi.kubevirt.io/storage.prePopulated";
  static final String ANN_RUNNING_CONDITION = "cdi.kubevirt.io/storage.condition.running";
  static final String ANN_RUNNING_MESSAGE = "cdi.kubevirt.io/storage.condition.running.message";
  static final String ANN_RUNNING_REASON = "cdi.kubevirt.io/storage.condition.running.reason";
  static final String ANN_BOUND_CONDITION = "cdi.kubevirt.io/storage.condition.bound";
  static final String ANN_BOUND_MESSAGE = "cdi.kubevirt.io/storage.condition.bound.message";
  static final String ANN_BOUND_REASON = "cdi.kubevirt.io/storage.condition.bound.reason";
  static final String ANN_DEFAULT_VIRT_CLASS = "storageclass.kubevirt.io/is-default-virt-class";
  /** Not CDI's: where the embedded cluster records that qemu-img was missing and no conversion happened. */
  static final String ANN_CONVERSION_SKIPPED = "embedded.edgevm.dev/conversion-skipped";

  static final String SOURCE_NONE = "none";
  static final String CONTENT_KUBEVIRT = "kubevirt";
  static final String CONTENT_ARCHIVE = "archive";
  static final String SCRATCH_SUFFIX = "scratch";
  static final String UPLOAD_POD_PREFIX = "cdi-upload";
  static final String IMPORTER_POD_PREFIX = "importer";
  static final String POD_RUNNING_REASON = "Pod is running";
  static final String CREATING_SCRATCH = "CreatingScratchSpace";
  static final String UPLOAD_SERVER_CLIENT = "client.upload-server.cdi.kubevirt.io";
  static final int UPLOAD_SERVER_PORT = 8443;
  static final String DEFAULT_OVERHEAD = "0.06";

  private CdiNames() {
  }

  /** CDI's naming.GetResourceName: base-suffix, shortened with a hash past 253 characters. */
  static String resourceName(String base, String suffix) {
    return shorten(base + "-" + suffix, 253);
  }

  /** CDI's GetServiceNameFromResourceName: a DNS label of at most 63 characters. */
  static String serviceName(String resourceName) {
    return shorten(resourceName.replace('.', '-'), 63);
  }

  private static String shorten(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    String hash = Integer.toHexString(name.hashCode());
    return name.substring(0, max - hash.length() - 1) + "-" + hash;
  }
}
