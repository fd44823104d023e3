package io.sparkdigits.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkdigits.core.json.Json;
import io.sparkdigits.core.testing.DatasetFolders;
import io.sparkdigits.core.testing.SyntheticDigits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs sharing one storage root, each in a JVM of its own as a scheduler starts them: two first
 * runs at once, and runs killed with SIGKILL, whose leftovers the next run removes.
 */
class SharedRootTest {
  @TempDir static Path dir;
  private static Path small;
  private static Path large;
  private final List<Process> started = new ArrayList<>();

  @BeforeAll
  static void writeInput() {
    small = dir.resolve("small");
    new SyntheticDigits(3_000, 28, 28, 10, 21).writeMnistFiles(small, "train", true);
    new SyntheticDigits(500, 28, 28, 10, 22).writeMnistFiles(small, "t10k", true);
    // raw and large enough that Spark takes seconds to write it, so that the ingest can be killed mid-write
    large = dir.resolve("large");
    new SyntheticDigits(40_000, 28, 28, 10, 23).writeMnistFiles(large, "train", false);
    new SyntheticDigits(500, 28, 28, 10, 24).writeMnistFiles(large, "t10k", false);
  }

  @Test
  void twoFirstRunsAtOnceOnANewRootBothPublishOnOneVersionOfTheData() throws Exception {
    Path warehouse = dir.resolve("concurrent");
    List<Process> runs = new ArrayList<>();
    List<Path> logs = List.of(dir.resolve("concurrent-1.log"), dir.resolve("concurrent-2.log"));
    for (Path log : logs) {
      runs.add(start(PipelineJob.class, log, pipeline(warehouse, "1")));
    }
    StringBuilder output = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      // both share the machine's cores: give them the time of two runs
      boolean ended = runs.get(i).waitFor(2 * JobProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      String log = Files.readString(logs.get(i));
      assertThat(ended).as("run %d ends: %s", i + 1, log).isTrue();
      assertThat(runs.get(i).exitValue()).as("run %d: %s", i + 1, log).isZero();
      output.append(log);
    }

    String version = DatasetFolders.current(warehouse, "mnist").getFileName().toString();
    assertThat(DatasetFolders.versionLog(warehouse, "mnist")).as("one version of the one content").hasSize(1);
    assertThat(count(output, "Version \\S+ of dataset mnist is current")).as("made current once: %s", output)
        .isEqualTo(1);
    assertThat(names(warehouse.resolve("datasets/mnist"))).containsExactlyInAnyOrder("_versions", version);
    List<Path> published = list(warehouse.resolve("models/digits/runs"));
    assertThat(published).hasSize(2);
    for (Path run : published) {
      JsonNode metrics = Json.mapper().readTree(run.resolve("metrics.json").toFile());
      assertThat(metrics.at("/data/version").asText()).as("the version %s trained on", run).isEqualTo(version);
    }
    assertThat(names(warehouse.resolve("_staging"))).as("nothing left in staging").isEmpty();
    assertThat(names(warehouse.resolve("_tmp"))).as("no scratch files left").isEmpty();
  }

  @Test
  void whatRunsKilledMidIngestAndMidTrainingLeftIsRemovedByTheNextRun() throws Exception {
    Path warehouse = dir.resolve("killed");

    Process ingest = start(IngestJob.class, dir.resolve("killed-ingest.log"),
        List.of("--data", large.toString(), "--out", warehouse.toString()));
    Path scratch = warehouse.resolve("_tmp");
    assertThat(waitForScratchWrite(ingest, scratch)).as("the ingest writes to scratch space").isTrue();
    JobProcess.kill(ingest);
    List<String> leftByIngest = names(scratch);
    assertThat(leftByIngest).as("what the killed ingest left").hasSize(2)
        .anyMatch(name -> name.startsWith("dataset-mnist-")).anyMatch(name -> name.endsWith(".owner.json"));
    assertThat(DatasetFolders.versionLog(warehouse, "mnist")).as("no version became current").isEmpty();

    Path pipelineLog = dir.resolve("killed-pipeline.log");
    Process pipeline = start(PipelineJob.class, pipelineLog, pipeline(warehouse, "4"));
    assertThat(JobProcess.waitFor(pipeline, pipelineLog, "Epoch 2/4")).as(Files.readString(pipelineLog)).isTrue();
    JobProcess.kill(pipeline);
    String removedScratch = Files.readString(pipelineLog);
    String scratchEntry = leftByIngest.stream().filter(name -> name.startsWith("dataset-")).findFirst().orElseThrow();
    assertThat(removedScratch).as("the next run removed the ingest's scratch directory, and said so")
        .containsPattern("Removed \\S+/_tmp/" + scratchEntry + ", left by a run that did not finish: its owner, .* has ended");
    List<Path> staged = list(warehouse.resolve("_staging")).stream().filter(Files::isDirectory).toList();
    assertThat(staged).as("the killed pipeline's staged run").hasSize(1);
    assertThat(names(staged.get(0))).as("its checkpoint").anyMatch(name -> name.startsWith("checkpoint-"));
    assertThat(warehouse.resolve("_staging/_" + staged.get(0).getFileName() + ".owner.json")).as("its claim").exists();

    Path nextLog = dir.resolve("killed-next.log");
    Process next = start(IngestJob.class, nextLog, List.of("--data", small.toString(), "--out",
        warehouse.toString()));
    assertThat(next.waitFor(JobProcess.TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(nextLog);
    assertThat(next.exitValue()).as(output).isZero();
    assertThat(output).as("the next run removed the staged run, and said so")
        .containsPattern("Removed \\S+/_staging/" + staged.get(0).getFileName() + ", left by a run that did not "
            + "finish: its owner, run " + staged.get(0).getFileName() + " .* has ended");
    assertThat(names(warehouse.resolve("_staging"))).as("nothing left in staging").isEmpty();
    assertThat(names(warehouse.resolve("_tmp"))).as("nothing left in scratch space").isEmpty();
  }

  private Process start(Class<?> job, Path log, List<String> args) throws IOException {
    Process process = JobProcess.start(job, log, args);
    started.add(process);
    return process;
  }

  /** No process of a test outlives it, whatever it asserted. */
  @AfterEach
  void killWhatIsLeft() throws InterruptedException {
    for (Process process : started) {
      JobProcess.kill(process);
    }
  }

  private static List<String> pipeline(Path warehouse, String epochs) {
    return List.of("--data", small.toString(), "--out", warehouse.toString(), "--layers", "784-32-10",
        "--epochs", epochs);
  }

  /** Waits until the ingest's Spark job has begun writing in scratch space; false when the process ended first. */
  private static boolean waitForScratchWrite(Process process, Path scratch) throws Exception {
    while (process.isAlive()) {
      try (Stream<Path> entries = Files.exists(scratch) ? Files.list(scratch) : Stream.empty()) {
        if (entries.anyMatch(entry -> Files.isDirectory(entry.resolve("_temporary")))) {
          return true;
        }
      }
      Thread.sleep(10);
    }
    return false;
  }

  private static long count(CharSequence text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    long found = 0;
    while (matcher.find()) {
      found++;
    }
    return found;
  }

  /** The names in {@code folder}, but for the checksums Hadoop's local filesystem writes beside files. */
  private static List<String> names(Path folder) throws IOException {
    return list(folder).stream().map(path -> path.getFileName().toString())
        .filter(name -> !name.endsWith(".crc")).toList();
  }

  private static List<Path> list(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.sorted().toList();
    }
  }
}
