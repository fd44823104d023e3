package io.sparkdigits.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkdigits.core.UsageException;
import io.sparkdigits.core.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage layout refuses a name that is not one path segment, whoever passes it. */
class StorageNameTest {
  private static final List<String> NOT_NAMES =
      List.of("..", ".", "", "../evil", "/abs", ".hidden", "_tmp", "-x", "a/b", "a\\b", "hdfs://x/y", "a b", "x".repeat(129));

  @TempDir Path dir;

  @Test
  void theNamesTheProjectMakesAreNames() {
    assertThat(StorageName.isValid(StorageLayout.newId())).isTrue();
    assertThat(List.of("20261201-000000-aaaaaa", "digits", "mnist-aug9", "Model_2.v1", "x".repeat(128)))
        .allMatch(StorageName::isValid);
    assertThat(NOT_NAMES).noneMatch(StorageName::isValid);
    assertThat(StorageName.isValid(null)).isFalse();
  }

  @Test
  void everyPathOfANameRefusesOneThatIsNot() throws Exception {
    Configuration conf = new Configuration();
    StorageLayout layout = StorageLayout.at(dir.resolve("root").toString(), conf);
    FileSystem fs = FileSystem.getLocal(conf);
    List<Consumer<String>> paths = List.of(layout::model, layout::dataset, layout::run, layout::staging,
        layout::predictions, layout::forModel, name -> layout.datasetVersion("mnist", name),
        name -> layout.decision("digits", name), name -> layout.sweep("digits", name),
        name -> new ModelRegistry(fs, layout, name));
    for (String notAName : NOT_NAMES) {
      for (Consumer<String> path : paths) {
        assertThatThrownBy(() -> path.accept(notAName)).isInstanceOf(UsageException.class)
            .hasMessageContaining("'" + notAName + "' is not a name");
      }
    }
    assertThat(dir.resolve("root")).doesNotExist();
  }

  @Test
  void aFolderAmongTheRunsWhoseNameIsNoRunIdIsNoRun() throws Exception {
    Configuration conf = new Configuration();
    StorageLayout layout = StorageLayout.at(dir.toString(), conf);
    Path runs = dir.resolve("models/digits/runs");
    Files.createDirectories(runs.resolve("20261201-000000-aaaaaa"));
    Files.createDirectories(runs.resolve("notes by hand"));
    ModelRegistry registry = new ModelRegistry(FileSystem.getLocal(conf), layout, "digits");
    assertThat(registry.runs()).extracting(ModelRegistry.RunSummary::runId).containsExactly("20261201-000000-aaaaaa");
  }
}
