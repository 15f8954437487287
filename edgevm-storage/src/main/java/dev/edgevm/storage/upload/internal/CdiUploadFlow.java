package dev.edgevm.storage.upload.internal;

import dev.edgevm.core.ObjectRef;
import dev.edgevm.core.Progress;
import dev.edgevm.core.ProgressListener;
import dev.edgevm.kubevirt.model.cdi.DataVolume;
import dev.edgevm.kubevirt.spi.ClusterAccess;
import dev.edgevm.storage.internal.await.Await;
import dev.edgevm.storage.upload.ImageUploader;
import dev.edgevm.storage.upload.UploadConnectionException;
import dev.edgevm.storage.upload.UploadException;
import dev.edgevm.storage.upload.UploadProcessingException;
import dev.edgevm.storage.upload.UploadRejectedException;
import dev.edgevm.storage.upload.UploadRequest;
import dev.edgevm.storage.upload.UploadResult;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload into an existing upload DataVolume, as {@code virtctl image-upload} does it but with
 * its failures handled: wait for the upload pod (on watches), get a token, stream the file to
 * {@code /v1beta1/upload-async}, wait for the DataVolume to reach Succeeded. A refused token (401,
 * it lives five minutes) gets a new one; a 5xx, 429 or a dropped connection restarts the transfer
 * from byte 0 (CDI cannot resume), after waiting for the pod again on a 503. CDI failing to
 * process what it got is final and says why in CDI's words.
 */
public final class CdiUploadFlow {

    private static final Logger LOG = LoggerFactory.getLogger(CdiUploadFlow.class);
    private static final int TOKEN_RENEWALS = 3;
    private static final long FIRST_BACKOFF_MILLIS = 200;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** The DataVolume (and claim, same name) to upload into, and the node its local volume is on (null if none). */
    public record Target(String namespace, String claim, String node) {}

    /** How long each stage may take and how many transfers to try. */
    public record Settings(Duration podTimeout, Duration processingTimeout, int attempts) {}

    /** What the upload did: the bytes of the transfer that succeeded, transfers started, or nothing to do. */
    public record Transfer(long bytesSent, int attempts, boolean alreadyDone) {}

    private final ClusterAccess cluster;
    private final ImageUploader uploader;
    private final TokenSource tokens;
    private final UploadPodWatch pods;
    private final Await await;

    public CdiUploadFlow(ClusterAccess cluster, ImageUploader uploader, TokenSource tokens) {
        this.cluster = cluster;
        this.uploader = uploader;
        this.tokens = tokens;
        this.pods = new UploadPodWatch(cluster);
        this.await = new Await(cluster);
    }

    public Transfer run(Target target, Path image, UploadEndpoint endpoint, Settings settings, ProgressListener progress) {
        String operation = "upload " + target.namespace() + "/" + target.claim();
        progress.onProgress(Progress.step(operation, "waiting for the upload pod", "CDI starts it once the claims are bound"));
        if (pods.awaitReady(target.namespace(), target.claim(), target.node(), settings.podTimeout())
                == UploadPodWatch.Readiness.ALREADY_SUCCEEDED) {
            progress.onProgress(Progress.step(operation, "done", "the DataVolume had already Succeeded"));
            return new Transfer(0, 0, true);
        }
        int restartsBefore = restarts(target);
        String token = tokens.token(target.namespace(), target.claim());
        int renewals = 0;
        int attempt = 0;
        UploadResult result = null;
        while (result == null) {
            attempt++;
            UploadRequest request = UploadRequest.builder().uri(endpoint.uploadUri()).token(token).file(image)
                    .tls(endpoint.tls()).build();
            try {
                result = uploader.upload(request, progress);
            } catch (UploadRejectedException e) {
                if (e.statusCode() == 401 && renewals < TOKEN_RENEWALS) {
                    renewals++;
                    attempt--; // the proxy refused the token before a body byte was sent
                    progress.onProgress(Progress.step(operation, "retrying", "the upload token was refused (HTTP 401); requesting a new one"));
                    token = tokens.token(target.namespace(), target.claim());
                    continue;
                }
                if (attempt > 1 && (e.statusCode() == 409 || e.statusCode() == 503 && uploadFinished(target))) {
                    // An earlier transfer arrived whole and only its answer was lost: CDI has the data. Its upload
                    // server says so with 409 while it runs; once it has ended, CDI's proxy answers 503.
                    progress.onProgress(Progress.step(operation, "uploaded", "CDI already has the data from the previous attempt"));
                    break;
                }
                retryOrThrow(e, attempt, settings, operation, progress);
                if (e.statusCode() == 503) {
                    pods.awaitReady(target.namespace(), target.claim(), target.node(), settings.podTimeout());
                }
            } catch (UploadConnectionException e) {
                retryOrThrow(e, attempt, settings, operation, progress);
            }
        }
        long bytes = result == null ? 0 : result.bytesSent();
        progress.onProgress(Progress.step(operation, "processing", "CDI converts the image to raw and resizes it"));
        awaitSucceeded(target, restartsBefore, bytes, settings.processingTimeout());
        progress.onProgress(Progress.step(operation, "done", "DataVolume " + target.namespace() + "/" + target.claim() + " Succeeded"));
        return new Transfer(bytes, attempt, false);
    }

