package dev.edgevm.embedded.internal.export;

/** KubeVirt's names for export objects, headers and paths. */
final class ExportNames {

  static final String PREFIX = "virt-export";
  static final String TOKEN_HEADER = "x-kubevirt-export-token";
  static final String TOKEN_KEY = "token";
  static final String EXPORTER_LABEL_VALUE = "virt-exporter";
  static final String SERVICE_LABEL = "kubevirt.io.virt-export-service";
  static final String EXTERNAL_PATH = "/api/export.kubevirt.io/v1/namespaces/%s/virtualmachineexports/%s";

  private ExportNames() {
  }

  static String resourceName(String export) {
    return PREFIX + "-" + export;
  }

  static String tokenSecretName(String export) {
    String name = "export-token-" + export;
    return name.length() <= 63 ? name : name.substring(0, 54) + "-" + Integer.toHexString(name.hashCode());
  }
}
