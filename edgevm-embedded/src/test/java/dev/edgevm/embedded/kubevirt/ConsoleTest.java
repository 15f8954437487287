package dev.edgevm.embedded.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.embedded.EnableEmbeddedEdgeCluster;
import dev.edgevm.embedded.Kube;
import dev.edgevm.embedded.Waits;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@EnableEmbeddedEdgeCluster
class ConsoleTest {

  static KubernetesClient client;

  @Test
  void serialConsole_greetsWithALoginPromptAndLogsIn() throws Exception {
    Kube.create(client, Kube.VMS, "default", Kube.cirros("console", "Always"));
    Kube.awaitStatus(client, "default", "console", "Running");
    StringBuilder screen = new StringBuilder();
    CompletableFuture<Void> loginPrompt = new CompletableFuture<>();
    CompletableFuture<Void> shellPrompt = new CompletableFuture<>();
    URI uri = WebSocket.toWebSocketUri(URI.create(client.getMasterUrl().toString().replaceFirst("/$", "")
        + "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/console/console"));

    WebSocket socket = client.getHttpClient().newWebSocketBuilder().uri(uri).subprotocol("plain.kubevirt.io")
        .buildAsync(new WebSocket.Listener() {
          @Override
          public void onOpen(WebSocket webSocket) {
            webSocket.request();
          }

          @Override
          public void onMessage(WebSocket webSocket, ByteBuffer bytes) {
            synchronized (screen) {
              screen.append(StandardCharsets.UTF_8.decode(bytes));
              if (screen.toString().contains("console login: ")) {
                loginPrompt.complete(null);
              }
              if (screen.toString().contains("cirros@console:~$ ")) {
                shellPrompt.complete(null);
              }
            }
            webSocket.request();
          }
        }).get(Waits.SECONDS, TimeUnit.SECONDS);
    loginPrompt.get(Waits.SECONDS, TimeUnit.SECONDS);
    socket.send(ByteBuffer.wrap("cirros\r".getBytes(StandardCharsets.UTF_8)));
    socket.send(ByteBuffer.wrap("gocubsgo\r".getBytes(StandardCharsets.UTF_8)));
    shellPrompt.get(Waits.SECONDS, TimeUnit.SECONDS);
    socket.sendClose(1000, "done");

    assertThat(screen.toString()).contains("Password: ").doesNotContain("gocubsgo");
  }

  @Test
  void consoleOfAStoppedVm_isRefused() {
    Kube.create(client, Kube.VMS, "default", Kube.cirros("no-console", "Halted"));
    Kube.awaitStatus(client, "default", "no-console", "Stopped");

    HttpResponse<String> response = Kube.request(client, "GET",
        "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachineinstances/no-console/console", null);

    assertThat(response.code()).isEqualTo(404);
    assertThat(response.body()).contains("virtualmachineinstance.kubevirt.io \\\"no-console\\\" not found");
  }
}
