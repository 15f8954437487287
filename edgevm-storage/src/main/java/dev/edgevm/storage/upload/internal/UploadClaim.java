package dev.edgevm.storage.upload.internal;

import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.model.cdi.DataVolumeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What CDI's upload controller writes on a DataVolume's claim and the DataVolume's status, read as
 * an upload needs it. Annotation keys are CDI's ({@code pkg/controller/common}).
 */
public final class UploadClaim {

    static final String POD_READY = "cdi.kubevirt.io/storage.pod.ready";
    static final String POD_PHASE = "cdi.kubevirt.io/storage.pod.phase";
    static final String POD_RESTARTS = "cdi.kubevirt.io/storage.pod.restarts";
    static final String UPLOAD_POD_NAME = "cdi.kubevirt.io/storage.uploadPodName";
    static final String RUNNING_MESSAGE = "cdi.kubevirt.io/storage.condition.running.message";
    static final String RUNNING_REASON = "cdi.kubevirt.io/storage.condition.running.reason";
    static final String UPLOAD_POD_PREFIX = "cdi-upload-";

    private UploadClaim() {}

    static Map<String, String> annotations(PersistentVolumeClaim pvc) {
        Map<String, String> a = pvc.getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    static boolean podReady(PersistentVolumeClaim pvc) {
        return "true".equals(annotations(pvc).get(POD_READY));
    }

    /** The upload pod's name: as CDI recorded it on the claim, else CDI's rule {@code cdi-upload-<claim>}. */
    public static String podName(PersistentVolumeClaim pvc, String claim) {
        String annotated = pvc == null ? null : annotations(pvc).get(UPLOAD_POD_NAME);
        return annotated != null ? annotated : UPLOAD_POD_PREFIX + claim;
    }

    /** How often the upload pod restarted: the claim's annotation or the DataVolume's count, whichever is higher. */
    static int restarts(PersistentVolumeClaim pvc, DataVolume dv) {
        int fromClaim = pvc == null ? 0 : parse(annotations(pvc).get(POD_RESTARTS));
        int fromDv = dv == null || dv.getStatus() == null || dv.getStatus().restartCount() == null ? 0 : dv.getStatus().restartCount();
        return Math.max(fromClaim, fromDv);
    }

    static String phase(DataVolume dv) {
        String phase = dv == null || dv.getStatus() == null ? null : dv.getStatus().phase();
        return phase == null || phase.isEmpty() ? "(none yet)" : phase;
    }

    /** Why CDI's upload server last failed: the Running condition's message, else the claim's annotation. */
    static String failure(PersistentVolumeClaim pvc, DataVolume dv) {
        List<DataVolumeCondition> conditions = dv == null || dv.getStatus() == null || dv.getStatus().conditions() == null
                ? List.of() : dv.getStatus().conditions();
        Optional<String> fromDv = conditions.stream()
                .filter(c -> "Running".equals(c.type())).map(DataVolumeCondition::message)
                .filter(m -> m != null && !m.isBlank()).findFirst();
        return fromDv.or(() -> Optional.ofNullable(pvc == null ? null : annotations(pvc).get(RUNNING_MESSAGE)).filter(m -> !m.isBlank()))
                .orElse("CDI's upload server failed without a message (see the upload pod's log)");
    }

    private static int parse(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
