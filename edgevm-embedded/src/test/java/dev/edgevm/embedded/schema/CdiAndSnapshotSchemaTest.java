package dev.edgevm.embedded.schema;

import static dev.edgevm.embedded.Kube.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.edgevm.embedded.EmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import dev.edgevm.embedded.cdi.CdiTestVolumes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The objects the embedded CDI and KubeVirt snapshot/export controllers write, as a client reads
 * them, validate strictly against the real CDI and KubeVirt OpenAPI documents.
 */
class CdiAndSnapshotSchemaTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static EmbeddedEdgeCluster cluster;
  private static KubernetesClient client;
  private static StrictSchema cdi;
  private static StrictSchema kubevirt;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isRegularFile(StrictSchema.directory().resolve("cdi-openapi-v2.json")),
        "the API schemas are not in " + StrictSchema.directory().toAbsolutePath() + " (system property"
            + " edgevm.schemas.dir): cannot check objects against them");
    cdi = StrictSchema.load("cdi-openapi-v2.json");
    kubevirt = StrictSchema.load("kubevirt-openapi-v2.json");
    cluster = EmbeddedEdgeCluster.builder().nodes(1).start();
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ResourceDefinitionContext type(String group, String version, String plural, String kind,
      boolean namespaced) {
    return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
        .withKind(kind).withNamespaced(namespaced).build();
  }

  private static JsonNode json(Object object) {
    return JSON.readTree(Serialization.asJson(object));
  }

  @Test
  void theCheck_findsUnknownFieldsAndWrongTypes() {
    JsonNode bad = JSON.readTree("{\"apiVersion\":\"cdi.kubevirt.io/v1beta1\",\"kind\":\"DataVolume\","
        + "\"metadata\":{\"name\":\"x\"},\"spec\":{\"source\":{\"upload\":{}}},"
        + "\"status\":{\"phase\":\"Succeeded\",\"progres\":\"N/A\",\"restartCount\":\"0\"}}");

    assertThat(cdi.violations(bad, "v1beta1.DataVolume")).containsExactlyInAnyOrder(
        "$.status.progres: unknown field", "$.status.restartCount: expected \"integer\" but was STRING");
  }

  @Test
  void cdiObjects_matchTheCdiSchema() {
    ResourceDefinitionContext dvs = type("cdi.kubevirt.io", "v1beta1", "datavolumes", "DataVolume", true);
    client.persistentVolumes().resource(CdiTestVolumes.local("schema-pv", "node01", "/var/vd/vol0", "64Mi",
        "schema-dv")).create();
    client.genericKubernetesResources(dvs).inNamespace("default").resource(new GenericKubernetesResourceBuilder()
        .withApiVersion("cdi.kubevirt.io/v1beta1").withKind("DataVolume")
        .withNewMetadata().withName("schema-dv").withNamespace("default").endMetadata()
        .addToAdditionalProperties("spec", Map.of("source", Map.of("blank", Map.of()),
            "pvc", Map.of("accessModes", java.util.List.of("ReadWriteOnce"),
                "resources", Map.of("requests", Map.of("storage", "64Mi")), "storageClassName", "local-storage")))
        .build()).create();
    GenericKubernetesResource dv = client.genericKubernetesResources(dvs).inNamespace("default").withName("schema-dv")
        .waitUntilCondition(d -> d != null && "Succeeded".equals(at(d, "status", "phase")), Waits.SECONDS, TimeUnit.SECONDS);
    GenericKubernetesResource cr = client.genericKubernetesResources(
        type("cdi.kubevirt.io", "v1beta1", "cdis", "CDI", false)).withName("cdi").get();
    GenericKubernetesResource config = client.genericKubernetesResources(
        type("cdi.kubevirt.io", "v1beta1", "cdiconfigs", "CDIConfig", false)).withName("config").get();
    GenericKubernetesResource token = client.genericKubernetesResources(type("upload.cdi.kubevirt.io", "v1beta1",
        "uploadtokenrequests", "UploadTokenRequest", true)).inNamespace("default").resource(
        new GenericKubernetesResourceBuilder().withApiVersion("upload.cdi.kubevirt.io/v1beta1")
            .withKind("UploadTokenRequest").withNewMetadata().withName("t").withNamespace("default").endMetadata()
            .addToAdditionalProperties("spec", Map.of("pvcName", "schema-dv")).build()).create();

    assertThat(cdi.violations(json(dv), "v1beta1.DataVolume")).isEmpty();
    assertThat(cdi.violations(json(cr), "v1beta1.CDI")).isEmpty();
    assertThat(cdi.violations(json(config), "v1beta1.CDIConfig")).isEmpty();
    assertThat(cdi.violations(json(token), "v1beta1.UploadTokenRequest")).isEmpty();
    assertThat(at(config, "status", "uploadProxyCA")).isEqualTo(cluster.certificateAuthorityPem());
    assertThat(at(config, "status", "uploadProxyURL")).isEqualTo(cluster.uploadProxyUrl());
  }

  @Test
  void snapshotRestoreAndExport_matchTheKubeVirtSchema() {
    client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("schema-disk").withNamespace("default").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("edge-csi")
        .withNewResources().addToRequests("storage", new Quantity("64Mi")).endResources().endSpec().build()).create();
    Kube.create(client, Kube.VMS, "default", Kube.yaml(String.join("\n",
        "apiVersion: kubevirt.io/v1", "kind: VirtualMachine", "metadata: {name: schema-vm}",
        "spec:", "  runStrategy: Halted", "  template:", "    spec:", "      domain:",
        "        devices: {disks: [{name: root, disk: {bus: virtio}}]}",
        "      volumes: [{name: root, persistentVolumeClaim: {claimName: schema-disk}}]", "")));
    ResourceDefinitionContext snapshots = type("snapshot.kubevirt.io", "v1beta1", "virtualmachinesnapshots",
        "VirtualMachineSnapshot", true);
    ResourceDefinitionContext restores = type("snapshot.kubevirt.io", "v1beta1", "virtualmachinerestores",
        "VirtualMachineRestore", true);
    ResourceDefinitionContext exports = type("export.kubevirt.io", "v1", "virtualmachineexports",
        "VirtualMachineExport", true);
    Kube.create(client, snapshots, "default", Kube.yaml("apiVersion: snapshot.kubevirt.io/v1beta1\n"
        + "kind: VirtualMachineSnapshot\nmetadata: {name: schema-snap}\n"
        + "spec: {source: {apiGroup: kubevirt.io, kind: VirtualMachine, name: schema-vm}}\n"));
    GenericKubernetesResource snapshot = Kube.await(client, snapshots, "default", "schema-snap",
        s -> s != null && Boolean.TRUE.equals(at(s, "status", "readyToUse")));
    GenericKubernetesResource content = Kube.get(client, type("snapshot.kubevirt.io", "v1beta1",
        "virtualmachinesnapshotcontents", "VirtualMachineSnapshotContent", true), "default",
        (String) at(snapshot, "status", "virtualMachineSnapshotContentName"));
    Kube.create(client, restores, "default", Kube.yaml("apiVersion: snapshot.kubevirt.io/v1beta1\n"
        + "kind: VirtualMachineRestore\nmetadata: {name: schema-restore}\n"
        + "spec: {target: {apiGroup: kubevirt.io, kind: VirtualMachine, name: schema-vm},"
        + " virtualMachineSnapshotName: schema-snap}\n"));
    GenericKubernetesResource restore = Kube.await(client, restores, "default", "schema-restore",
        r -> r != null && Boolean.TRUE.equals(at(r, "status", "complete")));
    Kube.create(client, exports, "default", Kube.yaml("apiVersion: export.kubevirt.io/v1\n"
        + "kind: VirtualMachineExport\nmetadata: {name: schema-export}\n"
        + "spec: {source: {apiGroup: snapshot.kubevirt.io, kind: VirtualMachineSnapshot, name: schema-snap}}\n"));
    GenericKubernetesResource export = Kube.await(client, exports, "default", "schema-export",
        e -> e != null && "Ready".equals(at(e, "status", "phase")));

    assertThat(kubevirt.violations(json(snapshot), "v1beta1.VirtualMachineSnapshot")).isEmpty();
    assertThat(kubevirt.violations(json(content), "v1beta1.VirtualMachineSnapshotContent")).isEmpty();
    assertThat(kubevirt.violations(json(restore), "v1beta1.VirtualMachineRestore")).isEmpty();
    assertThat(kubevirt.violations(json(export), "v1.VirtualMachineExport")).isEmpty();
    JsonNode statuses = json(Kube.get(client, Kube.VMS, "default", "schema-vm")).path("status")
        .path("volumeSnapshotStatuses");
    for (JsonNode status : statuses) {
      assertThat(kubevirt.violations(status, "v1.VolumeSnapshotStatus")).isEmpty();
    }
    assertThat(statuses.size()).isEqualTo(1);
  }
}
