package dev.edgevm.embedded.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What keeps a Job from running: an image the node cannot pull (its pod waits in ErrImagePull and
 * ImagePullBackOff, nothing runs) and a namespace's Pod Security level that refuses its pod (the
 * Job controller records FailedCreate and creates nothing).
 */
class JobObstaclesTest {

  private static final String BROKEN_IMAGE = "registry.invalid/tools/busybox:broken";

  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = EmbeddedEdgeCluster.builder().unpullableImage(BROKEN_IMAGE).start();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** A Job pinned to node01 removing a file of its /var/vd/vol3 (mounted at /data). */
  private static Job wipe(String namespace, String name, String image) {
    return new JobBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
        .withNewSpec().withBackoffLimit(0)
        .withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .withNodeSelector(Map.of("kubernetes.io/hostname", "node01"))
        .addNewContainer().withName("wipe").withImage(image).withCommand("rm", "-f", "/data/disk.img")
        .addNewVolumeMount().withName("dir-0").withMountPath("/data").endVolumeMount().endContainer()
        .addNewVolume().withName("dir-0").withNewHostPath().withPath("/var/vd/vol3").endHostPath().endVolume()
        .endSpec().endTemplate().endSpec().build();
  }

  private static void namespace(String name, String level, String version) {
    NamespaceBuilder ns = new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels("pod-security.kubernetes.io/enforce", level).endMetadata();
    if (version != null) {
      ns.editMetadata().addToLabels("pod-security.kubernetes.io/enforce-version", version).endMetadata();
    }
    client.namespaces().resource(ns.build()).create();
  }

