package dev.edgevm.embedded.internal.kubeconfig;

/** A kubeconfig pointing kubectl (or any client) at the embedded API server. */
public final class Kubeconfig {

  private Kubeconfig() {
  }

  public static String yaml(String masterUrl, String namespace) {
    return String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: edgevm-embedded",
        "  cluster:",
        "    server: " + masterUrl,
        "contexts:",
        "- name: edgevm-embedded",
        "  context:",
        "    cluster: edgevm-embedded",
        "    user: edgevm-embedded",
        "    namespace: " + namespace,
        "current-context: edgevm-embedded",
        "users:",
        "- name: edgevm-embedded",
        "  user:",
        "    token: edgevm-embedded",
        "");
  }
}
