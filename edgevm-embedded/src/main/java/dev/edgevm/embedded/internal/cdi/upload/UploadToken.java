package dev.edgevm.embedded.internal.cdi.upload;

/** What an upload token grants, as CDI's token payload carries it. */
public final class UploadToken {

  /** CDI's token operation for uploads. */
  public static final String OPERATION_UPLOAD = "Upload";
  public static final String RESOURCE_PVC = "persistentvolumeclaims";

  private final String operation;
  private final String namespace;
  private final String name;
  private final String resource;

  UploadToken(String operation, String namespace, String name, String resource) {
    this.operation = operation;
    this.namespace = namespace;
    this.name = name;
    this.resource = resource;
  }

  public static UploadToken forClaim(String namespace, String pvcName) {
    return new UploadToken(OPERATION_UPLOAD, namespace, pvcName, RESOURCE_PVC);
  }

  public String operation() {
    return operation;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  public String resource() {
    return resource;
  }

  /** The checks CDI's proxy applies to a correctly signed token before trusting it. */
  public boolean grantsUpload() {
    return OPERATION_UPLOAD.equals(operation) && name != null && !name.isEmpty()
        && namespace != null && !namespace.isEmpty() && RESOURCE_PVC.equals(resource);
  }

  @Override
  public String toString() {
    return "UploadToken[" + operation + " " + namespace + "/" + name + "]";
  }
}