  private static ContainerStateWaiting waiting(Pod pod) {
    if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        || pod.getStatus().getContainerStatuses().isEmpty()) {
      return null;
    }
    return pod.getStatus().getContainerStatuses().get(0).getState().getWaiting();
  }

  private static Pod awaitPodWaiting(String job, String reason) {
    return client.pods().inNamespace("default").withLabel("batch.kubernetes.io/job-name", job)
        .informOnCondition(pods -> pods.stream().anyMatch(p -> waiting(p) != null && reason.equals(waiting(p).getReason())))
        .thenApply(pods -> pods.get(0)).orTimeout(Waits.SECONDS, TimeUnit.SECONDS).join();
  }

  @Test
  void aJobWhoseImageCannotBePulled_waitsInErrImagePullThenImagePullBackOff_andRunsNothing() throws Exception {
    Path disk = Files.createDirectories(cluster.nodeRoot("node01").resolve("var/vd/vol3")).resolve("disk.img");
    Files.writeString(disk, "keep me");

    client.batch().v1().jobs().resource(wipe("default", "unpullable", BROKEN_IMAGE)).create();

    ContainerStateWaiting pull = waiting(awaitPodWaiting("unpullable", "ErrImagePull"));
    assertThat(pull.getMessage()).isEqualTo("rpc error: code = NotFound desc = failed to pull and unpack image \""
        + BROKEN_IMAGE + "\": failed to resolve reference \"" + BROKEN_IMAGE + "\": " + BROKEN_IMAGE + ": not found");
    Pod backingOff = awaitPodWaiting("unpullable", "ImagePullBackOff");
    assertThat(waiting(backingOff).getMessage()).isEqualTo("Back-off pulling image \"" + BROKEN_IMAGE + "\"");
    assertThat(backingOff.getStatus().getPhase()).isEqualTo("Pending");
    Job job = client.batch().v1().jobs().inNamespace("default").withName("unpullable").get();
    assertThat(job.getStatus().getActive()).isEqualTo(1);
    assertThat(job.getStatus().getConditions()).isNullOrEmpty();
    assertThat(disk).hasContent("keep me");
  }

  @Test
  void aBaselineNamespace_refusesAHostPathPod_withThePodSecurityMessage() {
    namespace("baseline-pods", "baseline", null);
    Pod pod = new PodBuilder().withNewMetadata().withName("nosy").withNamespace("baseline-pods").endMetadata()
        .withNewSpec().withHostNetwork(true)
        .addNewContainer().withName("tool").withImage("busybox").withNewSecurityContext().withPrivileged(true)
        .endSecurityContext().addNewPort().withContainerPort(80).withHostPort(8080).endPort().endContainer()
        .addNewVolume().withName("root").withNewHostPath().withPath("/").endHostPath().endVolume()
        .addNewVolume().withName("etc").withNewHostPath().withPath("/etc").endHostPath().endVolume()
        .endSpec().build();

    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        () -> client.pods().resource(pod).create());

    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getStatus().getReason()).isEqualTo("Forbidden");
    assertThat(refused.getStatus().getMessage()).isEqualTo("pods \"nosy\" is forbidden: violates PodSecurity"
        + " \"baseline:latest\": host namespaces (hostNetwork=true), hostPath volumes (volumes \"root\", \"etc\"),"
        + " hostPort (container \"tool\" uses hostPort 8080), privileged (container \"tool\" must not set"
        + " securityContext.privileged=true)");
    assertThat(client.pods().inNamespace("baseline-pods").list().getItems()).isEmpty();
    Pod harmless = new PodBuilder(pod).editSpec().withHostNetwork(false).withVolumes(List.of())
        .editFirstContainer().withSecurityContext(null).withPorts(List.of()).endContainer().endSpec().build();
    assertThat(client.pods().resource(harmless).create().getMetadata().getName()).isEqualTo("nosy");
  }

  @Test
  void aRestrictedNamespace_namesEveryRestrictedRule_andTheVolumeType() {
    namespace("restricted-pods", "restricted", "v1.30");
    Job job = wipe("restricted-pods", "ignored", "busybox");
    Pod pod = new PodBuilder().withNewMetadata().withName("root-wipe").withNamespace("restricted-pods").endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec()).editSpec().editFirstContainer().withNewSecurityContext()
        .withRunAsUser(0L).endSecurityContext().endContainer().endSpec().build();

    KubernetesClientException refused = catchThrowableOfType(KubernetesClientException.class,
        () -> client.pods().resource(pod).create());

    assertThat(refused.getStatus().getMessage()).isEqualTo("pods \"root-wipe\" is forbidden: violates PodSecurity"
        + " \"restricted:v1.30\": allowPrivilegeEscalation != false (container \"wipe\" must set"
        + " securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"wipe\" must set"
        + " securityContext.capabilities.drop=[\"ALL\"]), restricted volume types (volume \"dir-0\" uses restricted"
        + " volume type \"hostPath\"), runAsNonRoot != true (pod or container \"wipe\" must set"
        + " securityContext.runAsNonRoot=true), runAsUser=0 (container \"wipe\" must not set runAsUser=0),"
        + " seccompProfile (pod or container \"wipe\" must set securityContext.seccompProfile.type to"
        + " \"RuntimeDefault\" or \"Localhost\")");
  }

  @Test
  void aJobWhosePodTheNamespaceRefuses_getsNoPod_andAFailedCreateWarning() {
    namespace("baseline-jobs", "baseline", null);

    client.batch().v1().jobs().resource(wipe("baseline-jobs", "refused", "busybox")).create();

    Event failed = Kube.awaitEvent(client, "baseline-jobs", e -> "FailedCreate".equals(e.getReason()));
    assertThat(failed.getType()).isEqualTo("Warning");
    assertThat(failed.getInvolvedObject().getKind()).isEqualTo("Job");
    assertThat(failed.getInvolvedObject().getName()).isEqualTo("refused");
    assertThat(failed.getSource().getComponent()).isEqualTo("job-controller");
    assertThat(failed.getMessage()).matches("Error creating: pods \"refused-[a-z0-9]{5}\" is forbidden: violates"
        + " PodSecurity \"baseline:latest\": hostPath volumes \\(volume \"dir-0\"\\)");
    assertThat(client.pods().inNamespace("baseline-jobs").list().getItems()).isEmpty();
    Job job = client.batch().v1().jobs().inNamespace("baseline-jobs").withName("refused").get();
    assertThat(job.getStatus().getActive()).isNull();
    assertThat(job.getStatus().getConditions()).isNullOrEmpty();
  }
}
