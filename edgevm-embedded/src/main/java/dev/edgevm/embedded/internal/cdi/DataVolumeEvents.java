package dev.edgevm.embedded.internal.cdi;

import dev.edgevm.embedded.internal.events.EventRecorder;
import dev.edgevm.embedded.internal.json.Json;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The events CDI's DataVolume controllers record: one per phase change of a transfer
 * (UploadScheduled, UploadReady, UploadSucceeded, ImportScheduled, ...) and one when the Bound
 * condition changes, worded as CDI words them.
 */
final class DataVolumeEvents {

  private static final Map<String, String[]> UPLOAD = Map.of(
      "UploadScheduled", new String[] {"UploadScheduled", "Upload into %s scheduled"},
      "UploadReady", new String[] {"UploadReady", "Upload into %s ready"},
      "Succeeded", new String[] {"UploadSucceeded", "Successfully uploaded into %s"});
  private static final Map<String, String[]> IMPORT = Map.of(
      "ImportScheduled", new String[] {"ImportScheduled", "Import into %s scheduled"},
      "ImportInProgress", new String[] {"ImportInProgress", "Import into %s in progress"},
      "Succeeded", new String[] {"ImportSucceeded", "Successfully imported into PVC %s"});

  private final EventRecorder recorder;

  DataVolumeEvents(EventRecorder recorder) {
    this.recorder = recorder;
  }

  void record(JsonNode before, JsonNode after, DataVolumeStatus.Kind kind) {
    if (recorder == null || after == null) {
      return;
    }
    boolean upload = kind == DataVolumeStatus.Kind.UPLOAD;
    EventRecorder.Source source = new EventRecorder.Source(
        upload ? "datavolume-upload-controller" : "datavolume-import-controller", null);
    String phase = Json.text(after, "status", "phase");
    if (!Objects.equals(phase, Json.text(before, "status", "phase"))) {
      String[] event = (upload ? UPLOAD : IMPORT).get(phase);
      if (event != null) {
        recorder.normal(after, source, event[0], String.format(event[1], Json.textOr(after, Json.name(after),
            "status", "claimName")));
      }
    }
    JsonNode bound = bound(after);
    JsonNode was = bound(before);
    if (bound != null && !Json.textOr(bound, "", "reason").isEmpty() && (was == null
        || !Objects.equals(Json.text(bound, "status"), Json.text(was, "status"))
        || !Objects.equals(Json.text(bound, "reason"), Json.text(was, "reason"))
        || !Objects.equals(Json.text(bound, "message"), Json.text(was, "message")))) {
      recorder.normal(after, source, Json.text(bound, "reason"), Json.textOr(bound, "", "message"));
    }
  }

  private static JsonNode bound(JsonNode dataVolume) {
    return dataVolume == null ? null : Json.items(dataVolume, "status", "conditions").stream()
        .filter(c -> "Bound".equals(Json.text(c, "type"))).findFirst().orElse(null);
  }
}
