package dev.edgevm.embedded.internal.catalog;

import static dev.edgevm.embedded.internal.api.PrinterColumn.age;
import static dev.edgevm.embedded.internal.api.PrinterColumn.path;

import dev.edgevm.embedded.internal.api.ResourceType;
import java.util.List;

/** CDI's resources, as its CRDs declare them, and the UploadTokenRequest API of its apiserver. */
public final class CdiTypes {

  public static final ResourceType DATA_VOLUMES = ResourceType.namespaced("cdi.kubevirt.io/v1beta1", "DataVolume",
          "datavolumes")
      .shortNames("dv", "dvs").categories("all").statusSubresource()
      .columns(path("Phase", "string", ".status.phase"), path("Progress", "string", ".status.progress"),
          path("Restarts", "integer", ".status.restartCount"), age())
      .build();
  public static final ResourceType CDIS = ResourceType.clusterScoped("cdi.kubevirt.io/v1beta1", "CDI", "cdis")
      .shortNames("cdi", "cdis").columns(age(), path("Phase", "string", ".status.phase")).build();
  public static final ResourceType CDI_CONFIGS = ResourceType.clusterScoped("cdi.kubevirt.io/v1beta1", "CDIConfig",
          "cdiconfigs")
      .build();
  public static final ResourceType STORAGE_PROFILES = ResourceType.clusterScoped("cdi.kubevirt.io/v1beta1",
          "StorageProfile", "storageprofiles")
      .statusSubresource().build();
  public static final ResourceType DATA_SOURCES = ResourceType.namespaced("cdi.kubevirt.io/v1beta1", "DataSource",
          "datasources")
      .shortNames("das").categories("all").statusSubresource().build();
  public static final ResourceType DATA_IMPORT_CRONS = ResourceType.namespaced("cdi.kubevirt.io/v1beta1",
          "DataImportCron", "dataimportcrons")
      .shortNames("dic", "dics").categories("all").statusSubresource().build();
  /** Served by CDI's apiserver, not stored: a route answers it. */
  public static final ResourceType UPLOAD_TOKEN_REQUESTS = ResourceType.namespaced("upload.cdi.kubevirt.io/v1beta1",
          "UploadTokenRequest", "uploadtokenrequests")
      .verbs("create").build();

  private CdiTypes() {
  }

  public static List<ResourceType> all() {
    return List.of(DATA_VOLUMES, CDIS, CDI_CONFIGS, STORAGE_PROFILES, DATA_SOURCES, DATA_IMPORT_CRONS,
        UPLOAD_TOKEN_REQUESTS);
  }
}
