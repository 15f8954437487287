package dev.edgevm.embedded.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerFilesystemTest {

  @TempDir
  Path machine;
  private Path node;
  private Path rootfs;
  private Path vol3;
  private Path vol4;
  private ContainerFilesystem filesystem;

  @BeforeEach
  void layOut() throws Exception {
    node = machine.resolve("cluster/nodes/node01");
    rootfs = machine.resolve("cluster/pods/p/c/rootfs");
    vol3 = Files.createDirectories(node.resolve("var/vd/vol3"));
    vol4 = Files.createDirectories(node.resolve("var/vd/vol4"));
    filesystem = new ContainerFilesystem(List.of(
        new ContainerFilesystem.Mount("/data", vol3),
        new ContainerFilesystem.Mount("/data/snapshots", vol4)), rootfs);
  }

  private List<String> mapped(String workingDirectory, String... arguments) throws PathNotAllowedException {
    return filesystem.mapArguments(List.of(arguments), workingDirectory).arguments();
  }

  @Test
  void mountedPaths_mapIntoTheNodesDirectories_longestMountFirst() {
    assertThat(filesystem.map("/data/disk.img")).isEqualTo(vol3.resolve("disk.img"));
    assertThat(filesystem.map("/data")).isEqualTo(vol3);
    assertThat(filesystem.map("/data/snapshots/a.qcow2")).isEqualTo(vol4.resolve("a.qcow2"));
    assertThat(filesystem.map("/database/x")).isEqualTo(rootfs.resolve("database/x"));
  }

  @Test
  void otherPaths_stayInTheContainersOwnDirectory() {
    assertThat(filesystem.map("/tmp/work")).isEqualTo(rootfs.resolve("tmp/work"));
    assertThat(filesystem.map("/etc/../etc/passwd")).isEqualTo(rootfs.resolve("etc/passwd"));
  }

  @Test
  void pathsClimbingOutOfAVolume_endInTheContainersOwnDirectory_asInAContainer() {
    assertThat(filesystem.map("/data/../../etc/passwd")).isEqualTo(rootfs.resolve("etc/passwd"));
    assertThat(filesystem.map("/../../etc")).isEqualTo(rootfs.resolve("etc"));
  }

  @Test
  void relativePaths_areNotContainerPaths() {
    assertThatThrownBy(() -> filesystem.map("data/disk.img")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arguments_mapWholePathsAndKeyValuePaths_andLeaveTheRest() throws Exception {
    assertThat(mapped("/", "convert", "-f", "raw", "-O", "qcow2", "/data/disk.img",
        "/data/snapshots/s.qcow2", "if=/data/disk.img", "--output=/data/x", "bs=1M", "relative.img"))
        .containsExactly("convert", "-f", "raw", "-O", "qcow2", vol3.resolve("disk.img").toString(),
            vol4.resolve("s.qcow2").toString(), "if=" + vol3.resolve("disk.img"),
            "--output=" + vol3.resolve("x"), "bs=1M", "relative.img");
  }

  @Test
  void relativePaths_resolveFromTheWorkingDirectory_asInTheContainer() throws Exception {
    assertThat(mapped("/data", "snapshots/s.qcow2", "of=./disk.img", "..", "../data/x"))
        .containsExactly(vol4.resolve("s.qcow2").toString(), "of=" + vol3.resolve("disk.img"),
            rootfs.toString(), vol3.resolve("x").toString());
  }

  @Test
  void relativeEscapes_climbNoHigherThanTheContainersRoot() throws Exception {
    assertThat(mapped("/", "-rf", "../../../../../../../home/x", "of=../../../etc/y", "if=/data/../../../../z"))
        .containsExactly("-rf", rootfs.resolve("home/x").toString(), "of=" + rootfs.resolve("etc/y"),
            "if=" + rootfs.resolve("z"));
  }

  @Test
  void aSymbolicLinkInAVolumePointingOutside_isRefused_whetherNamedByPathOrByName() throws Exception {
    Path outside = Files.createDirectories(machine.resolve("outside"));
    Files.createSymbolicLink(vol3.resolve("escape"), outside);
    Files.createSymbolicLink(vol3.resolve("dangling"), outside.resolve("new-file"));

    for (List<String> arguments : List.of(List.of("/data/escape/passwd"), List.of("if=/data/escape"),
        List.of("../data/escape"), List.of("of=/data/dangling"))) {
      assertThatThrownBy(() -> filesystem.mapArguments(arguments, "/"))
          .isInstanceOf(PathNotAllowedException.class).hasMessageContaining("symbolic link");
    }
    assertThatThrownBy(() -> filesystem.mapArguments(List.of("escape"), "/data"))
        .isInstanceOf(PathNotAllowedException.class).hasMessageContaining("\"escape\"");
    assertThatThrownBy(() -> filesystem.workingDirectory("/data/escape"))
        .isInstanceOf(PathNotAllowedException.class);
  }

  @Test
  void symbolicLinksStayingInside_areFollowed() throws Exception {
    Files.createSymbolicLink(vol3.resolve("current"), Path.of("../vol4"));
    Files.createSymbolicLink(vol3.resolve("same"), Path.of("disk.img"));

    assertThat(mapped("/", "/data/current/s.qcow2", "/data/same")).hasSize(2);
  }

  @Test
  void protocolsAndPathsAmongOptions_areRefused() {
    for (String argument : List.of("json:{\"file.filename\":\"/etc/passwd\"}", "nbd://127.0.0.1:10809",
        "file:/etc/passwd", "size=1G,backing_file=/etc/passwd", "if=file:x")) {
      assertThatThrownBy(() -> filesystem.mapArguments(List.of("info", argument), "/"))
          .as(argument).isInstanceOf(PathNotAllowedException.class);
    }
  }
}
