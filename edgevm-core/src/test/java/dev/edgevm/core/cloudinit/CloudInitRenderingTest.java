package dev.edgevm.core.cloudinit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.edgevm.core.TestKeys;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class CloudInitRenderingTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void structuredForm_rendersTheRunbooksCloudConfig() {
        String key = TestKeys.ed25519("root@controller");
        CloudInit cloudInit = CloudInit.builder()
                .user(u -> u.name("root").sudo("ALL=(ALL) NOPASSWD:ALL").sshAuthorizedKey(key))
                .packages("git", "net-tools", "tcpdump", "vim")
                .packageUpgrade(true)
                .writeFiles(WriteFile.builder().path("/etc/motd").content("edge node\nline two\n").permissions("0644").build())
                .runcmd("systemctl enable --now sshd")
                .build();

        String userData = cloudInit.renderUserData();

        assertThat(userData).startsWith("#cloud-config\n");
        JsonNode doc = YAML.readTree(userData);
        JsonNode root = doc.get("users").get(0);
        assertThat(root.get("name").asString()).isEqualTo("root");
        assertThat(root.get("sudo").asString()).isEqualTo("ALL=(ALL) NOPASSWD:ALL");
        assertThat(root.get("lock_passwd").asBoolean()).isTrue();
        assertThat(root.get("ssh_authorized_keys").get(0).asString()).isEqualTo(key);
        assertThat(doc.get("packages").values()).extracting(JsonNode::asString).containsExactly("git", "net-tools", "tcpdump", "vim");
        assertThat(doc.get("package_upgrade").asBoolean()).isTrue();
        assertThat(doc.get("write_files").get(0).get("content").asString()).isEqualTo("edge node\nline two\n");
        assertThat(doc.get("write_files").get(0).get("permissions").asString()).isEqualTo("0644");
        assertThat(doc.get("runcmd").get(0).asString()).isEqualTo("systemctl enable --now sshd");
        assertThat(cloudInit.hasCredentials()).isTrue();
    }

    @Test
    void hashedPassword_unlocksPasswordLogin_andChpasswdUsesTheListForm() {
        CloudInit cloudInit = CloudInit.builder()
                .user(u -> u.name("debian").hashedPassword("$6$salt$hash"))
                .chpasswd("root", "toor").expirePasswords(false)
                .build();

        JsonNode doc = YAML.readTree(cloudInit.renderUserData());

        assertThat(doc.get("users").get(0).get("passwd").asString()).isEqualTo("$6$salt$hash");
        assertThat(doc.get("users").get(0).get("lock_passwd").asBoolean()).isFalse();
        assertThat(doc.get("chpasswd").get("expire").asBoolean()).isFalse();
        assertThat(doc.get("chpasswd").get("list").asString()).isEqualTo("root:toor\n");
    }

    @Test
    void rawUserData_isPassedThroughUnchanged() {
        String raw = "#!/bin/sh\necho hello > /tmp/hello\n";
        assertThat(CloudInit.ofUserData(raw).renderUserData()).isEqualTo(raw);
    }

    @Test
    void packagesOnly_needNoSecret() {
        assertThat(CloudInit.builder().packages("git").build().hasCredentials()).isFalse();
        assertThat(YAML.readTree(CloudInit.builder().build().renderUserData()).isEmpty()).isTrue();
    }

    @Test
    void commandsAndFiles_mayCarrySecrets_soTheyNeedASecret_andStayOutOfToString() {
        CloudInit commands = CloudInit.builder().runcmd("curl -H 'Authorization: Bearer s3cr3t-token' https://ops.local/enrol").build();
        CloudInit files = CloudInit.builder().writeFiles(WriteFile.of("/etc/app/token", "s3cr3t-token")).build();

        assertThat(commands.hasCredentials()).isTrue();
        assertThat(files.hasCredentials()).isTrue();
        assertThat(commands.toString()).doesNotContain("s3cr3t-token");
        assertThat(files.toString()).doesNotContain("s3cr3t-token");
    }

    @Test
    void sshKey_parsesTypeCommentAndFingerprint() {
        SshPublicKey key = SshPublicKey.parse(TestKeys.ed25519("ops@controller"));
        assertThat(key.type()).isEqualTo("ssh-ed25519");
        assertThat(key.comment()).contains("ops@controller");
        assertThat(key.fingerprint()).startsWith("SHA256:").hasSize(50);
        assertThat(key.toString()).doesNotContain(TestKeys.ed25519(null).split(" ")[1]);
        assertThat(List.of(key)).containsExactly(SshPublicKey.parse(TestKeys.ed25519("other comment")));
        assertThat(Map.of(key, 1)).containsKey(SshPublicKey.parse(TestKeys.ed25519(null)));
    }
}
