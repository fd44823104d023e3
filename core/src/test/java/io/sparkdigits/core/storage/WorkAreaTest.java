package io.sparkdigits.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which work in progress the next job removes: what dead processes left, and what nobody touched for long. */
class WorkAreaTest {
  private static final Duration SILENT_FOR = Duration.ofHours(24);
  private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(2));

  @TempDir Path dir;
  private Path folder;
  private WorkArea area;

  @BeforeEach
  void area() throws IOException {
    folder = dir.resolve("_staging");
    area = new WorkArea(FileSystem.getLocal(new Configuration()), new org.apache.hadoop.fs.Path(folder.toUri()));
  }

  @Test
  void whatAnEndedProcessOfThisHostLeftGoesAndWhatALiveOneWorksOnStays() throws Exception {
    area.claim("killed", endedProcess());
    entry("killed");
    area.claim("running", ProcessOwner.current("running"));
    entry("running");
    age("running");

    area.removeAbandoned(SILENT_FOR);

    assertThat(folder.resolve("killed")).as("the ended process's run").doesNotExist();
    assertThat(folder.resolve("_killed.owner.json")).as("its claim").doesNotExist();
    assertThat(folder.resolve("running")).as("a live process's run, however long untouched").isDirectory();
    assertThat(folder.resolve("_running.owner.json")).exists();
  }

  @Test
  void aRunThatAnotherProcessContinuesUnderItsIdIsItsToKeep() throws Exception {
    area.claim("resumed", endedProcess());
    entry("resumed");
    area.claim("resumed", ProcessOwner.current("resumed"));

    area.removeAbandoned(SILENT_FOR);

    assertThat(folder.resolve("resumed")).isDirectory();
  }

  @Test
  void whatNobodyCanBeAskedAboutGoesOnlyOnceSilentLongerThanTheLimit() throws Exception {
    entry("unclaimed-recent");
    entry("unclaimed-old");
    age("unclaimed-old");
    entry("old-but-one-file-recent");
    age("old-but-one-file-recent");
    Files.writeString(folder.resolve("old-but-one-file-recent/checkpoint-0002/model.zip"), "newer");
    ProcessOwner elsewhere = new ProcessOwner("elsewhere", "another-host", 1, "2026-11-25T00:00:00Z");
    area.claim("other-host-recent", elsewhere);
    entry("other-host-recent");
    area.claim("other-host-old", elsewhere);
    entry("other-host-old");
    age("other-host-old");
    area.claim("released", ProcessOwner.current("released"));
    entry("released");
    area.release("released");

    area.removeAbandoned(SILENT_FOR);

    assertThat(names()).containsExactlyInAnyOrder("unclaimed-recent", "old-but-one-file-recent",
        "other-host-recent", "_other-host-recent.owner.json", "released");
  }

  @Test
  void aClaimWhoseEntryIsGoneIsDroppedOnceItsOwnerEnded() throws Exception {
    area.claim("published", endedProcess());
    area.claim("starting", ProcessOwner.current("starting"));

    area.removeAbandoned(SILENT_FOR);

    assertThat(names()).containsExactly("_starting.owner.json");
  }

  /** A staged run as training leaves it: a checkpoint directory with a file. */
  private void entry(String name) throws IOException {
    Path checkpoint = Files.createDirectories(folder.resolve(name).resolve("checkpoint-0002"));
    Files.writeString(checkpoint.resolve("model.zip"), "weights");
  }

  /** Makes the entry, everything in it and its claim look untouched for two days. */
  private void age(String name) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(folder.resolve(name))) {
      paths = walk.toList();
    }
    for (Path path : paths) {
      Files.setLastModifiedTime(path, FileTime.from(LONG_AGO));
    }
    Path claim = folder.resolve("_" + name + ".owner.json");
    if (Files.exists(claim)) {
      Files.setLastModifiedTime(claim, FileTime.from(LONG_AGO));
    }
  }

  private List<String> names() throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.map(path -> path.getFileName().toString()).filter(name -> !name.startsWith(".")).toList();
    }
  }

  /** The owner record of a process of this host that has ended. */
  private static ProcessOwner endedProcess() throws Exception {
    Process process = new ProcessBuilder("sleep", "60").start();
    ProcessOwner owner = new ProcessOwner("killed", ProcessOwner.current("test").host(), process.pid(),
        process.toHandle().info().startInstant().orElseThrow().toString());
    process.destroyForcibly().waitFor();
    return owner;
  }
}
