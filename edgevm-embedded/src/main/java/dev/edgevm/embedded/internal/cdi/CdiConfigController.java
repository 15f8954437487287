package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.api.ClusterApi;
import dev.edgevm.embedded.internal.catalog.CdiTypes;
import dev.edgevm.embedded.internal.catalog.CoreTypes;
import dev.edgevm.embedded.internal.json.Json;
import dev.edgevm.embedded.internal.runtime.ClusterContext;
import dev.edgevm.embedded.internal.runtime.ControllerLoop;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CDI's config controller: the CDI CR's {@code spec.config} becomes CDIConfig's spec, and the
 * spec's filesystem overhead (global and per storage class) and scratch space class become its
 * status, the values the other controllers read. Storage classes added later get a StorageProfile.
 */
final class CdiConfigController {

  private static final Pattern VALID_OVERHEAD = Pattern.compile("^(0(?:\\.\\d{1,3})?|1)$");
  private static final String KEY = "config";

  private final ClusterApi api;
  private ControllerLoop<String> loop;

  CdiConfigController(ClusterApi api) {
    this.api = api;
  }

  void start(ClusterContext context) {
    loop = context.controller("cdi-config-controller", key -> reconcile());
    context.subscribe(CdiTypes.CDIS, event -> loop.enqueue(KEY));
    context.subscribe(CdiTypes.CDI_CONFIGS, event -> loop.enqueue(KEY));
    context.subscribe(CoreTypes.STORAGE_CLASSES, event -> loop.enqueue(KEY));
  }

  private void reconcile() {
    JsonNode crConfig = api.get(CdiTypes.CDIS, null, CdiNames.CR_NAME)
        .map(cr -> Json.at(cr, "spec", "config")).orElse(null);
    if (crConfig != null && crConfig.isObject()) {
      api.update(CdiTypes.CDI_CONFIGS, null, CdiNames.CONFIG_NAME, config -> {
        config.set("spec", crConfig.deepCopy());
        return config;
      });
    }
    for (ObjectNode storageClass : api.list(CoreTypes.STORAGE_CLASSES, null)) {
      if (api.get(CdiTypes.STORAGE_PROFILES, null, Json.name(storageClass)).isEmpty()) {
        api.createWithStatus(CdiTypes.STORAGE_PROFILES, CdiInstallation.storageProfile(storageClass));
      }
    }
    api.updateStatus(CdiTypes.CDI_CONFIGS, null, CdiNames.CONFIG_NAME, config -> {
      JsonNode spec = Json.at(config, "spec");
      String global = Json.text(spec, "filesystemOverhead", "global");
      if (global == null || !VALID_OVERHEAD.matcher(global).matches()) {
        global = CdiNames.DEFAULT_OVERHEAD;
      }
      ObjectNode overhead = Json.with(config, "status", "filesystemOverhead");
      overhead.put("global", global);
      ObjectNode perClass = overhead.putObject("storageClass");
      for (ObjectNode storageClass : api.list(CoreTypes.STORAGE_CLASSES, null)) {
        String name = Json.name(storageClass);
        String value = Json.text(spec, "filesystemOverhead", "storageClass", name);
        perClass.put(name, value != null && VALID_OVERHEAD.matcher(value).matches() ? value : global);
      }
      String scratch = Json.text(spec, "scratchSpaceStorageClass");
      boolean scratchExists = scratch != null && api.get(CoreTypes.STORAGE_CLASSES, null, scratch).isPresent();
      Json.with(config, "status").put("scratchSpaceStorageClass", scratchExists ? scratch : "");
      return config;
    });
  }
}
