package io.sparkdigits.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.spark.pipeline.SweepStage;
import io.sparkdigits.jobs.SweepJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** A sweep's candidates from a grid, over the sweep's own options. */
class SweepCandidatesTest {
  @TempDir Path dir;

  /** The sweep's options as its command line {@code args} leaves them, over the bundled defaults. */
  private static CommandSpec sweep(String... args) {
    CommandLine commandLine = new CommandLine(new SweepJob()).setCaseInsensitiveEnumValuesAllowed(true)
        .setDefaultValueProvider(Defaults.bundled());
    commandLine.parseArgs(args);
    return commandLine.getCommandSpec();
  }

  @Test
  void aGridIsEveryCombinationOfItsValuesOverTheSweepsOwnOptions() {
    List<SweepStage.Candidate> candidates = SweepCandidates.fromGrid("--grid",
        List.of("layers=784-128-10,784-256-10", "--learning-rate=0.001, 0.004"), sweep("--epochs", "2", "--seed", "7"));

    assertThat(candidates).extracting(SweepStage.Candidate::name).containsExactly(
        "layers=784-128-10 learning-rate=0.001", "layers=784-128-10 learning-rate=0.004",
        "layers=784-256-10 learning-rate=0.001", "layers=784-256-10 learning-rate=0.004");
    assertThat(candidates.get(1).options()).isEqualTo("--layers=784-128-10 --learning-rate=0.004");
    assertThat(candidates).extracting(c -> c.network().learningRate()).containsExactly(0.001, 0.004, 0.001, 0.004);
    assertThat(candidates).extracting(c -> c.network().toString().split(" ")[0])
        .containsExactly("784-128-10", "784-128-10", "784-256-10", "784-256-10");
    assertThat(candidates).as("the sweep's own options, where the grid says nothing")
        .allSatisfy(c -> {
          assertThat(c.training().epochs()).isEqualTo(2);
          assertThat(c.network().seed()).isEqualTo(7);
          assertThat(c.training().batchSizePerWorker()).as("the bundled default").isEqualTo(64);
        });
  }

  @Test
  void aGridValueThatIsNoOptionsValueNamesItsCandidate() {
    assertThatThrownBy(() -> SweepCandidates.fromGrid("--grid", List.of("learning-rate=0.001,fast"), sweep()))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--grid: candidate 'learning-rate=fast': ");
    assertThatThrownBy(() -> SweepCandidates.fromGrid("--grid", List.of("learnig-rate=0.001"), sweep()))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--grid: candidate 'learnig-rate=0.001': Unknown option: '--learnig-rate=0.001'");
    assertThatThrownBy(() -> SweepCandidates.fromGrid("--grid", List.of("layers"), sweep()))
        .isInstanceOf(UsageException.class)
        .hasMessage("--grid layers: write it OPTION=VALUE,VALUE,... such as learning-rate=0.001,0.004");
  }

  @Test
  void aCandidatesFileThatIsNotOneSaysWhereAndWhatInTheFilesOwnTerms() throws Exception {
    String[][] files = {
        {"{\"candidates\": [{\"nam\": \"a\"}]}", "line 1, column 29: unknown key candidates[0].nam (known: name, options)"},
        {"{\"candidates\": [\"a\"]}", "line 1, column 17: candidates[0]: expected an object"},
        {"{\"candidates\": 5}", "line 1, column 16: candidates: expected a list"},
        {"{\"candidates\": [{\"name\": \"a\"", "line 1, column 29: Unexpected end-of-input: expected close marker "
            + "for Object (start marker at [line: 1, column: 17])"}};
    for (String[] file : files) {
      Path path = Files.writeString(dir.resolve("candidates.json"), file[0]);
      Files.deleteIfExists(dir.resolve(".candidates.json.crc"));
      assertThatThrownBy(() -> SweepCandidates.fromFile("--candidates", path.toString(), sweep(), new Configuration()))
          .as(file[0]).isInstanceOf(UsageException.class)
          .hasMessage("--candidates " + path + ": not a candidates file ({\"candidates\": [{\"name\": ..., "
              + "\"options\": ...}]}): " + file[1]);
    }
  }
}
