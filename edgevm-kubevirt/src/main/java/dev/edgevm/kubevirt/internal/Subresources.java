package dev.edgevm.kubevirt.internal;

import dev.edgevm.core.ClusterUnreachableException;
import dev.edgevm.core.ConflictException;
import dev.edgevm.core.EdgeVmException;
import dev.edgevm.core.ObjectRef;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code subresources.kubevirt.io/v1} API, as virtctl calls it: PUT start, stop and restart
 * on a VirtualMachine, pause and unpause on its instance. The server's Status answer becomes the
 * SDK's exception, so an invalid transition says what state the VM is in.
 */
public final class Subresources {

    private static final String GROUP_PATH = "apis/subresources.kubevirt.io/v1/namespaces/";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private final KubernetesClient client;
    private final ClusterCalls calls;

    public Subresources(KubernetesClient client, ClusterCalls calls) {
        this.client = client;
        this.calls = calls;
    }

    /** PUT {@code body} to a VM's subresource ({@code start}, {@code stop}, {@code restart}). */
    public void onVm(String namespace, String name, String subresource, Map<String, Object> body) {
        put(namespace, "virtualmachines", name, subresource, body, ObjectRef.of("VirtualMachine", namespace, name));
    }

    /** PUT {@code body} to an instance's subresource ({@code pause}, {@code unpause}). */
    public void onInstance(String namespace, String name, String subresource, Map<String, Object> body) {
        put(namespace, "virtualmachineinstances", name, subresource, body, ObjectRef.of("VirtualMachineInstance", namespace, name));
    }

    /** The URL of a subresource, e.g. for the console websocket. */
    public String url(String namespace, String plural, String name, String subresource) {
        String master = client.getMasterUrl().toString();
        return (master.endsWith("/") ? master : master + "/") + GROUP_PATH + namespace + "/" + plural + "/" + name + "/" + subresource;
    }

    private void put(String namespace, String plural, String name, String subresource, Map<String, Object> body, ObjectRef ref) {
        HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
                .uri(url(namespace, plural, name, subresource))
                .put("application/json", JSON.asJson(body))
                .build();
        AtomicBoolean mayHaveLanded = new AtomicBoolean();
        calls.run(subresource, ref, () -> {
            try {
                send(request, subresource, ref);
            } catch (ClusterUnreachableException lostAnswer) {
                mayHaveLanded.set(true);
                throw lostAnswer;
            } catch (ConflictException alreadyThere) {
                // After an attempt whose answer was lost, "already running" (or stopped) means that attempt took effect.
                if (!mayHaveLanded.get()) {
                    throw alreadyThere;
                }
            }
        });
    }

    private void send(HttpRequest request, String action, ObjectRef ref) {
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new ClusterUnreachableException(action + " " + ref + ": no answer from the cluster (" + e.getCause() + ")", e.getCause());
        } catch (TimeoutException e) {
            throw new ClusterUnreachableException(action + " " + ref + ": no answer within 60s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EdgeVmException("interrupted during " + action + " " + ref, e);
        }
        if (response.isSuccessful()) {
            return;
        }
        throw Errors.fromStatus(response.code(), status(response), response.body(), action, ref, null);
    }

    private static Status status(HttpResponse<String> response) {
        Status status;
        try {
            status = JSON.unmarshal(response.body(), Status.class);
        } catch (RuntimeException notAStatus) {
            status = new Status();
            status.setMessage(response.body());
        }
        String retryAfter = response.header("Retry-After");
        if (retryAfter != null && retryAfter.matches("\\d+") && (status.getDetails() == null || status.getDetails().getRetryAfterSeconds() == null)) {
            StatusDetails details = status.getDetails() == null ? new StatusDetails() : status.getDetails();
            details.setRetryAfterSeconds(Integer.parseInt(retryAfter));
            status.setDetails(details);
        }
        return status;
    }

}
