package io.sparkdigits.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How what is being written is named before its commit, and what is left of it after. */
class ScratchTest {
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  @TempDir Path dir;

  @Test
  void aWriteBesideItsTargetIsHiddenFromReadersAndUniqueToTheWrite() {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("/root/runs/r1/model.zip");
    org.apache.hadoop.fs.Path temp = Scratch.beside(target);
    assertThat(temp.getParent()).isEqualTo(target.getParent());
    assertThat(temp.getName()).matches("\\.model\\.zip\\." + UUID + "\\.tmp");
    assertThat(HadoopFiles.VISIBLE.accept(temp)).as("seen by a reader listing the folder").isFalse();
    assertThat(Scratch.beside(target)).as("another write's").isNotEqualTo(temp);
  }

  @Test
  void aScratchDirectoryIsClaimedInTheRootsScratchAreaAndLeavesNothingOnceClosed() throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    StorageLayout layout = StorageLayout.at(dir.toString(), fs.getConf());
    Path scratchArea = dir.resolve("_tmp");
    String name;
    try (Scratch scratch = Scratch.claim(fs, layout, "sweep-s1", ProcessOwner.current("s1"))) {
      name = scratch.path().getName();
      assertThat(scratch.path().getParent()).isEqualTo(layout.scratch());
      assertThat(name).matches("sweep-s1-" + UUID);
      assertThat(scratchArea.resolve("_" + name + ".owner.json")).as("its claim, for the next job to ask")
          .content().contains("\"runId\" : \"s1\"");
      Files.createDirectories(scratchArea.resolve(name));
      Files.writeString(scratchArea.resolve(name).resolve("part"), "written");
    }
    assertThat(scratchArea.resolve(name)).doesNotExist();
    try (var left = Files.list(scratchArea)) {
      assertThat(left).as("left in the scratch area").isEmpty();
    }
  }
}
