package dev.edgevm.embedded.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandAllowlistTest {

  @Test
  void defaults_allowQemuImgAndFileUtilities_byNameOrPath() {
    CommandAllowlist allowlist = CommandAllowlist.defaults();

    assertThat(allowlist.refusal("qemu-img")).isEmpty();
    assertThat(allowlist.refusal("/usr/bin/qemu-img")).isEmpty();
    assertThat(allowlist.refusal("rm")).isEmpty();
    assertThat(allowlist.refusal("curl")).get().asString().contains("not an allowed command", "qemu-img");
  }

  @Test
  void shells_areRefusedWithAReasonThatSaysSo() {
    assertThat(CommandAllowlist.defaults().refusal("/bin/sh")).get().asString()
        .contains("never run through a shell");
  }

  @Test
  void extraCommands_areAdded_butNeverShellsOrPaths() {
    assertThat(CommandAllowlist.withExtra(Set.of("md5sum")).refusal("md5sum")).isEmpty();
    assertThatThrownBy(() -> CommandAllowlist.withExtra(Set.of("bash"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shell");
    assertThatThrownBy(() -> CommandAllowlist.withExtra(Set.of("/usr/bin/md5sum")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain file name");
  }
}