    /**
     * Whether CDI's upload server has ended having taken the data: the claim's pod phase
     * annotation says Succeeded (CDI's proxy then refuses every upload with 503 "already finished
     * uploading"). Read from the server: the informer may not have the annotation yet.
     */
    private boolean uploadFinished(Target target) {
        PersistentVolumeClaim pvc = cluster.call("get", ObjectRef.of("PersistentVolumeClaim", target.namespace(), target.claim()),
                () -> cluster.client().persistentVolumeClaims().inNamespace(target.namespace()).withName(target.claim()).get());
        return pvc != null && "Succeeded".equals(UploadClaim.annotations(pvc).get(UploadClaim.POD_PHASE));
    }

    private void retryOrThrow(UploadException e, int attempt, Settings settings, String operation, ProgressListener progress) {
        if (!e.retryable() || attempt >= settings.attempts()) {
            throw e;
        }
        LOG.debug("{}: attempt {} failed, retrying from byte 0: {}", operation, attempt, e.getMessage());
        progress.onProgress(Progress.step(operation, "retrying", "attempt " + attempt + " of " + settings.attempts()
                + " failed after " + e.bytesSent() + " bytes (" + e.getMessage() + "); sending again from byte 0"));
        backoff(attempt);
    }

    private static void backoff(int attempt) {
        long delay = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(attempt - 1, 10));
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the upload was cancelled");
        }
    }

    private int restarts(Target target) {
        return UploadClaim.restarts(cluster.cached(PersistentVolumeClaim.class, target.namespace(), target.claim()).orElse(null),
                cluster.cached(DataVolume.class, target.namespace(), target.claim()).orElse(null));
    }

    /** Waits for Succeeded; CDI's upload server failing (the pod restarts) or the DataVolume Failed ends it. */
    private void awaitSucceeded(Target target, int restartsBefore, long bytes, Duration timeout) {
        String ns = target.namespace();
        String claim = target.claim();
        await.until("DataVolume " + ns + "/" + claim + " to reach Succeeded", timeout, List.of(
                new Await.Watched(DataVolume.class, ns, claim), new Await.Watched(PersistentVolumeClaim.class, ns, claim)), () -> {
                    DataVolume dv = cluster.cached(DataVolume.class, ns, claim).orElse(null);
                    PersistentVolumeClaim pvc = cluster.cached(PersistentVolumeClaim.class, ns, claim).orElse(null);
                    String phase = UploadClaim.phase(dv);
                    if ("Succeeded".equals(phase)) {
                        return Await.Outcome.success(Boolean.TRUE);
                    }
                    if ("Failed".equals(phase) || UploadClaim.restarts(pvc, dv) > restartsBefore) {
                        return Await.Outcome.failure(new UploadProcessingException("CDI could not process the image uploaded into "
                                + ns + "/" + claim + ": " + UploadClaim.failure(pvc, dv), bytes));
                    }
                    String percent = dv == null || dv.getStatus() == null ? null : dv.getStatus().progress();
                    return Await.Outcome.waiting("DataVolume phase " + phase + (percent == null ? "" : ", progress " + percent));
                });
    }
}
