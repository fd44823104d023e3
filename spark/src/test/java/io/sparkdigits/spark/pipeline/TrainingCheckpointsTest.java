package io.sparkdigits.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.metrics.EpochRecord;
import io.sparkdigits.core.model.NetworkSpec;
import io.sparkdigits.core.model.TrainingSpec;
import io.sparkdigits.core.model.Updater;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/** A run continues from its checkpoint only on the dataset version that the checkpoint was trained on. */
class TrainingCheckpointsTest {
  private static final NetworkSpec NETWORK = new NetworkSpec(List.of(4, 3, 2), Activation.RELU, Updater.ADAM, 0.01,
      1, 1);
  private static final TrainingSpec TRAINING = new TrainingSpec(3, 8, 0, 1, 0);
  private static final List<EpochRecord> ONE_EPOCH = List.of(new EpochRecord(1, 1, 100, 0.5, 0.8, null, null, 0.6, 0.7));

  @TempDir Path dir;

  private TrainingCheckpoints checkpointAfterOneEpoch(String datasetVersion) throws IOException {
    TrainingCheckpoints checkpoints = new TrainingCheckpoints(FileSystem.getLocal(new Configuration()),
        new org.apache.hadoop.fs.Path(dir.toUri()));
    MultiLayerNetwork network = new MultiLayerNetwork(NETWORK.toConfiguration());
    network.init();
    checkpoints.save(network, null, new TrainingCheckpoints.State("digits", datasetVersion, NETWORK, TRAINING,
        ONE_EPOCH));
    return checkpoints;
  }

  @Test
  void aCheckpointOfAnotherDatasetVersionIsRefusedNamingBoth() throws IOException {
    TrainingCheckpoints checkpoints = checkpointAfterOneEpoch("20261126-101500-aaaaaa");

    assertThat(checkpoints.latest("digits", "20261126-101500-aaaaaa", NETWORK, TRAINING).orElseThrow()
        .state().epochs()).as("the same version continues").isEqualTo(ONE_EPOCH);
    assertThatThrownBy(() -> checkpoints.latest("digits", "20261126-113000-bbbbbb", NETWORK, TRAINING))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("version 20261126-101500-aaaaaa of dataset 'digits'")
        .hasMessageContaining("not on version 20261126-113000-bbbbbb")
        .hasMessageContaining("give a new run id");
  }

  @Test
  void aCheckpointWrittenBeforeVersionsWereRecordedStillContinues() throws IOException {
    TrainingCheckpoints checkpoints = checkpointAfterOneEpoch("v1");
    // the state file as earlier releases wrote it: no datasetVersion
    try (var states = Files.walk(dir)) {
      Path state = states.filter(path -> path.getFileName().toString().equals("state.json")).findFirst().orElseThrow();
      String json = Files.readString(state, StandardCharsets.UTF_8)
          .replaceAll("\"datasetVersion\"\\s*:\\s*\"v1\"\\s*,", "");
      assertThat(json).doesNotContain("datasetVersion").contains("\"epochs\"");
      Files.writeString(state, json, StandardCharsets.UTF_8);
      // Hadoop's local filesystem checks a file against its checksum file, which no longer matches
      Files.deleteIfExists(state.resolveSibling(".state.json.crc"));
    }

    TrainingCheckpoints.Saved saved = checkpoints.latest("digits", "v2", NETWORK, TRAINING).orElseThrow();
    assertThat(saved.state().datasetVersion()).isNull();
    assertThat(saved.state().epochs()).isEqualTo(ONE_EPOCH);
  }
}
